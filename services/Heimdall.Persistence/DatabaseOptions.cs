using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Heimdall.Persistence;

/// <summary>PostgreSQL connection, from <c>ConnectionStrings:Heimdall</c>, and the retry of section <c>Database</c>.</summary>
public sealed class DatabaseOptions : IValidatableObject
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

    /// <summary>
    /// The connection string parses, and TLS, when asked for, verifies the server: <c>SSL Mode=Require</c> (encryption
    /// without any check of whom it talks to) is refused in favour of VerifyCA or VerifyFull; a Root Certificate must exist
    /// and is only meaningful with those two.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        const string key = "ConnectionStrings:Heimdall";
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield break;
        }

        NpgsqlConnectionStringBuilder? builder = null;
        string? problem = null;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            problem = $"{key} is not a valid Npgsql connection string: {ex.Message}";
        }

        if (builder is null)
        {
            yield return new ValidationResult(problem, [key]);
            yield break;
        }

        if (builder.SslMode == SslMode.Require)
        {
            yield return new ValidationResult(
                $"{key}: SSL Mode=Require encrypts without verifying the server's certificate; use SSL Mode=VerifyFull (or VerifyCA) and, for a private CA, Root Certificate=<PEM file>.", [key]);
        }

        if (!string.IsNullOrWhiteSpace(builder.RootCertificate))
        {
            if (builder.SslMode is not (SslMode.VerifyCA or SslMode.VerifyFull))
            {
                yield return new ValidationResult($"{key}: Root Certificate is only used with SSL Mode=VerifyCA or VerifyFull (it is {builder.SslMode}).", [key]);
            }

            if (!File.Exists(builder.RootCertificate))
            {
                yield return new ValidationResult($"{key}: Root Certificate '{builder.RootCertificate}' does not exist.", [key]);
            }
        }
    }
}
