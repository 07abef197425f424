using System.ComponentModel.DataAnnotations;
using Heimdall.Messaging;
using Microsoft.Extensions.Configuration;

namespace Heimdall.Cli;

/// <summary>The broker settings of the services (RabbitMq:*), from environment variables.</summary>
public sealed record CliSettings(RabbitMqOptions RabbitMq)
{
    public static CliSettings Load()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var rabbit = new RabbitMqOptions();
        configuration.GetSection(RabbitMqOptions.Section).Bind(rabbit);
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(rabbit, new ValidationContext(rabbit), errors, validateAllProperties: true);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Configuration incomplete (run `eval \"$(deploy/local/stack.sh env)\"` first):\n  " +
                string.Join("\n  ", errors.Select(e => e.ErrorMessage)));
        }

        return new CliSettings(rabbit);
    }
}
