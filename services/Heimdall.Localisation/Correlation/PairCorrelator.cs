using System.Globalization;
using System.Numerics;
using Heimdall.Signal.Fourier;

namespace Heimdall.Localisation.Correlation;

/// <summary>
/// The delay of one pair from its weighted cross-spectrum a(f) = W(f)·G_ab(f): the correlation R(τ) = Σ a(f)·e^(−j2πfτ)
/// is computed on a grid of a quarter sample by one FFT, its largest magnitude within ±<c>maxLag</c> is taken and
/// refined by a golden-section search of |R(τ)| evaluated exactly (a sub-sample peak without interpolation bias). The
/// magnitude (not the real part) is used because the two receivers' oscillators have an unknown phase difference.
/// Its standard deviation is that of a weighted phase-slope fit with the weights |a(f)|, which is what the peak of |R|
/// is to first order: var = Σ |a|²·var_φ·(f − f̄)² / ((2π)²·(Σ |a|·(f − f̄)²)²), with the phase variance of a bin
/// var_φ = 1.056·(1 − γ²)/(2·T·Δf·γ²) (Carter 1987: T·Δf independent cells per bin of width Δf over T seconds; 1.056
/// for the Hann window at 50 % overlap, <see cref="CrossSpectra.WindowVarianceFactor"/>), so that
/// |a|²·var_φ = 1.056·W²·(G_aa·G_bb − |G_ab|²)/(2·T·Δf). The Cramér–Rao bound of the same data is reported beside it.
/// </summary>
internal static class PairCorrelator
{

    /// <summary>
    /// At the true delay every bin's phase lines up and |R(τ)| is Σ|a(f)|, less only what the phase noise takes
    /// (a factor e^(−var_φ/2) per bin, above 0.9 wherever the pair is coherent enough to be used); a peak with less than
    /// half of it is a sidelobe of a delay outside the search range.
    /// </summary>
    public const double MinimumAlignment = 0.5;

    /// <summary>The smallest σ a delay is given, in samples.</summary>
    public const double MinimumSigmaSamples = 1e-3;

    private const int Oversampling = 4;

    /// <summary>What one pair's correlation gave.</summary>
    /// <param name="DelaySeconds">Arrival at b minus arrival at a.</param>
    /// <param name="Coefficients">Per band bin, d(delay)/d(phase of that bin): the weights of the phase-slope fit (for the pairs' covariance).</param>
    public sealed record Result(
        double DelaySeconds, double SigmaSeconds, double CrlbSeconds, double? PeakRatio, double MeanCoherence, double BandLowHz,
        double BandHighHz, int BandBins, int LineBins, int[] Bins, double[] Coefficients, string? Problem)
    {
        /// <summary>|R(τ̂)| over Σ|a(f)|: 1 when every bin's phase lines up at the delay found.</summary>
        public double Alignment { get; init; }
    }

    public static Result Correlate(CrossSpectra spectra, int pair, CorrelationWeighting weighting, double maxLagSeconds, double minimumPeakRatio)
    {
        var (a, b) = spectra.Pairs[pair];
        var n = spectra.SegmentLength;
        var cross = spectra.Cross[pair];
        var coherent = BandSelection.Coherent(spectra, pair);
        var lines = BandSelection.Lines(cross, coherent);
        var band = BandSelection.Band(cross, coherent, lines);
        var bins = weighting switch
        {
            CorrelationWeighting.Plain or CorrelationWeighting.Phat => Enumerable.Range(0, n).ToArray(),
            CorrelationWeighting.BandLimitedWithLines => Enumerable.Range(0, n).Where(k => band[k] || (coherent[k] && lines[k])).ToArray(),
            _ => Enumerable.Range(0, n).Where(k => band[k]).ToArray(),
        };
        var lineBins = Enumerable.Range(0, n).Count(k => coherent[k] && lines[k]);
        var bandBins = band.Count(b => b);
        var frequencies = bins.Select(spectra.Frequency).ToArray();
        var meanCoherence = bandBins > 0 ? Enumerable.Range(0, n).Where(k => band[k]).Average(k => BandSelection.Coherence(spectra, pair, a, b, k)) : 0;
        if (bandBins < 4)
        {
            return new Result(double.NaN, double.NaN, double.NaN, null, meanCoherence, 0, 0, bandBins, lineBins, [], [],
                "no common signal: the two captures are not coherent above the noise in any band");
        }

        var weighted = new Complex[bins.Length];
        for (var i = 0; i < bins.Length; i++)
        {
            weighted[i] = cross[bins[i]] * Weight(spectra, pair, a, b, bins[i], weighting);
        }

        var (low, high) = Occupied(weighted, frequencies);

        var (delay, ratio, atEdge, alignment) = Peak(weighted, bins, frequencies, n, spectra.SampleRateHz, maxLagSeconds);
        var (sigma, crlb, coefficients) = Variance(spectra, pair, a, b, bins, frequencies, weighted);
        var problem = atEdge
            ? Invariant($"the correlation peak lies at the edge of the delays the baseline allows (±{maxLagSeconds * 1e6:0.#} µs): it is not this signal's delay")
            : alignment < MinimumAlignment
                ? Invariant($"the correlation peak gathers only {alignment:P0} of the band's cross-power (at the true delay the bins' phases line up): the delay lies beyond what the baseline allows")
            : ratio is { } r && r < minimumPeakRatio
                ? Invariant($"ambiguous: the second correlation peak is {1 / r:P0} of the first")
                : null;
        return new Result(delay, sigma, crlb, ratio, meanCoherence, low, high, bandBins, lineBins, bins, coefficients, problem) { Alignment = alignment };
    }

