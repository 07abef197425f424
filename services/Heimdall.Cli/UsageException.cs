namespace Heimdall.Cli;

/// <summary>The command line itself is wrong (unknown option, missing value, no file); answered with the usage text and exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
        : base("Wrong usage.")
    {
    }
}
