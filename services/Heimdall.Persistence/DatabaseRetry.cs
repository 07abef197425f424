using Heimdall.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Heimdall.Persistence;

/// <summary>
/// The in-process retry of PostgreSQL's unavailability around database work (Database:RetryAttempts, about 30 s in all by
/// default), after which the fault surfaces to the caller and the message waits in the broker.
/// </summary>
public sealed class DatabaseRetry(ILogger<DatabaseRetry> logger, int maxAttempts = 7, TimeSpan? baseDelay = null)
{
    private readonly ResiliencePipeline _pipeline = DependencyRetry.Build(DatabaseFaults.Dependency,
        new RetrySettings(maxAttempts, baseDelay ?? TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(8)), logger);

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(work, cancellationToken);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(work, cancellationToken);
}
