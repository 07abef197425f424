using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Http;

/// <summary>Marks an endpoint whose responses are sent as they are (recordings: byte ranges and ETags of the stored bytes).</summary>
public sealed class UncompressedResponses;

/// <summary>The framework's choice of compression (brotli, gzip) for every response but those of <see cref="UncompressedResponses"/> endpoints.</summary>
internal sealed class ApiCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
{
    private readonly ResponseCompressionProvider _inner = new(services, options);

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => _inner.GetCompressionProvider(context);

    public bool ShouldCompressResponse(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<UncompressedResponses>() is null && _inner.ShouldCompressResponse(context);

    public bool CheckRequestAcceptsCompression(HttpContext context) => _inner.CheckRequestAcceptsCompression(context);
}
