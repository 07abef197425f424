using System.Net;
using System.Text.Json.Nodes;

namespace Heimdall.Cli.Api;

/// <summary>The API answered with an error: its status and, when it sent one, its RFC 9457 problem.</summary>
public sealed class ApiException : Exception
{
    public ApiException(HttpStatusCode status, JsonNode? problem, string message)
        : base(message)
    {
        Status = status;
        Problem = problem;
    }

    public ApiException()
        : this(HttpStatusCode.InternalServerError, null, "The API answered with an error.")
    {
    }

    public ApiException(string message)
        : this(HttpStatusCode.InternalServerError, null, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode Status { get; }
    public JsonNode? Problem { get; }
}
