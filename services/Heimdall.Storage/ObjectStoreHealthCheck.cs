using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heimdall.Storage;

/// <summary>Ready when the object store answers for the recordings bucket.</summary>
public sealed class ObjectStoreHealthCheck(ObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var exists = await store.BucketExistsAsync(store.Bucket, cancellationToken);
            return exists
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"Bucket '{store.Bucket}' does not exist yet.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Object store is not reachable: " + ex.Message);
        }
    }
}
