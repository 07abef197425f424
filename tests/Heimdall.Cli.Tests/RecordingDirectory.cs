namespace Heimdall.Cli.Tests;

/// <summary>A fresh temporary directory of SigMF recordings (meta + data), deleted at dispose.</summary>
internal sealed class RecordingDirectory : IDisposable
{
    public RecordingDirectory()
    {
        Path = Directory.CreateTempSubdirectory("heimdall-analyze-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Metadata JSON with the given raw JSON values; null leaves a key out; <paramref name="extraGlobal"/> adds "key": value pairs.</summary>
    public static string Meta(string? datatype = "\"ci16_le\"", string? sampleRate = "12000", string? frequency = "145500000", string? extraGlobal = null)
    {
        var global = new List<string> { "\"core:version\": \"1.2.5\"" };
        if (extraGlobal is not null)
        {
            global.Add(extraGlobal);
        }

        if (datatype is not null)
        {
            global.Add($"\"core:datatype\": {datatype}");
        }

        if (sampleRate is not null)
        {
            global.Add($"\"core:sample_rate\": {sampleRate}");
        }

        var capture = frequency is null ? "\"core:sample_start\": 0" : $"\"core:sample_start\": 0, \"core:frequency\": {frequency}";
        return $$"""
            {
              "global": { {{string.Join(", ", global)}} },
              "captures": [ { {{capture}} } ],
              "annotations": []
            }
            """;
    }

    /// <summary>Writes <c>name.sigmf-meta</c> (when <paramref name="meta"/> is given) and <c>name.sigmf-data</c> (when <paramref name="data"/> is given); returns the base path.</summary>
    public string Write(string name, string? meta, byte[]? data)
    {
        var basePath = System.IO.Path.Combine(Path, name);
        if (meta is not null)
        {
            File.WriteAllText(basePath + ".sigmf-meta", meta);
        }

        if (data is not null)
        {
            File.WriteAllBytes(basePath + ".sigmf-data", data);
        }

        return basePath;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
