using Heimdall.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Heimdall.Api.OpenApi;

/// <summary>Declares the API-key scheme in the document and requires it everywhere (reads may be opened by configuration).</summary>
internal sealed class ApiKeySecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Heimdall API";
        document.Info.Description =
            "Measurements, acquisitions, statistics, drift, recordings and the receiver registry of Heimdall. " +
            $"Send the key in the {ApiKeyDefaults.Header} header; every write needs a key of Api:Keys, reads any key " +
            "(or none where Api:AllowAnonymousReads is set). Errors are RFC 9457 problem details naming the parameter.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyDefaults.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyDefaults.Header,
            Description = "An API key of Api:Keys (read and write) or Api:ReadKeys (read only).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
