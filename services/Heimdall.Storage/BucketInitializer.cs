using Microsoft.Extensions.Hosting;

namespace Heimdall.Storage;

/// <summary>Creates the recordings bucket (which also holds claim checks) before the bus starts, when it is missing.</summary>
public sealed class BucketInitializer(ObjectStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureBucketAsync(store.Bucket, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
