namespace Heimdall.Signal;

/// <summary>
/// The I/Q data cannot be measured: empty, not a whole number of samples, NaN or infinite values, only zeros,
/// or too few samples. The message names the problem.
/// </summary>
public sealed class IqDataException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public IqDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public IqDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public IqDataException()
        : base("The I/Q data cannot be measured.")
    {
    }
}
