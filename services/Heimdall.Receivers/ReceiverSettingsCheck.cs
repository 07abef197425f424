using System.Diagnostics.CodeAnalysis;
using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers;

/// <summary>
/// A kind's settings reader lists every problem it finds instead of throwing on the first. These turn that list into
/// what each entry point of a driver answers: the problems (validation), a refusal that is not retried (a capture), or
/// a health that says why the receiver was not probed.
/// </summary>
internal static class ReceiverSettingsCheck
{
    public static IReadOnlyList<string> Problems<T>(Receiver receiver, Func<Receiver, List<string>, T> read)
    {
        var problems = new List<string>();
        read(receiver, problems);
        return problems;
    }

    public static T ForCapture<T>(Receiver receiver, Func<Receiver, List<string>, T?> read)
        where T : class
    {
        var problems = new List<string>();
        var settings = read(receiver, problems);
        return settings is not null && problems.Count == 0
            ? settings
            : throw new ReceiverNotSupportedException($"{receiver} is misconfigured: {string.Join(" ", problems)}");
    }

    public static bool TryForProbe<T>(Receiver receiver, Func<Receiver, List<string>, T?> read, DateTimeOffset probedAt,
        [NotNullWhen(true)] out T? settings, [NotNullWhen(false)] out ReceiverHealth? notProbed)
        where T : class
    {
        var problems = new List<string>();
        settings = read(receiver, problems);
        if (settings is not null && problems.Count == 0)
        {
            notProbed = null;
            return true;
        }

        settings = null;
        notProbed = new ReceiverHealth { ProbedAt = probedAt, Reachable = false, Detail = "not probed: misconfigured: " + string.Join(" ", problems) };
        return false;
    }
}
