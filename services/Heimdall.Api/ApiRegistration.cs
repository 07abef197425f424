using Heimdall.Api.Endpoints;
using Heimdall.Api.OpenApi;
using Heimdall.Api.Problems;
using Heimdall.Api.Security;
using Heimdall.Data;
using Heimdall.Domain.Acquisitions;
using Heimdall.Messaging;
using Heimdall.ServiceDefaults;
using Heimdall.Receivers;
using Heimdall.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

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
        // Input the binder cannot read throws, so the handler answers it as problem details naming the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>());
        return builder;
    }

    /// <summary>Problem details for every error, authentication, the endpoints, <c>/openapi/v1.json</c> and the reference page <c>/scalar</c>.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Heimdall API")).AllowAnonymous();
        app.MapMeasurementEndpoints();
        app.MapAcquisitionEndpoints();
        app.MapAnalysisEndpoints();
        app.MapRecordingEndpoints();
        app.MapReceiverEndpoints();
        app.MapStatusEndpoints();
        return app;
    }
}
