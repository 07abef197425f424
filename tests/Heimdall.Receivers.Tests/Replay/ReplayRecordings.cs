using System.Buffers.Binary;
using System.Numerics;
using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers.Tests.Replay;

/// <summary>SigMF recordings written for the replay tests: a tone in noise in a datatype, with capture segments and times.</summary>
internal static class ReplayRecordings
{
    public const double RateHz = 48_000;
    public const double FrequencyHz = 433_920_000;
    public const int SampleCount = 48_000;
    public static readonly DateTimeOffset Recorded = new(2026, 11, 28, 18, 30, 0, TimeSpan.Zero);

    public static string Meta(string datatype = "ci16_le", double rateHz = RateHz, string extraGlobal = "", string? captures = null, int? receiverId = null) => $$"""
        {
          "global": { "core:version": "1.2.0", "core:datatype": "{{datatype}}", "core:sample_rate": {{rateHz.ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{extraGlobal}}{{(receiverId is { } id ? $", \"heimdall:receiver_id\": {id}" : "")}} },
          "captures": [ {{captures ?? """{ "core:sample_start": 0, "core:frequency": 433920000, "core:datetime": "2026-11-28T18:30:00.000000Z" }, { "core:sample_start": 24000, "core:frequency": 433920000, "core:datetime": "2026-11-28T18:30:00.500001234Z" }"""}} ],
          "annotations": []
        }
        """;

    /// <summary>A tone at +1500 Hz in noise, encoded as <paramref name="datatype"/>; <paramref name="seed"/> varies the noise.</summary>
    public static byte[] Data(string datatype, int sampleCount = SampleCount, int seed = 1)
    {
        var random = new Random(seed);
        var bytesPerSample = datatype switch { "ci16_le" => 4, "cu8" => 2, "cf32_le" => 8, _ => throw new ArgumentOutOfRangeException(nameof(datatype)) };
        var data = new byte[sampleCount * bytesPerSample];
        for (var n = 0; n < sampleCount; n++)
        {
            var x = Complex.FromPolarCoordinates(0.1, 2 * Math.PI * 1500 * n / RateHz) + new Complex(0.01 * (random.NextDouble() - 0.5), 0.01 * (random.NextDouble() - 0.5));
            switch (datatype)
            {
                case "ci16_le":
                    BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(n * 4), (short)Math.Round(x.Real * 32767));
                    BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((n * 4) + 2), (short)Math.Round(x.Imaginary * 32767));
                    break;
                case "cu8":
                    data[n * 2] = (byte)Math.Round(127.5 + (x.Real * 127.5));
                    data[(n * 2) + 1] = (byte)Math.Round(127.5 + (x.Imaginary * 127.5));
                    break;
                default:
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(n * 8), (float)x.Real);
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan((n * 8) + 4), (float)x.Imaginary);
                    break;
            }
        }

        return data;
    }

    public static Receiver Receiver(string url, string settings = """{"speed": "full"}""", double rateHz = RateHz) => new()
    {
        ReceiverId = 31, Name = "Replay", Kind = "file", Url = url, Latitude = 45, Longitude = 7.6, MinFrequencyHz = 400e6, MaxFrequencyHz = 470e6,
        SampleRateHz = rateHz, TimeoutSeconds = 10, RetryCount = 0, Enabled = true, Settings = settings,
    };

    public static CaptureRequest Request(long sampleCount = 12_000, double rateHz = RateHz, double frequencyHz = FrequencyHz, DateTimeOffset? startAtUtc = null) =>
        new(Guid.NewGuid(), frequencyHz, rateHz, sampleCount, startAtUtc ?? DateTimeOffset.UtcNow);
}

/// <summary>A temporary folder of recordings, deleted at dispose.</summary>
internal sealed class RecordingFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("heimdall-replay-tests-").FullName;

    public string Url(string name) => new Uri(System.IO.Path.Combine(Path, name)).AbsoluteUri;

    public string FolderUrl => new Uri(Path + "/").AbsoluteUri;

    /// <summary>Writes <c>name.sigmf-meta</c> and <c>name.sigmf-data</c>; returns the data.</summary>
    public byte[] Write(string name, string meta, byte[] data)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name + ".sigmf-meta"), meta);
        File.WriteAllBytes(System.IO.Path.Combine(Path, name + ".sigmf-data"), data);
        return data;
    }

    public void WriteText(string file, string text) => File.WriteAllText(System.IO.Path.Combine(Path, file), text);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
