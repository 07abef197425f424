namespace Heimdall.Cli;

/// <summary>A command cannot go on; the message names the problem and the file, and is printed after <c>error: </c>.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFailedException()
        : base("The command failed.")
    {
    }
}
