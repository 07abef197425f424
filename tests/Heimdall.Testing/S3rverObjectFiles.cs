using NUnit.Framework;

namespace Heimdall.Testing;

/// <summary>
/// The files in which the local s3rver keeps one object (<c>{data}/{bucket}/{key}._S3rver_object</c>, its
/// <c>._S3rver_metadata.json</c> and <c>.md5</c>; HEIMDALL_TEST_S3RVER_DATA, printed by deploy/local/stack.sh env when
/// the flavour is s3rver), damaged the ways a crash or a full disk leaves them, so that the server fails on that object
/// alone while it serves every other request. Elsewhere (MinIO, Testcontainers) the tests that need it are ignored,
/// saying why.
/// </summary>
public sealed class S3rverObjectFiles
{
    private readonly string _metadata;

    private S3rverObjectFiles(string metadata) => _metadata = metadata;

    /// <summary>The object's files; the test is ignored where the local s3rver's data directory is not known.</summary>
    public static S3rverObjectFiles Of(string bucket, string key)
    {
        var data = Environment.GetEnvironmentVariable("HEIMDALL_TEST_S3RVER_DATA");
        if (string.IsNullOrEmpty(data) || !Directory.Exists(data))
        {
            Assert.Ignore("Needs the local s3rver's data directory (HEIMDALL_TEST_S3RVER_DATA, printed by deploy/local/stack.sh env when the S3 flavour is s3rver) to damage one object's stored files.");
        }

        return new S3rverObjectFiles(Path.Combine(data!, bucket, key + "._S3rver_metadata.json"));
    }

    /// <summary>
    /// Cuts the object's metadata file in half, as a crash in the middle of writing it (ENOSPC) leaves it: every GET and
    /// HEAD of the object, and every listing of its bucket, answers 500 (s3rver cannot parse it); a PUT writes it anew.
    /// </summary>
    public void HalfWriteMetadata()
    {
        var bytes = File.ReadAllBytes(_metadata);
        File.WriteAllBytes(_metadata, bytes[..(bytes.Length / 2)]);
    }

    /// <summary>
    /// Puts a directory where the object's metadata file goes: every GET, HEAD and PUT of the object answers 500
    /// (EISDIR), for ever, while the rest of the store works. <see cref="Repair"/> undoes it.
    /// </summary>
    public void MakeUnwritable()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_metadata)!);
        if (File.Exists(_metadata))
        {
            File.Delete(_metadata);
        }

        Directory.CreateDirectory(_metadata);
    }

    /// <summary>Removes what <see cref="MakeUnwritable"/> put there.</summary>
    public void Repair()
    {
        if (Directory.Exists(_metadata))
        {
            Directory.Delete(_metadata, recursive: true);
        }
    }
}
