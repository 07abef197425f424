using System.ComponentModel.DataAnnotations;
using Heimdall.Resilience;

namespace Heimdall.Storage;

/// <summary>Object store (MinIO or any S3-compatible server), section <c>S3</c>.</summary>
public sealed class S3Options : IValidatableObject
{
    public const string Section = "S3";

    /// <summary>host:port, without scheme.</summary>
    [Required(ErrorMessage = "S3:Endpoint is required (host:port, e.g. 127.0.0.1:9000).")]
    [RegularExpression(@"^[^/:]+(:\d{1,5})?$", ErrorMessage = "S3:Endpoint must be host:port without a scheme.")]
    public string Endpoint { get; set; } = "";

    [Required(ErrorMessage = "S3:AccessKey is required.")]
    public string AccessKey { get; set; } = "";

    [Required(ErrorMessage = "S3:SecretKey is required.")]
    public string SecretKey { get; set; } = "";

    /// <summary><c>S3:UseSsl</c>: HTTPS. The server's certificate is always verified (name and chain).</summary>
    public bool UseSsl { get; set; }

    /// <summary><c>S3:CaCertificatePath</c>: PEM or DER CA that signed the server's certificate; absent: the system trust store.</summary>
    public string? CaCertificatePath { get; set; }

    [Required(ErrorMessage = "S3:Region is required.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket of the SigMF recordings (docs/contracts.md, Object storage).</summary>
    [Required(ErrorMessage = "S3:Bucket is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "S3:Bucket must be a valid bucket name (3-63 lower-case letters, digits, dots, hyphens).")]
    public string Bucket { get; set; } = "heimdall-raw-iq";

    /// <summary>Key prefix of claim-check objects (IQ too large to ride in a message).</summary>
    [Required(ErrorMessage = "S3:MessageDataPrefix is required.")]
    public string MessageDataPrefix { get; set; } = "message-data/";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DependencyTls.ValidateCa(CaCertificatePath, UseSsl, "S3:CaCertificatePath", "S3:UseSsl");
}
