using Heimdall.Persistence;
using Heimdall.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Heimdall.Api.Problems;

/// <summary>
/// Turns what escapes an endpoint into problem details: input the binder could not read (wrong type, malformed JSON,
/// a missing required parameter) is a 400 naming the parameter; PostgreSQL or S3 away after their retries is a 503.
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
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "The request could not be read.",
                    Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message,
                };
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
