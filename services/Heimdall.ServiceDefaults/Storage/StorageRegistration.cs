using Heimdall.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Minio;

namespace Heimdall.ServiceDefaults.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The Minio client from validated <c>S3</c> options (registered by hand: the SDK's AddMinio falls back to a public
    /// server), the object store, the claim-check repository and the readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<S3Options>(S3Options.Section);
        builder.Services.AddSingleton<IMinioClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<S3Options>>().Value;
            return new MinioClient()
                .WithEndpoint(options.Endpoint)
                .WithCredentials(options.AccessKey, options.SecretKey)
                .WithRegion(options.Region)
                .WithSSL(options.UseSsl)
                .Build();
        });
        builder.Services.AddSingleton<ObjectStore>();
        builder.Services.AddHostedService<BucketInitializer>(); // registered before the bus, so it runs first
        builder.Services.AddSingleton<S3MessageDataRepository>();
        builder.Services.AddSingleton<IMessageDataRepository>(sp => sp.GetRequiredService<S3MessageDataRepository>());
        builder.Services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("s3", tags: [HealthTags.Ready]);
        return builder;
    }
}
