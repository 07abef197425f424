using System.ComponentModel.DataAnnotations;
using Heimdall.ServiceDefaults.Options;
using Microsoft.Extensions.Configuration;

namespace Heimdall.Cli;

/// <summary>The same settings as the services (RabbitMq:*, ConnectionStrings:Heimdall), from environment variables.</summary>
public sealed record CliSettings(RabbitMqOptions RabbitMq, string ConnectionString)
{
    public static CliSettings Load()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var rabbit = new RabbitMqOptions();
        configuration.GetSection(RabbitMqOptions.Section).Bind(rabbit);
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(rabbit, new ValidationContext(rabbit), errors, validateAllProperties: true);
        var connectionString = configuration.GetConnectionString("Heimdall");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add(new ValidationResult("ConnectionStrings:Heimdall is required (environment variable ConnectionStrings__Heimdall)."));
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Configuration incomplete (run `eval \"$(deploy/local/stack.sh env)\"` first):\n  " +
                string.Join("\n  ", errors.Select(e => e.ErrorMessage)));
        }

        return new CliSettings(rabbit, connectionString!);
    }
}
