using System.Buffers.Binary;
using Heimdall.Signal;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// What the demodulated audio and the S-meter can honestly say about a signal (basis <c>audio</c>). The audio is real,
/// one sideband, levelled by the server's AGC: its spectrum (Welch, in groups) gives the ratios — the SNR in the
/// passband (the band the receiver passed), and the carrier's audio frequency, hence its offset from the request.
/// The audio above the passband holds only what the server's codec added (IMA ADPCM's coding noise, white over the
/// audio band: about 17 dB below noise-like audio): its density there is taken out of the passband's noise. The S-meter
/// (the mean power the server measures in the demodulator's passband before the AGC, sent as a float) is the power, in
/// dBFS, and gives the scale: with P = S + N₀·W and S = SNR·N₀·W over the passband's width W, the noise density N₀ follows.
/// </summary>
public static class AudioMeasurement
{
    /// <summary>Left out at each edge of the passband: half the 320 Hz transition of the server's band-pass filter (csdr's Selector).</summary>
    public const double EdgeHz = 160;

    /// <summary>Fewest bins above the passband for the codec's floor to be measured there (else it stays in the noise, said so).</summary>
    public const int CodecFloorBins = 16;

    /// <exception cref="IqDataException">No S-meter reading, or too little audio for two groups of segments.</exception>
    public static SignalMeasurement Measure(byte[] audio, double rateHz, AudioDescription description, IReadOnlyList<SMeterReading> sMeter)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(sMeter);
        if (sMeter.Count == 0)
        {
            throw new IqDataException("The server sent no S-meter reading during the capture: the audio's level (through its AGC) says nothing of the signal's power.");
        }

        // About 24 Hz bins; two to eight groups of at least four segments' worth of samples.
        var segment = (int)Math.Pow(2, Math.Round(Math.Log2(rateHz / 24)));
        var samples = audio.Length / 2;
        var groups = Math.Clamp(samples / (4 * segment), 2, 8);
        var spectrum = PowerSpectra.Welch(audio, SampleFormat.Ri16Le, rateHz, segment, groups);
        var n = spectrum.Length;
        var binHz = spectrum.BinWidthHz;
        var (low, high) = (Math.Min(Math.Abs(description.PassbandLowHz), Math.Abs(description.PassbandHighHz)), Math.Max(Math.Abs(description.PassbandLowHz), Math.Abs(description.PassbandHighHz)));
        var from = (n / 2) + (int)Math.Ceiling(Math.Max(low + EdgeHz, 2 * binHz) / binHz);
        var to = Math.Min(n - 1, (n / 2) + (int)Math.Floor((high - EdgeHz) / binHz));
        if (to - from < 8)
        {
            throw new IqDataException($"The passband {low}…{high} Hz leaves fewer than 8 bins of {binHz:0.#} Hz inside its edges.");
        }

        var passbandHz = high - low;
        var result = BandMeasurement.Measure(spectrum.GroupDensities, (from, to), (from, to), passbandHz / binHz, spectrum.DegreesOfFreedom, BandMeasurement.HannBinCorrelation);

        // The codec's floor, where the passband's filter leaves only it: from three edge widths above the passband (past
        // the server filter's transition) to 95 % of the audio band.
        var (floorFrom, floorTo) = ((n / 2) + (int)Math.Ceiling((high + (3 * EdgeHz)) / binHz), (n / 2) + (int)Math.Floor(0.95 * (n / 2)));
        if (floorTo - floorFrom + 1 >= CodecFloorBins)
        {
            var floor = Enumerable.Range(floorFrom, floorTo - floorFrom + 1).Average(k => spectrum.GroupDensities.Average(g => g[k]));
            var floorSigma = Math.Sqrt(BandMeasurement.HannBinCorrelation * 2 / (spectrum.DegreesOfFreedom * spectrum.GroupDensities.Length) / (floorTo - floorFrom + 1));
            result = result.WithoutNoise(floor, floorSigma);
        }

        // The scale from the S-meter: P = S + N₀·W = N₀·W·(1 + SNR).
        var readings = sMeter.Select(r => r.Power).ToArray();
        var power = readings.Average();
        var spread = readings.Length > 1 ? Math.Sqrt(readings.Sum(p => (p - power) * (p - power)) / (readings.Length - 1) / readings.Length) / power : 0;
        var density = power / passbandHz / (1 + (result.SnrDb is { } snr ? Math.Pow(10, snr / 10) : 0));

        // A reading is the mean |x|² of m samples (OpenWebRX's squelch block: rate/16 samples, every 5th): of a signal S
        // in noise N it varies by (N² + 2·S·N)/m. With few readings their own scatter says little, so the larger is used.
        var noisePower = density * passbandHz;
        var signalPower = Math.Max(0, power - noisePower);
        var perReading = Math.Sqrt(((noisePower * noisePower) + (2 * signalPower * noisePower)) / (rateHz / 16 / 5)) / power;
        var powerSigma = Math.Max(spread, perReading / Math.Sqrt(readings.Length));
        var audioRequested = description.RequestedAudioFrequencyHz;
        double? offset = result.PeakBin is { } peak ? (description.Inverted ? -1 : 1) * (((peak - (n / 2.0)) * binHz) - audioRequested) : null;
        return new SignalMeasurement(
            SignalDetected: result.Detected,
            SnrDb: result.SnrDb,
            FrequencyOffsetHz: offset,
            PowerDbfs: Decibels.FromPower(power),
            NoiseFloorDbfsPerHz: Decibels.FromPower(density),
            PeakPsdDbfsPerHz: Decibels.FromPower(density * result.PeakPerBin / result.NoisePerBin),
            OccupiedBandwidthHz: result.OccupiedBins * binHz,
            ClippingFraction: Clipped(audio),
            SampleCount: samples,
            SegmentLength: segment,
            SegmentCount: spectrum.SegmentsPerGroup * groups)
        {
            Basis = MeasurementBasis.Audio,
            Uncertainty = new SignalUncertainty(
                result.SnrSigmaDb,
                result.PeakSigmaBins is { } scatter ? binHz * Math.Sqrt((0.1 * 0.1) + (scatter * scatter)) : null,
                10 / Math.Log(10) * powerSigma),
        };
    }

    private static double Clipped(byte[] audio)
    {
        var clipped = 0;
        for (var i = 0; i + 1 < audio.Length; i += 2)
        {
            clipped += BinaryPrimitives.ReadInt16LittleEndian(audio.AsSpan(i)) is short.MinValue or short.MaxValue ? 1 : 0;
        }

        return audio.Length == 0 ? 0 : clipped / (audio.Length / 2.0);
    }
}
