using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Heimdall.Contracts;

namespace Heimdall.MetricsWriter;

/// <summary>ActivitySource and Meter <c>Heimdall.MetricsWriter</c>: what an operator graphs. Durations are in seconds.</summary>
public sealed class MetricsWriterTelemetry : IDisposable
{
    public const string MeterName = "Heimdall.MetricsWriter";
    private readonly Meter _meter = new(MeterName);

    /// <summary>Completions by status, every status present from the start at 0 (see <see cref="AcquisitionsCompleted"/>).</summary>
    private readonly ConcurrentDictionary<string, long> _completed = new(
        new[] { AcquisitionStatus.Completed, AcquisitionStatus.Partial, AcquisitionStatus.Failed }.Select(s => KeyValuePair.Create(s, 0L)));

    public MetricsWriterTelemetry()
    {
        RowsCopied = _meter.CreateCounter<long>("heimdall.measurements.rows_stored", "{row}", "Measurement rows stored (duplicates excluded).");
        DuplicatesIgnored = _meter.CreateCounter<long>("heimdall.measurements.duplicates", "{message}", "IqArchived messages whose receiver was already stored.");
        BatchDuration = _meter.CreateHistogram("heimdall.measurements.batch.duration", "s", "Time to write one batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        BatchSize = _meter.CreateHistogram("heimdall.measurements.batch.size", "{message}", "Messages per batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });
        AcquisitionsCompleted = _meter.CreateObservableCounter("heimdall.acquisitions.completed",
            () => _completed.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", c.Key))),
            "{acquisition}", "Acquisitions completed, by status.");
        AcquisitionLatency = _meter.CreateHistogram("heimdall.acquisitions.latency", "s", "From request receipt to completion, by status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, 120, 300, 600] });
    }

    public static ActivitySource ActivitySource { get; } = new(MeterName);
    public Counter<long> RowsCopied { get; }
    public Counter<long> DuplicatesIgnored { get; }
    public Histogram<double> BatchDuration { get; }
    public Histogram<long> BatchSize { get; }
    /// <summary>
    /// Observed, not counted: every status is exported at 0 from the start, whenever this object was made, so that the first
    /// failed acquisition after a start is an increase that an alert sees (a series that first appears at 1 is not).
    /// </summary>
    public ObservableCounter<long> AcquisitionsCompleted { get; }
    public Histogram<double> AcquisitionLatency { get; }

    /// <summary>Counts a completion by status and records its latency in seconds.</summary>
    public void RecordCompleted(AcquisitionCompleted completed)
    {
        var status = new KeyValuePair<string, object?>("status", completed.Status);
        _completed.AddOrUpdate(completed.Status, 1, (_, count) => count + 1);
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
