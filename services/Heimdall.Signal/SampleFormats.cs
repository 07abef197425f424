using System.Diagnostics.CodeAnalysis;

namespace Heimdall.Signal;

/// <summary>Conversions between <see cref="SampleFormat"/> and SigMF datatype strings, and sample sizes.</summary>
public static class SampleFormats
{
    /// <summary>The SigMF <c>core:datatype</c> string of the format: <c>ci16_le</c>, <c>cu8</c>, <c>cf32_le</c> or <c>ri16_le</c>.</summary>
    public static string ToSigMf(this SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => "ci16_le",
        SampleFormat.Cu8 => "cu8",
        SampleFormat.Cf32Le => "cf32_le",
        SampleFormat.Ri16Le => "ri16_le",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };

    /// <summary>Parses a SigMF <c>core:datatype</c> string (exact, lower case); returns false for anything else, including null.</summary>
    public static bool TryParse([NotNullWhen(true)] string? sigMfDatatype, out SampleFormat format)
    {
        switch (sigMfDatatype)
        {
            case "ci16_le":
                format = SampleFormat.Ci16Le;
                return true;
            case "cu8":
                format = SampleFormat.Cu8;
                return true;
            case "cf32_le":
                format = SampleFormat.Cf32Le;
                return true;
            case "ri16_le":
                format = SampleFormat.Ri16Le;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>True for a format of real samples (<see cref="SampleFormat.Ri16Le"/>): audio, never IQ.</summary>
    public static bool IsReal(this SampleFormat format) => format == SampleFormat.Ri16Le;

    /// <summary>Size in bytes of one sample (I and Q together for the complex formats): 4, 2, 8, or 2 for ri16_le.</summary>
    public static int BytesPerSample(this SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => 4,
        SampleFormat.Cu8 => 2,
        SampleFormat.Cf32Le => 8,
        SampleFormat.Ri16Le => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };
}
