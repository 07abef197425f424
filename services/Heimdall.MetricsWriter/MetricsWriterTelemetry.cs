using System.Diagnostics.Metrics;

namespace Heimdall.MetricsWriter;

/// <summary>Meter <c>Heimdall.MetricsWriter</c>: what an operator graphs.</summary>
public sealed class MetricsWriterTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.MetricsWriter";
    private readonly Meter _meter = new(MeterName);

    public MetricsWriterTelemetry()
    {
        RowsCopied = _meter.CreateCounter<long>("heimdall.measurements.rows_stored", "{row}", "Measurement rows stored (duplicates excluded).");
        DuplicatesIgnored = _meter.CreateCounter<long>("heimdall.measurements.duplicates", "{message}", "IqArchived messages whose receiver was already stored.");
        BatchDuration = _meter.CreateHistogram<double>("heimdall.measurements.batch.duration", "ms", "Time to write one batch.");
        BatchSize = _meter.CreateHistogram<long>("heimdall.measurements.batch.size", "{message}", "Messages per batch.");
        AcquisitionsCompleted = _meter.CreateCounter<long>("heimdall.acquisitions.completed", "{acquisition}", "Acquisitions completed, by status.");
        AcquisitionLatency = _meter.CreateHistogram<double>("heimdall.acquisitions.latency", "ms", "From request receipt to completion.");
    }

    public Counter<long> RowsCopied { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Histogram<double> BatchDuration { get; }
    public Histogram<long> BatchSize { get; }
    public Counter<long> AcquisitionsCompleted { get; }
    public Histogram<double> AcquisitionLatency { get; }

    /// <summary>Counts a completion by status and records its latency.</summary>
    public void RecordCompleted(Heimdall.Contracts.AcquisitionCompleted completed)
    {
        AcquisitionsCompleted.Add(1, new KeyValuePair<string, object?>("status", completed.Status));
        AcquisitionLatency.Record(completed.ElapsedMs);
    }

    /// <summary>
    /// <c>heimdall.timescaledb.jobs.failing</c>: one series per TimescaleDB job (label <c>job</c>, TimescaleDB's name for it),
    /// 1 while its last run failed, 0 otherwise.
    /// </summary>
    public void ObserveTimescaleJobs(Func<IReadOnlyList<Heimdall.Data.Measurements.TimescaleJobState>> jobs) =>
        _meter.CreateObservableGauge("heimdall.timescaledb.jobs.failing",
            () => jobs().Select(j => new Measurement<int>(j.Failing ? 1 : 0, new KeyValuePair<string, object?>("job", j.Name))),
            "{job}", "TimescaleDB jobs whose last run failed (1), by job.");

    public void Dispose() => _meter.Dispose();
}
