using System.ComponentModel.DataAnnotations;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Heimdall.Resilience;

/// <summary>
/// TLS to a dependency (RabbitMQ, S3): the server's certificate is always verified. Without a CA setting it must chain to
/// the system trust store; with one (a PEM or DER file) it must chain to that CA alone. The host name is checked either
/// way. No setting turns verification off.
/// </summary>
public static class DependencyTls
{
    /// <summary>Loads the CA certificate a setting names; the message of a failure names the setting.</summary>
    public static X509Certificate2 LoadCa(string path, string key)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key} '{path}' is not a readable PEM or DER certificate: {ex.Message}", ex);
        }
    }

    /// <summary>Start-up validation of a CA setting: only with TLS on, and a file that holds a certificate.</summary>
    public static IEnumerable<ValidationResult> ValidateCa(string? path, bool tlsOn, string key, string tlsKey)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            yield break;
        }

        if (!tlsOn)
        {
            yield return new ValidationResult($"{key} is set but {tlsKey} is false: the CA would never be used. Turn TLS on or remove {key}.", [key]);
            yield break;
        }

        if (!File.Exists(path))
        {
            yield return new ValidationResult($"{key} '{path}' does not exist.", [key]);
            yield break;
        }

        string? problem = null;
        try
        {
            using var _ = LoadCa(path, key);
        }
        catch (InvalidOperationException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [key]);
        }
    }

    /// <summary>
    /// Whether to accept the server's certificate: the name must match, and the chain must be valid against
    /// <paramref name="ca"/> alone when given, else against the system trust store.
    /// </summary>
    public static bool Accept(X509Certificate2? ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (ca is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    /// <summary>True when the exception (or one inside it) is a TLS handshake that failed, e.g. on the server's certificate.</summary>
    public static bool IsHandshakeFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
