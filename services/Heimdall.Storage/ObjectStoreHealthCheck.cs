using Heimdall.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Heimdall.Storage;

/// <summary>
/// Ready when the object store answers for the recordings bucket: one GET of a key nothing writes
/// (<see cref="ObjectStore.ProbeBucketAsync"/>), never a listing, so one object the store cannot read does not make it
/// look unreachable, and the reason given is the store's own answer (its status), never an SDK's parsing error.
/// </summary>
public sealed class ObjectStoreHealthCheck(ObjectStore store, IOptions<S3Options> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.ProbeBucketAsync(store.Bucket, cancellationToken) == BucketState.Ready
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
