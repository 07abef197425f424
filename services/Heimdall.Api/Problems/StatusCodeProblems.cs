using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Heimdall.Api.Problems;

/// <summary>
/// The problem body of an error status that nothing else wrote one for: no operation at that path (404), a method the
/// path does not take (405, with what it takes), a body that is not JSON (415), and the rest with the status's own title.
/// </summary>
internal static class StatusCodeProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var request = http.Request;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"Nothing answers {request.Method} {request.Path}: the operations are listed in /openapi/v1.json (and at /scalar).",
            StatusCodes.Status405MethodNotAllowed =>
                $"{request.Path} does not take {request.Method}; it takes {(http.Response.Headers.Allow is { Count: > 0 } allow ? string.Join(", ", allow.ToString()) : "other methods")}.",
            StatusCodes.Status415UnsupportedMediaType => BodyProblems.NotJson(request),
            _ => null,
        };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
