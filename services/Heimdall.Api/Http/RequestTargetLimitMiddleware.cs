using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Heimdall.Api.Http;

/// <summary>
/// 414 with a problem body for a request target (path and query) longer than <see cref="ApiOptions.MaxUrlLength"/>.
/// Kestrel accepts lines up to <see cref="ApiOptions.KestrelRequestLineLimit"/>, so that this answers, not Kestrel's bare 414.
/// </summary>
internal sealed class RequestTargetLimitMiddleware(RequestDelegate next, IOptionsMonitor<ApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var length = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        var limit = options.CurrentValue.MaxUrlLength;
        if (length <= limit)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status414UriTooLong;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status414UriTooLong,
                Title = "The request's URL is too long.",
                Detail = $"The path and query hold {length} characters; at most {limit} are read (Api:MaxUrlLength). Narrow the query.",
            },
        });
    }
}
