using Microsoft.AspNetCore.Http.HttpResults;

namespace Heimdall.Api.Problems;

/// <summary>404 problem details that say what was not found.</summary>
internal static class UnknownResource
{
    public static ProblemHttpResult Acquisition(Guid id) => Problem("acquisition", $"No acquisition {id} is recorded.");

    public static ProblemHttpResult Receiver(int id) => Problem("receiver", $"No receiver {id} is registered.");

    /// <summary>A <c>receiverId</c> filter that names a receiver neither registered nor in any measurement.</summary>
    public static ProblemHttpResult FilteredReceiver(int id) =>
        Problem("receiver", $"No receiver {id} is registered, and no measurement has it: receiverId must name a receiver (GET /api/receivers).");

    public static ProblemHttpResult Recording(string key) => Problem("recording", $"No recording {key} is archived.");

    private static ProblemHttpResult Problem(string what, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}.", detail: detail);
}
