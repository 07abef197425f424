using System.Diagnostics;
using Heimdall.Testing;

namespace Heimdall.Chaos;

/// <summary>
/// The three services as real processes on a fresh vhost, database and bucket, and the local stack's components, with
/// the faults the harness injects: a service killed (SIGKILL) and started again, a stack component stopped and started.
/// Keeps the CPU time every incarnation of each service used, and what each printed, in <see cref="LogDirectory"/>.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public static readonly string[] Services = ["Heimdall.MetricsWriter", "Heimdall.IqArchiver", "Heimdall.Acquirer"];
    private readonly Dictionary<string, ServiceProcess> _running = [];
    private readonly Dictionary<string, TimeSpan> _cpuOfTheDead = [];
    private readonly Dictionary<string, string?> _settings;

    private ChaosCluster(TestStack stack, Dictionary<string, string?> settings)
    {
        Stack = stack;
        _settings = settings;
    }

    public TestStack Stack { get; }

    /// <summary>One file per service: the output of all its incarnations.</summary>
    public string LogDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("HEIMDALL_HOME") is { Length: > 0 } home ? home : Path.Combine(RepositoryPaths.Root, ".heimdall"),
        "logs", "chaos-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Starts the services as the service role, logging warnings and errors, with <paramref name="overrides"/> on top.</summary>
    public static async Task<ChaosCluster> StartAsync(TestStack stack, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = stack.Settings;
        settings["ConnectionStrings:Heimdall"] = stack.Endpoints.ServiceRoleConnectionString(stack.Database.Name);
        settings["MetricsWriter:ApplyMigrationsAtStart"] = "true"; // as the service role: only checks that none is pending
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var cluster = new ChaosCluster(stack, settings);
        Directory.CreateDirectory(cluster.LogDirectory);
        foreach (var service in Services)
        {
            cluster._running[service] = await ServiceProcess.StartAsync(service, settings);
        }

        return cluster;
    }

    /// <summary>kill -9, and started again after <paramref name="down"/> (not waiting for it to be ready).</summary>
    public async Task KillAndRestartAsync(string service, TimeSpan down)
    {
        var process = _running[service];
        Remember(service, process.CpuTime);
        process.Kill();
        await process.DisposeAsync();
        Save(process, "killed (SIGKILL)");
        await Task.Delay(down);
        _running[service] = await ServiceProcess.StartAsync(service, _settings, TimeSpan.FromMinutes(10));
    }

    /// <summary>CPU time used by all incarnations of the service so far.</summary>
    public TimeSpan CpuTime(string service) => _running[service].CpuTime + _cpuOfTheDead.GetValueOrDefault(service);

    private void Save(ServiceProcess process, string end) =>
        File.AppendAllText(Path.Combine(LogDirectory, process.Service + ".log"), $"{process.Output}=== {DateTime.Now:O} {end}\n");

    /// <summary>The local stack's component (rabbitmq, postgres, s3) stopped for <paramref name="down"/>, then started.</summary>
    public static async Task OutageAsync(string component, TimeSpan down)
    {
        await StackAsync("down", component);
        try
        {
            await Task.Delay(down);
        }
        finally
        {
            await StackAsync("up", component);
        }
    }

    private static async Task StackAsync(string command, string component)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "deploy", "local", "stack.sh"), [command, component])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/local/stack.sh {command} {component} failed:\n{output}");
        }
    }

    private void Remember(string service, TimeSpan cpu) => _cpuOfTheDead[service] = _cpuOfTheDead.GetValueOrDefault(service) + cpu;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            await process.DisposeAsync();
            Save(process, "stopped at the end of the run");
        }
    }
}
