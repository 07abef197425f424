namespace Heimdall.Receivers;

/// <summary>
/// A server's spectrum during a capture: its FFT lines (levels in dB on the server's scale, bins ascending from
/// centre − rate/2) and its S-meter readings (linear power in the demodulator's passband), each with its arrival.
/// </summary>
public sealed record SpectrumFrames
{
    public required double CenterFrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public required int FftSize { get; init; }

    /// <summary>The FFT's window on the server (<c>hamming</c> for OpenWebRX's csdr).</summary>
    public required string Window { get; init; }

    /// <summary>Added to 10·log10(|X|²) by the server (csdr: −70 dB), so that |X|² = 10^((level − offset)/10).</summary>
    public required double LevelOffsetDb { get; init; }

    /// <summary>How the lines were coded: <c>adpcm</c> (hundredths of a dB) or <c>none</c> (float32).</summary>
    public required string Compression { get; init; }

    public required IReadOnlyList<SpectrumLine> Lines { get; init; }

    public required IReadOnlyList<SMeterReading> SMeter { get; init; }
}

/// <summary>One FFT line as it arrived.</summary>
public sealed record SpectrumLine(DateTimeOffset ArrivalUtc, float[] LevelsDb);

/// <summary>One S-meter reading: linear power in the demodulator's passband (full scale 1), as it arrived.</summary>
public sealed record SMeterReading(DateTimeOffset ArrivalUtc, double Power);
