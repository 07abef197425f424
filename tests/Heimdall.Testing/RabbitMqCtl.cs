using System.Diagnostics;
using NUnit.Framework;

namespace Heimdall.Testing;

/// <summary>
/// <c>rabbitmqctl eval</c> on the local broker, for the few broker settings that RabbitMQ 3.10 has only globally (its
/// <c>consumer_timeout</c>). A test that changes one puts it back. Ignored, saying why, where there is no local broker.
/// </summary>
public static class RabbitMqCtl
{
    /// <summary>The Erlang expression's value as rabbitmqctl prints it (<c>{ok,1800000}</c>, <c>ok</c>).</summary>
    public static async Task<string> EvalAsync(string expression)
    {
        var start = new ProcessStartInfo("rabbitmqctl", ["-q", "eval", expression])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Ignore($"Needs rabbitmqctl of the local broker to change its consumer_timeout: {ex.Message}");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl eval '{expression}' exited {process.ExitCode}: {await error}");
            }

            return (await output).Trim();
        }
    }
}
