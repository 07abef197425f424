using Heimdall.Contracts;
using Heimdall.Domain.Acquisitions;
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
    };
}