    /// <summary>The band holding 99 % of the weighted cross-spectrum's magnitude: from its 0.5 % to its 99.5 % point in frequency.</summary>
    private static (double Low, double High) Occupied(Complex[] weighted, double[] frequencies)
    {
        var order = Enumerable.Range(0, weighted.Length).OrderBy(i => frequencies[i]).ToArray();
        var total = weighted.Sum(Complex.Abs);
        double sum = 0, low = frequencies[order[0]], high = frequencies[order[^1]];
        var lowFound = false;
        foreach (var i in order)
        {
            sum += Complex.Abs(weighted[i]);
            if (!lowFound && sum >= 0.005 * total)
            {
                (low, lowFound) = (frequencies[i], true);
            }

            if (sum >= 0.995 * total)
            {
                high = frequencies[i];
                break;
            }
        }

        return (low, high);
    }

    private static double Weight(CrossSpectra spectra, int pair, int a, int b, int bin, CorrelationWeighting weighting)
    {
        var magnitude = Complex.Abs(spectra.Cross[pair][bin]);
        switch (weighting)
        {
            case CorrelationWeighting.Phat:
                return magnitude > 0 ? 1 / magnitude : 0;
            case CorrelationWeighting.BandScot:
                var product = spectra.Auto[a][bin] * spectra.Auto[b][bin];
                return product > 0 ? 1 / Math.Sqrt(product) : 0;
            case CorrelationWeighting.BandMaximumLikelihood:
                var coherence = Math.Min(BandSelection.Coherence(spectra, pair, a, b, bin), 1 - (1 / spectra.EffectiveSegments));
                return magnitude > 0 ? coherence / (1 - coherence) / magnitude : 0;
            default:
                return 1;
        }
    }

    /// <summary>The delay at the highest peak of |R| within ±maxLag, the ratio to the next peak, and whether it sits at the edge.</summary>
    private static (double Delay, double? Ratio, bool AtEdge, double Alignment) Peak(Complex[] weighted, int[] bins, double[] frequencies, int n, double rate, double maxLag)
    {
        var size = n * Oversampling;
        var transform = FourierTransforms.Create(size);
        var buffer = transform.Buffer;
        buffer.Clear();
        for (var i = 0; i < bins.Length; i++)
        {
            var k = bins[i];
            buffer[k < n / 2 ? k : k + size - n] = weighted[i];
        }

        transform.Forward();
        var step = 1 / (rate * Oversampling);
        var reach = Math.Min(size / 2 - 1, (int)Math.Floor(maxLag / step));
        var magnitudes = new double[(2 * reach) + 1];
        for (var m = -reach; m <= reach; m++)
        {
            magnitudes[m + reach] = Complex.Abs(buffer[(m + size) % size]) / LagWindow(m * step * rate / n);
        }

        var best = Array.IndexOf(magnitudes, magnitudes.Max());
        var coarse = (best - reach) * step;
        var lo = coarse - step;
        var hi = coarse + step;
        var golden = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - (golden * (hi - lo)), x2 = lo + (golden * (hi - lo));
        double Corrected(double tau) => Magnitude(weighted, frequencies, tau) / LagWindow(tau * rate / n);
        double f1 = Corrected(x1), f2 = Corrected(x2);
        for (var i = 0; i < 60; i++)
        {
            if (f1 > f2)
            {
                hi = x2;
                (x2, f2) = (x1, f1);
                x1 = hi - (golden * (hi - lo));
                f1 = Corrected(x1);
            }
            else
            {
                lo = x1;
                (x1, f1) = (x2, f2);
                x2 = lo + (golden * (hi - lo));
                f2 = Corrected(x2);
            }
        }

        var delay = (lo + hi) / 2;
        var atEdge = best == 0 || best == magnitudes.Length - 1;
        var alignment = Magnitude(weighted, frequencies, delay) / weighted.Sum(Complex.Abs);
        return (delay, SecondPeakRatio(magnitudes, best), atEdge, alignment);
    }

