using MassTransit;

namespace Heimdall.Contracts;

/// <summary>
/// Additive: a server's spectrum during a capture (OpenWebRX): its FFT lines, as float32 dB on the server's scale
/// (little-endian, line after line, <see cref="FftSize"/> bins each, ascending from centre − rate/2), when each arrived,
/// and its S-meter readings. The IqArchiver stores it beside the recording. Null for receivers that send none.
/// </summary>
public sealed record CapturedSpectrum
{
    public required double CenterFrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public required int FftSize { get; init; }

    /// <summary>The server's FFT window, e.g. <c>hamming</c>.</summary>
    public required string Window { get; init; }

    /// <summary>What the server added to 10·log10(|X|²), dB (csdr: −70).</summary>
    public required double LevelOffsetDb { get; init; }

    /// <summary>How the server coded the lines: <c>adpcm</c> or <c>none</c>.</summary>
    public required string Compression { get; init; }

    /// <summary>When each line arrived (host clock), in line order.</summary>
    public required DateTimeOffset[] LineArrivalsUtc { get; init; }

    /// <summary>The lines: float32 little-endian, line-major; inline below the claim-check threshold.</summary>
    public required MessageData<byte[]> Levels { get; init; }

    /// <summary>The S-meter readings: linear power in the demodulator's passband (full scale 1), with their arrival.</summary>
    public SMeterSample[] SMeter { get; init; } = [];
}

/// <summary>One S-meter reading as it arrived.</summary>
public sealed record SMeterSample
{
    public required DateTimeOffset ArrivalUtc { get; init; }
    public required double Power { get; init; }
}
