using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Heimdall.Resilience;

/// <summary>
/// The bounded in-process retry of a dependency's unavailability: exponential, jittered, at most
/// <see cref="RetrySettings.MaxDelay"/> apart. Bounded so that a long outage surfaces to the caller, which then leaves
/// the message in the broker instead of blocking forever or dropping it.
/// </summary>
public static partial class DependencyRetry
{
    /// <summary>Meter <c>Heimdall.Resilience</c>.</summary>
    public const string MeterName = "Heimdall.Resilience";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Retries by dependency: every dependency a pipeline was built for is exported from then on, at 0 until it retries.</summary>
    private static readonly ConcurrentDictionary<string, long> Retries = new();

    /// <summary>
    /// <c>heimdall.dependency.retries</c> is observed, not counted, so that a dependency's series exists at 0 before its first
    /// retry (an alert's increase() does not see a series that first appears at 1), whenever the pipeline was built
    /// relative to the metrics exporter.
    /// </summary>
    static DependencyRetry() =>
        Meter.CreateObservableCounter("heimdall.dependency.retries",
            () => Retries.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("dependency", r.Key))),
            "{retry}", "In-process retries of a dependency's unavailability (before the caller gives up and the message waits in the broker), by dependency.");

    public static ResiliencePipeline Build(Dependency dependency, RetrySettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        Retries.TryAdd(dependency.Name, 0);
        if (settings.Attempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(dependency.IsUnavailable),
                MaxRetryAttempts = settings.Attempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                OnRetry = args =>
                {
                    Retries.AddOrUpdate(dependency.Name, 1, (_, count) => count + 1);
                    LogRetry(logger, dependency.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "{Dependency} unavailable, retry {Attempt} in {DelayMs:F0} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, string dependency, int attempt, double delayMs, string? reason);
}

/// <summary>How often and how far apart a dependency's unavailability is retried in process.</summary>
public sealed record RetrySettings(int Attempts, TimeSpan BaseDelay, TimeSpan MaxDelay);