    /// <summary>
    /// The lag window of Hann-windowed segments, c(u)/c(0) at a lag of u segment lengths: the correlation of two
    /// windowed segments is the signals' correlation times Σ w(n)·w(n + τ), which is not flat around a delay that is not
    /// zero and would pull the peak towards zero lag (by about (2π²/3)·u² relative to the peak's own curvature: 0.4 % of
    /// the delay with 128-sample segments and a quarter-rate band). Dividing by it removes that pull. For
    /// w = sin²(πt/N): c(u)/c(0) = ((1 − u)(2 + cos 2πu) + (3/2π)·sin 2πu)/3.
    /// </summary>
    internal static double LagWindow(double u)
    {
        u = Math.Min(Math.Abs(u), 0.999);
        return (((1 - u) * (2 + Math.Cos(2 * Math.PI * u))) + (3 / (2 * Math.PI) * Math.Sin(2 * Math.PI * u))) / 3;
    }

    /// <summary>|R(τ)| of the weighted bins.</summary>
    private static double Magnitude(Complex[] weighted, double[] frequencies, double tau)
    {
        double re = 0, im = 0;
        for (var i = 0; i < weighted.Length; i++)
        {
            var (sin, cos) = Math.SinCos(-2 * Math.PI * frequencies[i] * tau);
            re += (weighted[i].Real * cos) - (weighted[i].Imaginary * sin);
            im += (weighted[i].Real * sin) + (weighted[i].Imaginary * cos);
        }

        return Math.Sqrt((re * re) + (im * im));
    }

    /// <summary>The highest peak over the next one outside the main lobe (which runs down to the first minimum on each side); null when there is none.</summary>
    private static double? SecondPeakRatio(double[] magnitudes, int best)
    {
        var left = best;
        while (left > 0 && magnitudes[left - 1] <= magnitudes[left])
        {
            left--;
        }

        var right = best;
        while (right < magnitudes.Length - 1 && magnitudes[right + 1] <= magnitudes[right])
        {
            right++;
        }

        double second = 0;
        for (var m = 0; m < magnitudes.Length; m++)
        {
            if (m >= left && m <= right)
            {
                continue;
            }

            var isPeak = (m == 0 || magnitudes[m - 1] <= magnitudes[m]) && (m == magnitudes.Length - 1 || magnitudes[m + 1] <= magnitudes[m]);
            if (isPeak)
            {
                second = Math.Max(second, magnitudes[m]);
            }
        }

        return second > 0 ? magnitudes[best] / second : null;
    }

    /// <summary>The delay's standard deviation for these weights, the Cramér–Rao bound of the same bins, and each bin's coefficient.</summary>
    private static (double Sigma, double Crlb, double[] Coefficients) Variance(
        CrossSpectra spectra, int pair, int a, int b, int[] bins, double[] frequencies, Complex[] weighted)
    {
        var cells = 2 * spectra.DurationSeconds * spectra.BinHz / CrossSpectra.WindowVarianceFactor;
        var magnitude = weighted.Select(Complex.Abs).ToArray();
        var total = magnitude.Sum();
        var mean = 0.0;
        for (var i = 0; i < bins.Length; i++)
        {
            mean += magnitude[i] * frequencies[i] / total;
        }

        double spread = 0, numerator = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            var d = frequencies[i] - mean;
            spread += magnitude[i] * d * d;
            var cross = Complex.Abs(spectra.Cross[pair][bins[i]]);
            var scale = cross > 0 ? magnitude[i] / cross : 0;
            numerator += scale * scale * Math.Max(0, (spectra.Auto[a][bins[i]] * spectra.Auto[b][bins[i]]) - (cross * cross)) / cells * d * d;
        }

        var coefficients = new double[bins.Length];
        for (var i = 0; i < bins.Length; i++)
        {
            coefficients[i] = magnitude[i] * (frequencies[i] - mean) / (2 * Math.PI * spread);
        }

        // Cramér–Rao: the information 2·T·Δf·Σ (2π(f − f̄))²·γ²/(1 − γ²), with γ² debiased for the K segments.
        var k = spectra.EffectiveSegments;
        cells *= CrossSpectra.WindowVarianceFactor;
        var information = new double[bins.Length];
        double infoTotal = 0, infoMean = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            var raw = BandSelection.Coherence(spectra, pair, a, b, bins[i]);
            var coherence = Math.Clamp(((k * raw) - 1) / (k - 1), 0, 1 - 1e-9);
            information[i] = coherence / (1 - coherence);
            infoTotal += information[i];
            infoMean += information[i] * frequencies[i];
        }

        infoMean = infoTotal > 0 ? infoMean / infoTotal : 0;
        double fisher = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            var d = 2 * Math.PI * (frequencies[i] - infoMean);
            fisher += cells * information[i] * d * d;
        }

        // Never below a thousandth of a sample: the resampler's own timing error (its fraction rounded to 1/8192 sample,
        // its kernel's error near 1e-4), which identical or noiseless captures would otherwise hide.
        var floor = MinimumSigmaSamples / spectra.SampleRateHz;
        var sigma = spread > 0 ? Math.Max(floor, Math.Sqrt(numerator) / (2 * Math.PI * spread)) : double.PositiveInfinity;
        return (sigma, fisher > 0 ? 1 / Math.Sqrt(fisher) : double.PositiveInfinity, coefficients);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
