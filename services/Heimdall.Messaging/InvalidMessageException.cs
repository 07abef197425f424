namespace Heimdall.Messaging;

/// <summary>
/// The message can never be processed (unreadable, no usable id, corrupt payload). Never retried: it goes straight to
/// the endpoint's <c>_error</c> queue with this message as the fault reason.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    public InvalidMessageException(string message) : base(message) { }
    public InvalidMessageException(string message, Exception innerException) : base(message, innerException) { }
    public InvalidMessageException() { }
}
