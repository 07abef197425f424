using System.Globalization;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// What a Kiwi's refusal messages mean, as exceptions that quote the server's words. <c>too_busy</c> and <c>ip_limit</c>
/// are <see cref="ReceiverRefusedException"/>s with a cool-down (the Kiwi blacklists an IP that keeps coming back over its
/// limit); <c>badp</c>, <c>down</c>, <c>exclusive_use</c> and a second <c>redirect</c> are refusals without one; both are
/// never retried. <c>inactivity_timeout</c> and <c>password_timeout</c> end this session only: an <see cref="IOException"/>
/// that the Acquirer may retry. <c>redirect</c> the first time is a <see cref="KiwiRedirectException"/> to follow.
/// </summary>
public static class KiwiRefusal
{
    /// <summary>The meaning of each <c>badp</c> code (0 is success).</summary>
    public static string DescribeBadPassword(string? code) => code switch
    {
        "1" => "wrong or missing password, or every channel that needs no password is in use",
        "2" => "the Kiwi is still determining its local interface address (try again in a few moments)",
        "3" => "connections of this kind are not allowed from this IP address",
        "4" => "no admin password is set, so only the Kiwi's local network may connect",
        "5" => "no multiple connections from the same IP address",
        "6" => "a database update is in progress (try again after a minute)",
        "7" => "another admin connection is already open (only one at a time)",
        _ => "an authentication code this driver does not know",
    };

    /// <summary>The meaning of <c>down</c>: 0 disabled by the admin, 1 a software update, 2 a backup.</summary>
    public static string DescribeDown(string? code) => code switch
    {
        "0" => "disabled by its admin",
        "1" => "down for a software update",
        "2" => "down for a backup",
        _ => "down",
    };

    /// <summary>
    /// The exception a message calls for, or null when it is not a refusal. <paramref name="when"/> says when it came
    /// ("at connect", "12.3 s into the stream").
    /// </summary>
    public static Exception? From(KiwiMessage message, KiwiSdrSettings settings, Uri server, string when)
    {
        var quoted = message.Quote();
        foreach (var (name, value) in message.Parameters)
        {
            switch (name)
            {
                case "too_busy":
                    return new ReceiverRefusedException(
                        Invariant($"KiwiSDR {server} said {quoted} {when}: too busy ({value} channels of this kind in use: all receiver channels, the non-browser 'ext API' channels or the TDoA quota). Not contacted again for {settings.TooBusyCoolDownSeconds} s (settings.tooBusyCoolDownSeconds)."),
                        TimeSpan.FromSeconds(settings.TooBusyCoolDownSeconds));
                case "ip_limit":
                    var parts = (value ?? "").Split(',', 2);
                    return new ReceiverRefusedException(
                        Invariant($"KiwiSDR {server} said {quoted} {when}: the 24-hour connect-time limit of {parts[0]} min for IP {(parts.Length > 1 ? parts[1] : "?")} is used up (5 more attempts over it get the IP blacklisted). Not contacted again for {settings.IpLimitCoolDownSeconds} s (settings.ipLimitCoolDownSeconds)."),
                        TimeSpan.FromSeconds(settings.IpLimitCoolDownSeconds));
                case "badp" when value != "0":
                    return new ReceiverRefusedException(Invariant($"KiwiSDR {server} said {quoted} {when}: {DescribeBadPassword(value)}."));
                case "down":
                    var reason = message["reason_disabled"];
                    return new ReceiverRefusedException(Invariant(
                        $"KiwiSDR {server} said {quoted} {when}: {DescribeDown(value)}{(string.IsNullOrWhiteSpace(reason) ? "" : $", reason: '{reason}'")}."));
                case "exclusive_use":
                    return new ReceiverRefusedException(Invariant($"KiwiSDR {server} said {quoted} {when}: an extension holds the Kiwi for exclusive use."));
                case "redirect":
                    return new KiwiRedirectException(value ?? "", Invariant($"KiwiSDR {server} said {quoted} {when}: busy, redirected to '{value}'."));
                case "inactivity_timeout":
                    return new IOException(Invariant($"KiwiSDR {server} said {quoted} {when}: the session was closed after {value} min without a retune (the admin's inactivity limit)."));
                case "password_timeout":
                    return new IOException(Invariant($"KiwiSDR {server} said {quoted} {when}: the session was closed because it did not authenticate in time."));
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The Kiwi sent <c>MSG redirect=</c>: busy, and its admin named another Kiwi to try.</summary>
public sealed class KiwiRedirectException(string target, string message) : Exception(message)
{
    public string Target { get; } = target;
}
