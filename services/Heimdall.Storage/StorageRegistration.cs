using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Heimdall.Resilience;
using Microsoft.Extensions.Options;
using Minio;

namespace Heimdall.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The Minio client from validated <c>S3</c> options (registered by hand: the SDK's AddMinio falls back to a public
    /// server), the object store, the claim-check repository, the readiness check, and S3 as a dependency whose outages
    /// the bus waits out.
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<S3Options>().BindConfiguration(S3Options.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IMinioClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<S3Options>>().Value;
#pragma warning disable CA2000 // the HttpClient lives as long as the singleton client
            return new MinioClient()
                .WithEndpoint(options.Endpoint)
                .WithCredentials(options.AccessKey, options.SecretKey)
                .WithRegion(options.Region)
                .WithSSL(options.UseSsl)
                .WithHttpClient(new HttpClient(S3HttpHandler.Create(options), disposeHandler: true))
                .Build();
#pragma warning restore CA2000
        });
        builder.Services.AddSingleton<ObjectStore>();
        builder.Services.AddHostedService<BucketInitializer>(); // registered before the bus, so it runs first
        builder.Services.AddSingleton<S3MessageDataRepository>();
        builder.Services.AddSingleton<IMessageDataRepository>(sp => sp.GetRequiredService<S3MessageDataRepository>());
        builder.Services.AddSingleton(ObjectStoreFaults.Dependency);
        builder.Services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("s3");
        return builder;
    }
}
