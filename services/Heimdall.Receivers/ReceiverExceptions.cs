namespace Heimdall.Receivers;

/// <summary>The receiver's kind has no driver in this build: retrying cannot help.</summary>
public sealed class ReceiverNotSupportedException(string message) : Exception(message);

/// <summary>
/// The receiver's server refused the capture (busy, wrong password, a time limit, down for an update). Retrying at once
/// cannot help and may get the client blacklisted, so it is not retried; <see cref="CoolDown"/>, when set, is how long
/// the receiver must not be contacted again (the Acquirer persists it, and the next acquisitions skip the receiver).
/// The message quotes what the server said.
/// </summary>
public sealed class ReceiverRefusedException(string message, TimeSpan? coolDown = null) : Exception(message)
{
    public TimeSpan? CoolDown { get; } = coolDown;
}
