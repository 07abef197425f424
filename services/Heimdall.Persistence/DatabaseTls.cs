using Heimdall.Resilience;
using Npgsql;

namespace Heimdall.Persistence;

/// <summary>Says plainly why a TLS connection to PostgreSQL failed on the server's certificate, naming the setting to change.</summary>
public static class DatabaseTls
{
    /// <summary>True when the exception is a TLS handshake that failed (Npgsql wraps it: "Exception while performing SSL handshake").</summary>
    public static bool IsHandshakeFailure(Exception exception) => exception is NpgsqlException && DependencyTls.IsHandshakeFailure(exception);

    public static string Describe(Exception exception, string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var trusted = string.IsNullOrWhiteSpace(builder.RootCertificate)
            ? "a CA of the system trust store (no Root Certificate is set)"
            : $"the Root Certificate '{builder.RootCertificate}'";
        var name = builder.SslMode == SslMode.VerifyFull ? $", and name the host '{builder.Host}' (SSL Mode=VerifyFull)" : "";
        return $"PostgreSQL TLS: the server's certificate was not accepted: it must be signed by {trusted}{name}. " +
               $"Set Root Certificate in ConnectionStrings:Heimdall to the CA that signed it. ({exception.Message}: {exception.InnerException?.Message})";
    }
}
