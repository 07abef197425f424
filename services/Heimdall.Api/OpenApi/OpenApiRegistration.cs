using Heimdall.Api.Security;
using Scalar.AspNetCore;

namespace Heimdall.Api.OpenApi;

/// <summary><c>/openapi/v1.json</c> (the built-in generator and the transformers here) and the reference page <c>/scalar</c>.</summary>
internal static class OpenApiRegistration
{
    /// <summary>What the reference page puts in the key field: plainly not a key (the field shows it masked; the code samples show it).</summary>
    public const string KeyPlaceholder = "PASTE-YOUR-X-API-KEY-HERE";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>();
            o.AddSchemaTransformer<SchemaDocumentation>();
            o.AddOperationTransformer<OperationDocumentation>();
            o.AddDocumentTransformer<DocumentShape>();
        });

    /// <summary>
    /// The document and the page, open to anyone. The page works offline: its script comes from this server (the package's
    /// embedded copy), the default fonts, the AI agent, MCP, telemetry, the client and developer-tools buttons (all on the
    /// internet) are off, its inline script carries a nonce for the Content-Security-Policy, and its key is a placeholder.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o
                .WithTitle("Heimdall API")
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .HideClientButton()
                .HideDeveloperTools()
                .WithNonce()
                .AddPreferredSecuritySchemes(ApiKeyDefaults.Scheme)
                .AddApiKeyAuthentication(ApiKeyDefaults.Scheme, key => key.Value = KeyPlaceholder))
            .AllowAnonymous();
        return app;
    }
}
