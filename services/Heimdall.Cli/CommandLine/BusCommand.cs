namespace Heimdall.Cli.CommandLine;

/// <summary>Runs a command that talks to RabbitMQ: settings from the environment, and a broker or timeout problem as one line and exit 1.</summary>
internal static class BusCommand
{
    public static async Task<int> RunAsync(CliContext context, Func<CliSettings, Task<int>> run)
    {
        try
        {
            return await run(CliSettings.Load());
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or TimeoutException or MassTransit.RabbitMqConnectionException)
        {
            await context.Error.WriteLineAsync(ex is TimeoutException ? "error: no outcome in time: is every service running? (" + ex.Message + ")" : "error: " + ex.Message);
            return ExitCodes.Failed;
        }
    }
}
