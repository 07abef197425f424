using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Heimdall.IqArchiver;

/// <summary>ActivitySource and Meter <c>Heimdall.IqArchiver</c>. Durations are in seconds.</summary>
public sealed class IqArchiverTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.IqArchiver";
    private readonly Meter _meter = new(MeterName);

    public IqArchiverTelemetry()
    {
        RecordingsArchived = _meter.CreateCounter<long>("heimdall.recordings.archived", "{recording}", "SigMF recordings written.");
        DuplicatesSkipped = _meter.CreateCounter<long>("heimdall.recordings.duplicates", "{recording}", "Captures already archived with identical metadata.");
        RecordingsSuperseded = _meter.CreateCounter<long>("heimdall.recordings.superseded", "{recording}", "Second, different captures of a receiver not archived because its first recording stays.");
        RecordingsRewritten = _meter.CreateCounter<long>("heimdall.recordings.rewritten", "{recording}", "Recordings written again because the store could not serve their stored meta while it served other objects, or the stored meta was cut short (not a SigMF metadata document).");
        RecordingsFailed = _meter.CreateCounter<long>("heimdall.recordings.failed", "{recording}", "Recordings given up because the store could not write one of their objects while it served others; the receiver is reported failed.");
        BytesArchived = _meter.CreateCounter<long>("heimdall.recordings.bytes", "By", "Bytes of .sigmf-data written.");
        ArchiveDuration = _meter.CreateHistogram("heimdall.recordings.archive.duration", "s", "Time to archive one capture.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public static ActivitySource ActivitySource { get; } = new(MeterName);
    public Counter<long> RecordingsArchived { get; }
    public Counter<long> DuplicatesSkipped { get; }
    public Counter<long> RecordingsSuperseded { get; }
    public Counter<long> RecordingsRewritten { get; }
    public Counter<long> RecordingsFailed { get; }
    public Counter<long> BytesArchived { get; }
    public Histogram<double> ArchiveDuration { get; }

    public void Dispose() => _meter.Dispose();
}
