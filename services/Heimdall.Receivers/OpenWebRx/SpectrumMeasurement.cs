using Heimdall.Signal;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// What a server's FFT lines can honestly say about a signal near a frequency (basis <c>spectrum</c>). The lines are
/// averaged as linear power; the measurement band is <c>bandHz</c> around the requested frequency; the noise is
/// estimated from the bins around it (the band widened by <see cref="NoiseMarginBins"/> on each side, away from the
/// profile's edges), with the same constant-false-alarm detection as the IQ analyzer, its degrees of freedom taken from
/// the lines' own scatter (the server averages an unknown number of FFTs into each line).
/// <list type="bullet">
/// <item>SNR = Σ over the signal bins in the band of (P − noise) over noise × (band / bin width): the SNR an IQ receiver of
/// that bandwidth would measure, whatever the server's window.</item>
/// <item>Offset: the peak bin, refined by a parabola through the logs of it and its neighbours, less the requested
/// frequency; its uncertainty is at least a bin over √12 (the FFT's resolution), with the scatter of the per-line peaks.</item>
/// <item>Power: the power in the band, Σ P over the band's bins ÷ (N · Σw²), the inverse of the FFT's scaling with
/// csdr's Hamming window and −70 dB offset; the noise floor and peak in dBFS/Hz the same way.</item>
/// </list>
/// </summary>
public static class SpectrumMeasurement
{
    /// <summary>Bins added on each side of the band for the noise estimate.</summary>
    public const int NoiseMarginBins = 32;

    /// <summary>The share of the profile's band at each edge left out (the SDR's own filters roll off there).</summary>
    public const double EdgeShare = 0.05;

    /// <exception cref="IqDataException">No lines, or a band that does not fit in the spectrum.</exception>
    public static SignalMeasurement Measure(SpectrumFrames frames, double frequencyHz, double bandHz)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var lines = frames.Lines;
        var n = frames.FftSize;
        if (lines.Count == 0 || lines.Any(l => l.LevelsDb.Length != n))
        {
            throw new IqDataException($"No usable FFT line: {lines.Count} lines, of lengths {string.Join(", ", lines.Select(l => l.LevelsDb.Length).Distinct())} where {n} bins were announced.");
        }

        var binHz = frames.SampleRateHz / n;
        var centreBin = ((frequencyHz - frames.CenterFrequencyHz) / binHz) + (n / 2.0);
        var halfBand = Math.Max(bandHz / 2 / binHz, 1);
        var (bandFrom, bandTo) = ((int)Math.Ceiling(centreBin - halfBand), (int)Math.Floor(centreBin + halfBand));
        var edge = (int)Math.Ceiling(n * EdgeShare);
        if (bandFrom < edge || bandTo > n - 1 - edge)
        {
            throw new IqDataException($"The band of {bandHz} Hz around {frequencyHz} Hz reaches the edge of the server's spectrum ({frames.CenterFrequencyHz} Hz ± {frames.SampleRateHz / 2} Hz, less {EdgeShare:P0} at each edge).");
        }

        // |X|² of each bin, from the line's dB (the server added LevelOffsetDb to 10·log10|X|²).
        var linear = lines.Select(l => l.LevelsDb.Select(db => Math.Pow(10, (db - frames.LevelOffsetDb) / 10)).ToArray()).ToArray();
        var result = BandMeasurement.Measure(linear, (bandFrom, bandTo),
            (Math.Max(edge, bandFrom - NoiseMarginBins), Math.Min(n - 1 - edge, bandTo + NoiseMarginBins)), bandHz / binHz, degreesOfFreedom: null, BandMeasurement.HammingBinCorrelation);
        var windowEnergy = HammingEnergy(n);
        return new SignalMeasurement(
            SignalDetected: result.Detected,
            SnrDb: result.SnrDb,
            FrequencyOffsetHz: result.PeakBin is { } peak ? ((peak - (n / 2.0)) * binHz) + frames.CenterFrequencyHz - frequencyHz : null,
            PowerDbfs: Decibels.FromPower(result.BandSum / (n * windowEnergy)),
            NoiseFloorDbfsPerHz: Decibels.FromPower(result.NoisePerBin / (windowEnergy * frames.SampleRateHz)),
            PeakPsdDbfsPerHz: Decibels.FromPower(result.PeakPerBin / (windowEnergy * frames.SampleRateHz)),
            OccupiedBandwidthHz: result.OccupiedBins * binHz,
            ClippingFraction: 0,
            SampleCount: (long)linear.Length * n,
            SegmentLength: n,
            SegmentCount: linear.Length)
        {
            Basis = MeasurementBasis.Spectrum,
            Uncertainty = new SignalUncertainty(
                result.SnrSigmaDb,
                result.PeakSigmaBins is { } scatter ? binHz * Math.Sqrt((1.0 / 12) + (scatter * scatter)) : null,
                10 / Math.Log(10) * result.BandSumRelativeSigma),
        };
    }

    /// <summary>Σ w² of csdr's Hamming window of <paramref name="n"/> points, 0.54 − 0.46·cos(2πi/(n−1)).</summary>
    public static double HammingEnergy(int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var w = 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (n - 1)));
            sum += w * w;
        }

        return sum;
    }
}
