using System.Globalization;
using System.Numerics;
using Heimdall.Localisation.Input;

namespace Heimdall.Localisation.Alignment;

/// <summary>
/// Brings GNSS-timed captures onto one time grid: the grid runs at the median of their measured rates, over the span
/// every capture covers (less the interpolator's reach at each end), and each capture is resampled onto it at the
/// fractional positions its own clock gives (so a clock 170 ppm off, 60 samples over 30 s at 12 kHz, lands where it
/// belongs), then shifted in frequency to the median tuned frequency when it was tuned a little apart. A capture that
/// cannot join (a rate more than 1 % from the others', a tuning more than a quarter of the rate apart, or a span that
/// would leave less than <see cref="MinimumOverlapSeconds"/> in common) is left out with its reason.
/// </summary>
internal static class CommonGrid
{
    /// <summary>The shortest common span worth correlating, seconds.</summary>
    public const double MinimumOverlapSeconds = 0.05;

    /// <summary>The captures on the grid: one row per capture that joined, in the order given.</summary>
    /// <param name="StartGpsNanoseconds">GPS nanoseconds of grid sample 0.</param>
    public sealed record Result(
        long StartGpsNanoseconds, double SampleRateHz, double CenterFrequencyHz, IReadOnlyList<int> Members, IReadOnlyList<Complex[]> Samples,
        IReadOnlyDictionary<int, string> Excluded)
    {
        public int Length => Samples.Count > 0 ? Samples[0].Length : 0;

        public double DurationSeconds => Length / SampleRateHz;
    }

    /// <summary>Aligns the captures at <paramref name="candidates"/> (indices into <paramref name="captures"/>; each has a clock).</summary>
    public static Result Align(IReadOnlyList<StationCapture> captures, IReadOnlyList<int> candidates)
    {
        var excluded = new Dictionary<int, string>();
        var members = candidates.ToList();
        if (members.Count == 0)
        {
            return new Result(0, 0, 0, [], [], excluded);
        }

        var rate = Median(members.Select(i => captures[i].Clock!.SampleRateHz));
        foreach (var i in members.Where(i => Math.Abs((captures[i].Clock!.SampleRateHz / rate) - 1) > 0.01).ToList())
        {
            excluded[i] = Invariant($"its sample rate {captures[i].Clock!.SampleRateHz:0.###} Hz is more than 1 % from the others' {rate:0.###} Hz (resample it first)");
            members.Remove(i);
        }

        var center = Median(members.Select(i => captures[i].CenterFrequencyHz));
        foreach (var i in members.Where(i => Math.Abs(captures[i].CenterFrequencyHz - center) > rate / 4).ToList())
        {
            excluded[i] = Invariant($"it was tuned to {captures[i].CenterFrequencyHz:0.###} Hz, the others to {center:0.###} Hz");
            members.Remove(i);
        }

        var (start, end) = Overlap(captures, members);
        while (members.Count > 2 && end - start < MinimumOverlapSeconds * 1e9)
        {
            // Leave out the capture whose absence lengthens the common span most.
            var worst = members.MaxBy(i => Span(Overlap(captures, members.Where(j => j != i).ToList())));
            var (own, ownEnd) = Overlap(captures, [worst]);
            excluded[worst] = Invariant($"its capture ({Seconds(own - start)} to {Seconds(ownEnd - start)} s from the others' common start) has less than {MinimumOverlapSeconds} s in common with the others");
            members.Remove(worst);
            (start, end) = Overlap(captures, members);
        }

        if (end - start < MinimumOverlapSeconds * 1e9)
        {
            foreach (var i in members)
            {
                excluded[i] = Invariant($"the captures have {Math.Max(0, (end - start) / 1e9):0.###} s in common, less than {MinimumOverlapSeconds} s");
            }

            return new Result(0, rate, center, [], [], excluded);
        }

        var length = (int)Math.Floor((end - start) * 1e-9 * rate) + 1;
        var samples = new List<Complex[]>(members.Count);
        foreach (var i in members)
        {
            var capture = captures[i];
            var clock = capture.Clock!;
            var grid = new Complex[length];
            var first = (start - clock.StartGpsNanoseconds) * 1e-9 * clock.SampleRateHz;
            SincInterpolator.Resample(capture.Samples, first, clock.SampleRateHz / rate, grid);
            Shift(grid, (capture.CenterFrequencyHz - center) / rate);
            samples.Add(grid);
        }

        return new Result(start, rate, center, members, samples, excluded);
    }

    /// <summary>The span (GPS ns) where every member can be interpolated.</summary>
    private static (long Start, long End) Overlap(IReadOnlyList<StationCapture> captures, IReadOnlyList<int> members)
    {
        long start = long.MinValue, end = long.MaxValue;
        foreach (var i in members)
        {
            var clock = captures[i].Clock!;
            var margin = SincInterpolator.HalfLength + 1;
            start = Math.Max(start, clock.StartGpsNanoseconds + (long)Math.Ceiling(margin * 1e9 / clock.SampleRateHz));
            end = Math.Min(end, clock.StartGpsNanoseconds + (long)Math.Floor((captures[i].Samples.Length - 1 - margin) * 1e9 / clock.SampleRateHz));
        }

        return (start, end);
    }

    private static long Span((long Start, long End) span) => span.End - span.Start;

    private static void Shift(Complex[] samples, double cyclesPerSample)
    {
        if (cyclesPerSample == 0)
        {
            return;
        }

        for (var n = 0; n < samples.Length; n++)
        {
            // The phase from the index, so it does not drift over a long capture.
            var turns = cyclesPerSample * n;
            samples[n] *= Complex.FromPolarCoordinates(1, 2 * Math.PI * (turns - Math.Floor(turns)));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Seconds(double nanoseconds) => (nanoseconds / 1e9).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
