using System.IO.Compression;
using Heimdall.ServiceDefaults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Http;

/// <summary>
/// HTTP as the API speaks it: strict JSON (numbers as numbers, times as <see cref="IsoTime"/>), compressed JSON
/// (brotli, gzip), the security and caching headers of <see cref="HeaderPolicyOptions"/>, CORS when origins are
/// configured, a problem body for a URL too long, and the strict reading of query and route values.
/// </summary>
internal static class HttpRegistration
{
    /// <summary>The headers a browser on another origin may read.</summary>
    private static readonly string[] ExposedHeaders =
    [
        HeaderNames.Location, HeaderNames.ETag, HeaderNames.ContentDisposition, HeaderNames.ContentRange, HeaderNames.AcceptRanges,
        HeaderNames.RetryAfter, HeaderNames.WWWAuthenticate,
    ];

    public static IServiceCollection AddApiHttp(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
            o.SerializerOptions.Converters.Add(new UtcDateTimeConverter());
        });
        services.AddValidatedOptions<HeaderPolicyOptions>(HeaderPolicyOptions.Section);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = ApiOptions.KestrelRequestLineLimit);
        services.AddResponseCompression(o =>
        {
            // The bodies hold no secret a request could reflect against (keys travel in a header), so HTTPS compresses too.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "text/html", "text/javascript", "text/css", "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, ApiCompressionProvider>());
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
        {
            var settings = api.Value.Cors;
            if (settings.AllowedOrigins.Length == 0)
            {
                return;
            }

            cors.AddDefaultPolicy(policy =>
            {
                if (settings.AllowedOrigins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(settings.AllowedOrigins);
                }

                policy.WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                    .WithHeaders(Security.ApiKeyDefaults.Header, HeaderNames.ContentType, HeaderNames.IfNoneMatch, HeaderNames.IfRange, HeaderNames.Range)
                    .WithExposedHeaders(ExposedHeaders)
                    .SetPreflightMaxAge(TimeSpan.FromSeconds(settings.MaxAgeSeconds));
            });
        });
        return services;
    }

    /// <summary>The middleware that comes before authentication: URL length, CORS (its preflight needs no key), compression.</summary>
    public static WebApplication UseApiHttp(this WebApplication app)
    {
        app.UseMiddleware<RequestTargetLimitMiddleware>();
        app.UseCors();
        app.UseResponseCompression();
        return app;
    }

    /// <summary>After authorization, before the endpoint binds its parameters.</summary>
    public static WebApplication UseStrictInputs(this WebApplication app)
    {
        app.UseMiddleware<StrictInputsMiddleware>();
        return app;
    }
}
