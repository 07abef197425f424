using System.Numerics;

namespace Heimdall.Signal;

/// <summary>
/// Frequency of the strongest component, in two steps.
/// <list type="number">
/// <item>Coarse: Gaussian interpolation around the peak bin (a parabola through the logs of the peak and its two
/// neighbours), good to a few hundredths of a bin for a Hann window.</item>
/// <item>Fine: consecutive segments start N/2 samples apart, so a component at f turns the phase of its bins by
/// 2π·f·(N/2)/fs from one segment to the next. The phase of the cross-spectrum summed over the peak and its neighbours
/// gives f modulo 2·Δf; the coarse estimate picks the alias. The error then shrinks with the capture length, not with
/// the bin width.</item>
/// </list>
/// </summary>
internal static class FrequencyEstimator
{
    /// <summary>The fine estimate is only kept within this many bins of the coarse one (else the component is not a single line).</summary>
    private const double AgreementBins = 0.75;

    /// <summary>Offset of the component at <paramref name="peakBin"/> from the tuned frequency, in Hz, within [−fs/2, fs/2).</summary>
    public static double OffsetHz(WelchSpectrum spectrum, int peakBin)
    {
        var coarse = spectrum.FrequencyOfBin(peakBin + GaussianDelta(spectrum.Density, peakBin));
        var estimate = coarse;
        if (spectrum.SegmentCount >= 2)
        {
            var n = spectrum.Length;
            var cross = Complex.Zero;
            for (var k = peakBin - 1; k <= peakBin + 1; k++)
            {
                cross += spectrum.CrossSpectrum[((k % n) + n) % n];
            }

            var period = 2 * spectrum.BinWidthHz;
            var aliased = cross.Phase / (2 * Math.PI) * period;
            var fine = aliased + (Math.Round((coarse - aliased) / period) * period);
            if (cross != Complex.Zero && Math.Abs(fine - coarse) <= AgreementBins * spectrum.BinWidthHz)
            {
                estimate = fine;
            }
        }

        return Wrap(estimate, spectrum.SampleRateHz);
    }

    /// <summary>Sub-bin position of the peak, within ±0.5 bin; 0 when a neighbour is not positive or the peak is flat.</summary>
    private static double GaussianDelta(double[] density, int peakBin)
    {
        var n = density.Length;
        var left = density[(peakBin - 1 + n) % n];
        var centre = density[peakBin];
        var right = density[(peakBin + 1) % n];
        if (!(left > 0 && centre > 0 && right > 0))
        {
            return 0;
        }

        double a = Math.Log(left), b = Math.Log(centre), c = Math.Log(right);
        var curvature = a - (2 * b) + c;
        return curvature < 0 ? Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5) : 0;
    }

    private static double Wrap(double frequencyHz, double sampleRateHz)
    {
        var half = sampleRateHz / 2;
        var wrapped = ((frequencyHz + half) % sampleRateHz + sampleRateHz) % sampleRateHz;
        return wrapped - half;
    }
}
