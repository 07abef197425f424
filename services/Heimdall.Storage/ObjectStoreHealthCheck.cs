using Heimdall.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Heimdall.Storage;

/// <summary>Ready when the object store answers for the recordings bucket.</summary>
public sealed class ObjectStoreHealthCheck(ObjectStore store, IOptions<S3Options> options) : IHealthCheck
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
        catch (Exception ex) when (ex is not OperationCanceledException && DependencyTls.IsHandshakeFailure(ex))
        {
            var trusted = string.IsNullOrWhiteSpace(options.Value.CaCertificatePath) ? "the system trust store" : $"S3:CaCertificatePath '{options.Value.CaCertificatePath}'";
            return HealthCheckResult.Unhealthy(
                $"Object store TLS: the certificate of {options.Value.Endpoint} was not accepted (it must name that host and chain to {trusted}): {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Object store is not reachable: " + ex.Message);
        }
    }
}
