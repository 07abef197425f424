using System.Diagnostics.Metrics;
using MassTransit;

namespace Heimdall.Messaging;

/// <summary>
/// How long messages wait and take, in seconds, by queue: <c>heimdall.messages.delivery.lag</c> (from the message's
/// sent time to the start of its consumption: time spent in the broker, the queue's backlog included) and
/// <c>heimdall.messages.consume.duration</c> (from its receipt to the end of its consumption, faults included). They
/// replace MassTransit's own duration histograms, which record milliseconds and which the services do not export
/// (Prometheus' names carry base units: seconds).
/// </summary>
public sealed class ConsumeMetrics : IConsumeObserver, IDisposable
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
    private readonly Meter _meter = new(OutagePolicy.MeterName);
    private readonly Histogram<double> _lag;
    private readonly Histogram<double> _duration;
    private readonly TimeProvider _clock;

    public ConsumeMetrics(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _lag = _meter.CreateHistogram("heimdall.messages.delivery.lag", "s", "From a message's sent time to the start of its consumption, by queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _duration = _meter.CreateHistogram("heimdall.messages.consume.duration", "s", "From a message's receipt to the end of its consumption (faults included), by queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.SentTime is { } sent)
        {
            var lag = _clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(sent, DateTimeKind.Utc);
            _lag.Record(Math.Max(0, lag.TotalSeconds), Queue(context));
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _duration.Record(context.ReceiveContext.ElapsedTime.TotalSeconds, Queue(context));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _duration.Record(context.ReceiveContext.ElapsedTime.TotalSeconds, Queue(context));
        return Task.CompletedTask;
    }

    private static KeyValuePair<string, object?> Queue(ConsumeContext context) =>
        new("queue", context.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1]);

    public void Dispose() => _meter.Dispose();
}
