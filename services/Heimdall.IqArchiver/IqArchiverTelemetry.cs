using System.Diagnostics.Metrics;

namespace Heimdall.IqArchiver;

/// <summary>Meter <c>Heimdall.IqArchiver</c>.</summary>
public sealed class IqArchiverTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.IqArchiver";
    private readonly Meter _meter = new(MeterName);

    public IqArchiverTelemetry()
    {
        RecordingsArchived = _meter.CreateCounter<long>("heimdall.recordings.archived", "{recording}", "SigMF recordings written.");
        DuplicatesSkipped = _meter.CreateCounter<long>("heimdall.recordings.duplicates", "{recording}", "Captures already archived with identical metadata.");
        BytesArchived = _meter.CreateCounter<long>("heimdall.recordings.bytes", "By", "Bytes of .sigmf-data written.");
        ArchiveDuration = _meter.CreateHistogram<double>("heimdall.recordings.archive.duration", "ms", "Time to archive one capture.");
    }

    public Counter<long> RecordingsArchived { get; }
    public Counter<long> DuplicatesSkipped { get; }
    public Counter<long> BytesArchived { get; }
    public Histogram<double> ArchiveDuration { get; }

    public void Dispose() => _meter.Dispose();
}
