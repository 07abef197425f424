using System.Diagnostics;
using System.Diagnostics.Metrics;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;

namespace Heimdall.Acquirer;

/// <summary>
/// ActivitySource and Meter <c>Heimdall.Acquirer</c>. Durations are in seconds; per-receiver instruments carry
/// <c>receiver</c> (the name) and <c>receiver_id</c>.
/// </summary>
public sealed class AcquirerTelemetry : IDisposable
{
    public const string Name = "Heimdall.Acquirer";
    private readonly Meter _meter = new(Name);

    public AcquirerTelemetry()
    {
        Captures = _meter.CreateCounter<long>("heimdall.captures", "{capture}", "Captures delivered and measured, by receiver and signal_detected.");
        CaptureFailures = _meter.CreateCounter<long>("heimdall.captures.failed", "{capture}", "Receivers that failed after their retries, by receiver.");
        CaptureDuration = _meter.CreateHistogram("heimdall.captures.duration", "s", "From the request to the capture's publication, by receiver.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600] });
        // The unit as an annotation, which the Prometheus exporter leaves out: the name says dB in snake case (was heimdall_signal_snr_dB).
        Snr = _meter.CreateHistogram("heimdall.signal.snr_db", "{dB}", "SNR of the captures that held a signal, in dB, by receiver.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 3, 6, 10, 15, 20, 25, 30, 35, 40, 50, 60] });
        Clipping = _meter.CreateHistogram("heimdall.signal.clipping", "1", "Fraction of clipped samples per capture, by receiver.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.5, 1] });
        Rejected = _meter.CreateCounter<long>("heimdall.acquisitions.rejected", "{acquisition}", "Requests that broke a rule.");
        Accepted = _meter.CreateCounter<long>("heimdall.acquisitions.accepted", "{acquisition}", "Requests accepted and started.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);
    public Counter<long> Captures { get; }
    public Counter<long> CaptureFailures { get; }
    public Histogram<double> CaptureDuration { get; }
    public Histogram<double> Snr { get; }
    public Histogram<double> Clipping { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Accepted { get; }

    /// <summary>
    /// Exports the receiver's capture and failure counts at 0 (adding nothing), before its first capture by this process,
    /// so that its first failure is an increase that an alert sees (a series that first appears at 1 is not).
    /// </summary>
    public void ExportAtZero(Receiver receiver)
    {
        var tags = Tags(receiver);
        CaptureFailures.Add(0, tags);
        Captures.Add(0, new TagList { tags[0], tags[1], { "signal_detected", "true" } });
        Captures.Add(0, new TagList { tags[0], tags[1], { "signal_detected", "false" } });
    }

    /// <summary>A capture delivered and measured: its count, duration and signal quality.</summary>
    public void RecordCaptured(Receiver receiver, SignalMeasurement measured, TimeSpan elapsed)
    {
        var tags = Tags(receiver);
        var detected = new TagList { tags[0], tags[1], { "signal_detected", measured.SignalDetected ? "true" : "false" } };
        Captures.Add(1, detected);
        CaptureDuration.Record(elapsed.TotalSeconds, tags);
        Clipping.Record(measured.ClippingFraction, tags);
        if (measured.SnrDb is { } snr)
        {
            Snr.Record(snr, tags);
        }
    }

    public void RecordFailed(Receiver receiver) => CaptureFailures.Add(1, Tags(receiver));

    private static TagList Tags(Receiver receiver) => new() { { "receiver", receiver.Name }, { "receiver_id", receiver.ReceiverId } };

    public void Dispose() => _meter.Dispose();
}
