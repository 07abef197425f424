using Heimdall.Localisation.Geodesy;
using Heimdall.Signal;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Input;

/// <summary>
/// A kiwirecorder <c>--kiwi-wav</c> recording as a capture: the station's name, the frequency and the UTC start (for
/// the GPS week) from its file name, the samples and the GNSS time base from its chunks (<see cref="KiwiWavTiming"/>:
/// the KiwiSDR driver's rules), the KiwiSDR timing floor. A recording without usable GNSS gives a capture without a
/// clock and the reason.
/// </summary>
public static class KiwiWavCapture
{
    /// <param name="fileName">The file's name (or path), in kiwirecorder's pattern <c>20200813T065220Z_77500_HB9ODP_iq.wav</c>.</param>
    /// <param name="file">The whole file.</param>
    /// <param name="position">Where the station is (kiwi-wav files do not say).</param>
    /// <exception cref="IqDataException">The name is not kiwirecorder's, or the file is not a kiwi-wav recording; the message says which.</exception>
    public static StationCapture Create(string fileName, ReadOnlySpan<byte> file, GeoPosition? position, int maxSolutionAgeSeconds = KiwiWavTiming.DefaultMaxSolutionAgeSeconds)
    {
        if (!KiwiWavName.TryParse(fileName, out var name))
        {
            throw new IqDataException(
                "the file name is not kiwirecorder's (YYYYMMDDTHHMMSSZ_FREQUENCY_STATION_iq.wav): its UTC time gives the GPS week the stamps lack, and its station the receiver's name");
        }

        var wav = KiwiWav.Parse(file);
        var timing = KiwiWavTiming.From(wav, name!.StartUtc, maxSolutionAgeSeconds);
        var samples = IqDecoder.Decode(wav.Iq.AsSpan((int)(timing.FirstSample * 4)), SampleFormat.Ci16Le);
        CaptureClock? clock = null;
        if (timing.Fit is { } fit)
        {
            var start = fit.StartGpsNanoseconds + (long)Math.Round(timing.FirstSample * 1e9 / fit.SampleRateHz);
            clock = CaptureClock.FromFit(fit, timing.StampsUsed, CaptureClock.KiwiSdrFloorSeconds, "gnss") with { StartGpsNanoseconds = start };
        }

        return new StationCapture
        {
            Name = name.Station,
            Position = position,
            Samples = samples,
            CenterFrequencyHz = name.FrequencyHz,
            Clock = clock,
            ClockProblem = timing.Unusable,
            Warnings = timing.Warnings,
        };
    }
}
