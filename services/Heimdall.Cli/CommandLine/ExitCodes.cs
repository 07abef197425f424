namespace Heimdall.Cli.CommandLine;

/// <summary>What <c>heimdall</c> exits with (README.md, docs/contracts.md). Only a wrong command line is 2.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The command failed: a file unreadable, the broker or the API unreachable, an unexpected answer.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong (unknown option or command, a missing or malformed value).</summary>
    public const int Usage = 2;

    /// <summary>The service refused the input: an AcquisitionRejected, or the API's 400/409 problem.</summary>
    public const int Rejected = 3;

    /// <summary>The API knows no such acquisition, receiver or recording (404).</summary>
    public const int NotFound = 4;

    /// <summary>The acquisition completed with every receiver failed.</summary>
    public const int AcquisitionFailed = 5;

    /// <summary>The API refused the caller: no key or a wrong one (401), or a read-only key for a write (403).</summary>
    public const int Unauthorized = 6;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
