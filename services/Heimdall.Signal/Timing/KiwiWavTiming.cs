using System.Globalization;

namespace Heimdall.Signal.Timing;

/// <summary>
/// The GNSS time base of a kiwi-wav recording, by the KiwiSDR driver's rules (docs/receivers.md, Timing): the first
/// block is dropped when its header is all zero (the first packet of a connection, whose audio may be the previous
/// user's); a stamp is used when it is not zero, its <c>last_gps_solution</c> is not 255 (no GNSS clock) and not above
/// <c>maxSolutionAgeSeconds</c>; the week is the one nearest the recording's start in its file name; the usable stamps
/// are fitted by least squares (<see cref="KiwiTimingFit"/>), leaving out any that lie more than half a sample off
/// the line through the others. Every stamp left out is counted in a warning; with fewer than two usable stamps, or
/// stamps that run more than 1 % from the file's nominal rate, the recording has no GNSS time base and
/// <see cref="Unusable"/> says why (0.1 % gives a warning, as the driver does).
/// </summary>
/// <param name="Fit">Rate, start (GPS nanoseconds of the file's sample 0, even when it is dropped) and residuals; null when unusable.</param>
/// <param name="FirstSample">Samples before this index are dropped (the leading block without a stamp).</param>
/// <param name="StampsUsed">Stamps in the fit.</param>
/// <param name="Warnings">One sentence per thing that makes the time less trustworthy.</param>
/// <param name="Unusable">Why there is no GNSS time base, or null.</param>
public sealed record KiwiWavTiming(KiwiTimingFit? Fit, long FirstSample, int StampsUsed, IReadOnlyList<string> Warnings, string? Unusable)
{
    /// <summary>The KiwiSDR driver's default for <c>maxGnssSolutionAgeSeconds</c>.</summary>
    public const int DefaultMaxSolutionAgeSeconds = 30;

    /// <summary>The time base of <paramref name="wav"/>, whose recording started at <paramref name="startUtc"/> (to a few days: it picks the GPS week).</summary>
    public static KiwiWavTiming From(KiwiWav wav, DateTimeOffset startUtc, int maxSolutionAgeSeconds = DefaultMaxSolutionAgeSeconds)
    {
        ArgumentNullException.ThrowIfNull(wav);
        var warnings = new List<string>();
        var first = wav.Blocks[0].Stamp is null or { IsZero: true } ? wav.Blocks[0].SampleCount : 0L;
        int zero = 0, absent = 0, stale = 0;
        var indices = new List<long>();
        var times = new List<long>();
        foreach (var block in wav.Blocks)
        {
            if (block.SampleIndex < first)
            {
                continue;
            }

            switch (block.Stamp)
            {
                case null or { IsZero: true }:
                    zero++;
                    break;
                case { LastGpsSolution: KiwiWavStamp.NoGpsClock }:
                    absent++;
                    break;
                case { } stamp when stamp.LastGpsSolution > maxSolutionAgeSeconds:
                    stale++;
                    break;
                case { } stamp when stamp.SecondsOfWeek < KiwiGnssClock.SecondsPerWeek && stamp.Nanoseconds < KiwiGnssClock.NanosecondsPerSecond:
                    indices.Add(block.SampleIndex);
                    times.Add(KiwiGnssClock.Resolve(stamp.SecondsOfWeek, stamp.Nanoseconds, startUtc));
                    break;
                default:
                    zero++;
                    break;
            }
        }

        if (first > 0)
        {
            warnings.Add(Invariant($"the first block ({first} samples) has no GNSS stamp (the first packet of a connection, whose audio may be the previous user's) and was dropped."));
        }

        AddCount(warnings, absent, "had no GNSS clock (last_gps_solution = 255)");
        AddCount(warnings, stale, Invariant($"carried a GNSS solution older than {maxSolutionAgeSeconds} s"));
        AddCount(warnings, zero, "had an all-zero or invalid GNSS header");
        var (fit, outliers) = KiwiTimingFit.FitRejectingOutliers(indices, times, 0.5e9 / wav.NominalSampleRateHz);
        if (fit is null)
        {
            var total = wav.Blocks.Count(b => b.SampleIndex >= first);
            var reason = indices.Count switch
            {
                0 when absent == total => "no usable GNSS stamp: every block has last_gps_solution = 255 (the KiwiSDR has no GNSS clock)",
                0 when stale == total => Invariant($"no usable GNSS stamp: every block's GNSS solution is older than {maxSolutionAgeSeconds} s"),
                0 => Invariant($"no usable GNSS stamp in {total} blocks ({absent} without GNSS clock, {stale} stale, {zero} zero or invalid)"),
                1 => "only one usable GNSS stamp: the sample rate cannot be measured",
                _ => Invariant($"no two of the {indices.Count} usable GNSS stamps agree with one steady clock"),
            };
            return new KiwiWavTiming(null, first, 0, warnings, reason);
        }

        var offNominal = Math.Abs((fit.SampleRateHz / wav.NominalSampleRateHz) - 1);
        if (offNominal > 0.01)
        {
            return new KiwiWavTiming(null, first, 0, warnings, Invariant(
                $"the GNSS stamps give {fit.SampleRateHz:0.###} Hz, more than 1 % from the file's nominal {wav.NominalSampleRateHz} Hz: they do not follow the sample clock"));
        }

        if (outliers.Count > 0)
        {
            warnings.Add(Invariant($"{outliers.Count} GNSS stamp(s) lay more than half a sample off the line through the others (a stamp discontinuity) and were left out of the fit."));
        }

        if (offNominal > 0.001)
        {
            warnings.Add(Invariant($"the GNSS stamps give {fit.SampleRateHz:0.###} Hz, more than 0.1 % off the file's nominal {wav.NominalSampleRateHz} Hz: the stamps are inconsistent."));
        }

        return new KiwiWavTiming(fit, first, indices.Count - outliers.Count, warnings, null);
    }

    private static void AddCount(List<string> warnings, int count, string what)
    {
        if (count > 0)
        {
            warnings.Add(Invariant($"{count} block(s) {what} and were left out of the fit."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
