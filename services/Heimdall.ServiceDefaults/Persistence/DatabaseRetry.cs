using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Heimdall.ServiceDefaults.Persistence;

/// <summary>
/// Polly retry around database work. Bounded (about 30 s in all by default) so that a long outage surfaces to the caller,
/// which leaves the message in the broker instead of blocking forever or dropping it.
/// </summary>
public sealed partial class DatabaseRetry
{
    private readonly ResiliencePipeline _pipeline;

    public DatabaseRetry(ILogger<DatabaseRetry> logger, int maxAttempts = 7, TimeSpan? baseDelay = null)
    {
        if (maxAttempts == 0)
        {
            _pipeline = ResiliencePipeline.Empty;
            return;
        }

        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DatabaseFaults.IsTransient),
                MaxRetryAttempts = maxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(8),
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(work, cancellationToken);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(work, cancellationToken);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Database unavailable, retry {Attempt} in {DelayMs:F0} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string? reason);
}
