using Heimdall.Persistence;
using Heimdall.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Heimdall.Api.Problems;

/// <summary>
/// Turns what escapes an endpoint into problem details: a body the binder could not read (<see cref="BodyProblems"/>:
/// malformed JSON, a field of the wrong type, no body, too large, not JSON) is a 400, 413 or 415 naming the field;
/// PostgreSQL or S3 away after their retries is a 503. Query and route values never get here (<c>StrictInputs</c>).
/// Anything else is left to the default handler (500, logged).
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = BodyProblems.Describe(httpContext, bad);
                break;
            case var outage when DatabaseFaults.Dependency.IsUnavailable(outage) || ObjectStoreFaults.Dependency.IsUnavailable(outage):
                var dependency = DatabaseFaults.Dependency.IsUnavailable(outage) ? "PostgreSQL" : "S3";
                ApiLog.DependencyUnavailable(logger, dependency, httpContext.Request.Path, outage.Message);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = $"{dependency} is unavailable.",
                    Detail = "Try again shortly.",
                };
                httpContext.Response.Headers.RetryAfter = "5";
                break;
            default:
                return false;
        }

        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
