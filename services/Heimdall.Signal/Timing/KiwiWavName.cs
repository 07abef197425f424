using System.Globalization;
using System.Text.RegularExpressions;

namespace Heimdall.Signal.Timing;

/// <summary>
/// What kiwirecorder puts in a file name, <c>20200813T065220Z_77500_HB9ODP_iq.wav</c>: the UTC time of the recording's
/// start (to the second), the frequency in Hz and the station's name (a trailing <c>_iq</c> is the mode, not the name).
/// The time gives the GPS week, which the stamps inside the file do not carry.
/// </summary>
public sealed partial record KiwiWavName(DateTimeOffset StartUtc, double FrequencyHz, string Station)
{
    /// <summary>Reads a file name (a path is fine: its last part is read); false when it is not kiwirecorder's pattern.</summary>
    public static bool TryParse(string path, out KiwiWavName? name)
    {
        ArgumentNullException.ThrowIfNull(path);
        name = null;
        var match = Pattern().Match(Path.GetFileName(path));
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["time"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            || !double.TryParse(match.Groups["frequency"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var frequency))
        {
            return false;
        }

        name = new KiwiWavName(start, frequency, match.Groups["station"].Value);
        return true;
    }

    [GeneratedRegex(@"^(?<time>\d{8}T\d{6}Z)_(?<frequency>\d+(\.\d+)?)_(?<station>.+?)(_iq)?\.wav$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
