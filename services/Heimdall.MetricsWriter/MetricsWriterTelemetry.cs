using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Heimdall.MetricsWriter;

/// <summary>ActivitySource and Meter <c>Heimdall.MetricsWriter</c>: what an operator graphs. Durations are in seconds.</summary>
public sealed class MetricsWriterTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.MetricsWriter";
    private readonly Meter _meter = new(MeterName);

    public MetricsWriterTelemetry()
    {
        RowsCopied = _meter.CreateCounter<long>("heimdall.measurements.rows_stored", "{row}", "Measurement rows stored (duplicates excluded).");
        DuplicatesIgnored = _meter.CreateCounter<long>("heimdall.measurements.duplicates", "{message}", "IqArchived messages whose receiver was already stored.");
        BatchDuration = _meter.CreateHistogram("heimdall.measurements.batch.duration", "s", "Time to write one batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        BatchSize = _meter.CreateHistogram("heimdall.measurements.batch.size", "{message}", "Messages per batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });
        AcquisitionsCompleted = _meter.CreateCounter<long>("heimdall.acquisitions.completed", "{acquisition}", "Acquisitions completed, by status.");
        AcquisitionLatency = _meter.CreateHistogram("heimdall.acquisitions.latency", "s", "From request receipt to completion, by status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, 120, 300, 600] });
    }

    public static ActivitySource ActivitySource { get; } = new(MeterName);
    public Counter<long> RowsCopied { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Histogram<double> BatchDuration { get; }
    public Histogram<long> BatchSize { get; }
    public Counter<long> AcquisitionsCompleted { get; }
    public Histogram<double> AcquisitionLatency { get; }

    /// <summary>Counts a completion by status and records its latency in seconds.</summary>
    public void RecordCompleted(Heimdall.Contracts.AcquisitionCompleted completed)
    {
        var status = new KeyValuePair<string, object?>("status", completed.Status);
        AcquisitionsCompleted.Add(1, status);
        AcquisitionLatency.Record(completed.ElapsedMs / 1000.0, status);
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
