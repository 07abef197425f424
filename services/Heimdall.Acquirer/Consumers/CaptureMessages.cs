using Heimdall.Contracts;
using Heimdall.Domain.Acquisitions;
using Heimdall.Receivers;
using Heimdall.Signal;
using MassTransit;


namespace Heimdall.Acquirer.Consumers;

/// <summary>The events of a receiver's outcome, as the contracts carry them.</summary>
public static class CaptureMessages
{
    public static IqCaptured Captured(AcquisitionPlan plan, CaptureSucceeded outcome, MessageData<byte[]> iq, string iqSha512)
    {
        var (receiver, capture) = (outcome.Receiver, outcome.Capture);
        return new IqCaptured
        {
            AcquisitionId = plan.AcquisitionId,
            ReceiverId = receiver.ReceiverId,
            Receiver = new ReceiverSnapshot
            {
                Name = receiver.Name,
                Kind = receiver.Kind,
                Latitude = receiver.Latitude,
                Longitude = receiver.Longitude,
                AltitudeM = receiver.AltitudeM,
            },
            FrequencyHz = plan.FrequencyHz,
            SampleRateHz = capture.SampleRateHz,
            SampleCount = capture.SampleCount,
            SampleFormat = capture.Format.ToSigMf(),
            CaptureStartUtc = capture.CaptureStartUtc,
            Metrics = ToMetrics(outcome.Measurement, receiver.CalibrationDb),
            Iq = iq,
            IqSha512 = iqSha512,
            Timing = capture.Timing,
            Passband = new CapturePassband
            {
                LowHz = capture.Passband?.LowHz ?? -capture.SampleRateHz / 2,
                HighHz = capture.Passband?.HighHz ?? capture.SampleRateHz / 2,
            },
            Audio = capture.Audio is { } audio ? ToAudio(audio) : null,
            Spectrum = capture.Spectrum is { } spectrum ? ToSpectrum(spectrum) : null,
        };
    }

    /// <summary>What a receiver without IQ delivered instead, as the contract carries it.</summary>
    public static CapturedAudio ToAudio(AudioDescription audio) => new()
    {
        Demodulator = audio.Demodulator,
        PassbandLowHz = audio.PassbandLowHz,
        PassbandHighHz = audio.PassbandHighHz,
        DialFrequencyHz = audio.DialFrequencyHz,
        RequestedAudioFrequencyHz = audio.RequestedAudioFrequencyHz,
        Inverted = audio.Inverted,
        Decompression = audio.Decompression,
        SyncLosses = audio.SyncLosses,
    };

    /// <summary>The server's spectrum: the lines as float32 little-endian, line-major (a claim check above the threshold, as the IQ).</summary>
    public static CapturedSpectrum ToSpectrum(SpectrumFrames spectrum)
    {
        var levels = new byte[spectrum.Lines.Count * spectrum.FftSize * sizeof(float)];
        for (var line = 0; line < spectrum.Lines.Count; line++)
        {
            for (var bin = 0; bin < spectrum.FftSize; bin++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(levels.AsSpan(((line * spectrum.FftSize) + bin) * sizeof(float)), spectrum.Lines[line].LevelsDb[bin]);
            }
        }

        return new CapturedSpectrum
        {
            CenterFrequencyHz = spectrum.CenterFrequencyHz,
            SampleRateHz = spectrum.SampleRateHz,
            FftSize = spectrum.FftSize,
            Window = spectrum.Window,
            LevelOffsetDb = spectrum.LevelOffsetDb,
            Compression = spectrum.Compression,
            LineArrivalsUtc = [.. spectrum.Lines.Select(l => l.ArrivalUtc)],
            Levels = new MassTransit.MessageData.Values.BytesInlineMessageData(levels),
            SMeter = [.. spectrum.SMeter.Select(r => new SMeterSample { ArrivalUtc = r.ArrivalUtc, Power = r.Power })],
        };
    }

    public static ReceiverCaptureFailed Failed(AcquisitionPlan plan, CaptureFailed outcome) => new()
    {
        AcquisitionId = plan.AcquisitionId,
        ReceiverId = outcome.Receiver.ReceiverId,
        Reason = outcome.Reason,
        Attempts = outcome.Attempts,
    };

    /// <summary>
    /// The library's measurement as the contract carries it: no signal detected gives null SNR, offset and bandwidth (never
    /// numbers measured on noise); dBm only for a calibrated receiver.
    /// </summary>
    public static SignalMetrics ToMetrics(SignalMeasurement measured, double? calibrationDb) => new()
    {
        SignalDetected = measured.SignalDetected,
        SnrDb = measured.SnrDb,
        FrequencyOffsetHz = measured.FrequencyOffsetHz,
        PowerDbfs = measured.PowerDbfs,
        PowerDbm = calibrationDb is { } calibration ? measured.PowerDbfs + calibration : null,
        NoiseFloorDbfsPerHz = measured.NoiseFloorDbfsPerHz,
        PeakPsdDbfsPerHz = measured.PeakPsdDbfsPerHz,
        OccupiedBandwidthHz = measured.OccupiedBandwidthHz,
        ClippingFraction = measured.ClippingFraction,
        Basis = measured.Basis,
        Uncertainty = measured.Uncertainty is { } sigma
            ? new MeasurementUncertainty { SnrDb = sigma.SnrDb, FrequencyOffsetHz = sigma.FrequencyOffsetHz, PowerDb = sigma.PowerDb }
            : null,
    };
}
