using System.Diagnostics.CodeAnalysis;

namespace Heimdall.Signal;

/// <summary>Conversions between <see cref="SampleFormat"/> and SigMF datatype strings, and sample sizes.</summary>
public static class SampleFormats
{
    /// <summary>The SigMF <c>core:datatype</c> string of the format: <c>ci16_le</c>, <c>cu8</c> or <c>cf32_le</c>.</summary>
    public static string ToSigMf(this SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => "ci16_le",
        SampleFormat.Cu8 => "cu8",
        SampleFormat.Cf32Le => "cf32_le",
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
            default:
                format = default;
                return false;
        }
    }

    /// <summary>Size in bytes of one complex sample (I and Q together): 4, 2 or 8.</summary>
    public static int BytesPerSample(this SampleFormat format) => format switch
    {
        SampleFormat.Ci16Le => 4,
        SampleFormat.Cu8 => 2,
        SampleFormat.Cf32Le => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };
}
