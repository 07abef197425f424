using System.ComponentModel.DataAnnotations;
using Heimdall.Messaging;
using Microsoft.Extensions.Configuration;

namespace Heimdall.Cli;

/// <summary>
/// The broker settings of the services (RabbitMq:*), from environment variables, and where the simulated network's
/// transmitter is (Simulation:TransmitterLatitude / Longitude, the Acquirer's defaults when unset) for the demo.
/// </summary>
public sealed record CliSettings(RabbitMqOptions RabbitMq)
{
    /// <summary>The simulated transmitter the demo's location is compared with.</summary>
    public (double Latitude, double Longitude) SimulatedTransmitter { get; init; } = (44.90, 8.20);

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

        return new CliSettings(rabbit)
        {
            SimulatedTransmitter = (configuration.GetValue("Simulation:TransmitterLatitude", 44.90), configuration.GetValue("Simulation:TransmitterLongitude", 8.20)),
        };
    }
}
