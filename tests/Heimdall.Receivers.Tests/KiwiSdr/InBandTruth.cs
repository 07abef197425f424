using System.Numerics;
using Heimdall.Receivers.Tests.KiwiSdr.Emulator;

namespace Heimdall.Receivers.Tests.KiwiSdr;

/// <summary>
/// What the emulated Kiwi's capture holds inside its passband, and how close a Welch measurement of it must come.
/// The emulator adds white noise of total power A²·10^(−SNR/10) over the whole rate fs before its passband filter, so
/// the noise density inside the passband is N0 = A²·10^(−SNR/10) / fs and the tone's SNR in the passband B is
/// A² / (N0·B) = SNR + 10·log10(fs / B).
/// </summary>
internal static class InBandTruth
{
    /// <summary>The segment length of Heimdall.Signal's default spectrum.</summary>
    private const int SegmentLength = 1024;

    public static double NoiseFloorDbfsPerHz(KiwiEmulatorOptions options) =>
        10 * Math.Log10(options.ToneAmplitude * options.ToneAmplitude * Math.Pow(10, -options.SnrDb / 10) / options.TrueSampleRateHz);

    public static double SnrDb(KiwiEmulatorOptions options, (double Low, double High) passband) =>
        options.SnrDb + (10 * Math.Log10(options.TrueSampleRateHz / (passband.High - passband.Low)));

    /// <summary>
    /// How far a measurement of <paramref name="samples"/> samples may honestly be from the truth, in dB, the sum of:
    /// <list type="bullet">
    /// <item>chance: the noise floor is the mean of the M noise bins in the passband (M = the passband's bins less 20
    /// for the tone, its guard bins and its spread), each a Welch average of K Hann segments at 50 % overlap whose relative
    /// standard deviation is sqrt((1 + 2/36)/K); adjacent Hann bins are correlated, so the mean is taken over M/2
    /// independent values; five standard deviations (a chance of about 6e-7), 4.343 dB per unit of relative error;</item>
    /// <item>the filter's edges: inside the passband near low_cut and high_cut the emulator's filter is below unit gain, so
    /// the expected mean density is N0 times the mean of |H|² over the passband's bins (computed from its taps);</item>
    /// <item>the passband counted in whole bins: its width is (bins inside it) × fs/L, not exactly high − low;</item>
    /// <item>the int16 rounding noise, (1/32767)²/6 per Hz·fs, against N0;</item>
    /// <item>0.01 dB for the tone's own estimate (its power is more than 10⁴ times the noise in its bins).</item>
    /// </list>
    /// The SNR's error is the noise floor's (SNR = S / (noise × B)) plus the tone's estimate, so one tolerance serves both.
    /// </summary>
    public static double ToleranceDb(KiwiEmulatorOptions options, (double Low, double High) passband, long samples)
    {
        var rate = options.TrueSampleRateHz;
        var binWidth = rate / SegmentLength;
        var inBand = Enumerable.Range(0, SegmentLength).Select(k => (k - (SegmentLength / 2)) * binWidth).Where(f => f >= passband.Low && f <= passband.High).ToList();
        var segments = ((samples - SegmentLength) / (SegmentLength / 2)) + 1;
        var noiseBins = inBand.Count - 20;
        var relative = Math.Sqrt((1 + (2.0 / 36)) / segments) * Math.Sqrt(2.0 / noiseBins);
        var chance = 4.343 * 5 * relative;

        var taps = KiwiEmulatorSignal.Taps(passband, rate);
        var meanGain = inBand.Average(f => Gain(taps, f, rate));
        var edges = Math.Abs(10 * Math.Log10(meanGain));
        var width = Math.Abs(10 * Math.Log10(inBand.Count * binWidth / (passband.High - passband.Low)));
        var rounding = 4.343 * (Math.Pow(1 / 32767.0, 2) / 6 / rate) / Math.Pow(10, NoiseFloorDbfsPerHz(options) / 10);
        return chance + edges + width + rounding + 0.01;
    }

    /// <summary>|H(f)|² of the emulator's filter.</summary>
    private static double Gain(Complex[] taps, double frequencyHz, double rateHz)
    {
        var response = Complex.Zero;
        var middle = (taps.Length - 1) / 2.0;
        for (var n = 0; n < taps.Length; n++)
        {
            response += taps[n] * Complex.FromPolarCoordinates(1, -2 * Math.PI * frequencyHz * (n - middle) / rateHz);
        }

        return response.Magnitude * response.Magnitude;
    }
}
