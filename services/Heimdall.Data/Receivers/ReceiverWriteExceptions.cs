using Heimdall.Domain.Receivers;

namespace Heimdall.Data.Receivers;

/// <summary>The receiver breaks rules (<see cref="ReceiverValidator"/>); <see cref="Reasons"/> names each field.</summary>
public sealed class InvalidReceiverException : Exception
{
    public InvalidReceiverException(IReadOnlyList<string> reasons)
        : base("The receiver breaks rules: " + string.Join(" ", reasons)) => Reasons = reasons;

    public InvalidReceiverException()
        : this([])
    {
    }

    public InvalidReceiverException(string message)
        : this([message])
    {
    }

    public InvalidReceiverException(string message, Exception innerException)
        : base(message, innerException) => Reasons = [message];

    public IReadOnlyList<string> Reasons { get; }
}

/// <summary>Another receiver already has this id or name.</summary>
public sealed class ReceiverConflictException : Exception
{
    public ReceiverConflictException(string message)
        : base(message)
    {
    }

    public ReceiverConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReceiverConflictException()
        : base("Another receiver has this id or name.")
    {
    }
}
