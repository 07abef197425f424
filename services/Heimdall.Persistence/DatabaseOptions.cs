using System.ComponentModel.DataAnnotations;

namespace Heimdall.Persistence;

/// <summary>PostgreSQL connection, from <c>ConnectionStrings:Heimdall</c>, and the retry of section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Heimdall";

    [Required(ErrorMessage = "ConnectionStrings:Heimdall is required (an Npgsql connection string).")]
    public string ConnectionString { get; set; } = "";

    /// <summary><c>Database:RetryAttempts</c>: retries of a transient database fault before the caller gives up.</summary>
    [Range(0, 50, ErrorMessage = "Database:RetryAttempts must be between 0 and 50.")]
    public int RetryAttempts { get; set; } = 7;

    /// <summary><c>Database:RetryBaseDelayMs</c>: first backoff, doubled per attempt (jittered, at most 8 s).</summary>
    [Range(1, 60_000, ErrorMessage = "Database:RetryBaseDelayMs must be between 1 and 60000.")]
    public int RetryBaseDelayMs { get; set; } = 250;
}
