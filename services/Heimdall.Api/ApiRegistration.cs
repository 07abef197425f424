using Heimdall.Api.Endpoints;
using Heimdall.Api.Http;
using Heimdall.Api.OpenApi;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Api.Spectra;
using Heimdall.Data;
using Heimdall.Domain.Acquisitions;
using Heimdall.Messaging;
using Heimdall.ServiceDefaults;
using Heimdall.Receivers;
using Heimdall.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Heimdall.Api;

public static class ApiRegistration
{
    /// <summary>The API: its components and the bus (publish only: no consumers).</summary>
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder) =>
        builder.AddApiComponents().AddHeimdallBus(_ => { });

    /// <summary>Everything but the bus: options, the read side, the object store, security, problem details, OpenAPI.</summary>
    public static IHostApplicationBuilder AddApiComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        builder.Services.AddValidatedOptions<AcquisitionRules>(AcquisitionRules.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestValidator>(); // the Acquirer's own rules: a 400 names what it would reject
        builder.AddHeimdallReadSide();
        builder.AddHeimdallObjectStore();
        builder.AddReceiverDrivers(); // a receiver is registered only with a url and settings its driver accepts
        builder.Services.AddApiSecurity();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // A body the binder cannot read throws, so the handler answers it as problem details naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddApiHttp();
        builder.Services.AddApiDocument();
        builder.Services.AddSingleton<RecordingSpectra>();
        return builder;
    }

    /// <summary>
    /// The pipeline (security headers, problem details for every error, URL length, CORS, compression, the console's
    /// static files, authentication, strict inputs), <c>/openapi/v1.json</c>, the reference page <c>/scalar</c>, and the
    /// <c>/api</c> endpoints.
    /// </summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseApiHttp();
        app.UseConsole();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStrictInputs();
        app.MapApiReference();
        app.MapApiEndpoints();
        return app;
    }
}
