using System.ComponentModel.DataAnnotations;
using Heimdall.Resilience;

namespace Heimdall.Messaging;

/// <summary>Broker connection, section <c>RabbitMq</c>. No defaults for credentials: a missing value fails start-up.</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    [Required(ErrorMessage = "RabbitMq:Host is required (e.g. 127.0.0.1).")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "RabbitMq:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 5672;

    [Required(ErrorMessage = "RabbitMq:VirtualHost is required (e.g. /).")]
    public string VirtualHost { get; set; } = "/";

    [Required(ErrorMessage = "RabbitMq:Username is required.")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "RabbitMq:Password is required.")]
    public string Password { get; set; } = "";

    /// <summary><c>RabbitMq:UseSsl</c>: AMQPS (TLS 1.2/1.3; the broker's TLS port is usually 5671). The certificate is always verified.</summary>
    public bool UseSsl { get; set; }

    /// <summary><c>RabbitMq:SslServerName</c>: the name the broker's certificate must hold; absent: <see cref="Host"/>.</summary>
    public string? SslServerName { get; set; }

    /// <summary><c>RabbitMq:CaCertificatePath</c>: PEM or DER CA that signed the broker's certificate; absent: the system trust store.</summary>
    public string? CaCertificatePath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DependencyTls.ValidateCa(CaCertificatePath, UseSsl, "RabbitMq:CaCertificatePath", "RabbitMq:UseSsl");
}
