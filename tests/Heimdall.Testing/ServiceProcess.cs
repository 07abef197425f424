using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Heimdall.Testing;

/// <summary>One Heimdall service as a real process (`dotnet Heimdall.X.dll`), configured through environment variables.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string service, Process process, Uri baseAddress)
    {
        Service = service;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Service { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the service on a free port and waits until /health/ready answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string service, IDictionary<string, string?> settings, TimeSpan? readyTimeout = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.ServiceAssembly(service), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Test";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + service);
        var running = new ServiceProcess(service, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (readyTimeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{service} exited with code {process.ExitCode}:\n{running.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(running.BaseAddress, "/health/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return running;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        await running.DisposeAsync();
        throw new TimeoutException($"{service} was not ready within {readyTimeout ?? TimeSpan.FromSeconds(60)}:\n{running.Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or an OOM kill would, without waiting for it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>CPU time the process has used so far (user + system); its last value once it has exited.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _lastCpu = _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return _lastCpu;
            }
        }
    }

    private TimeSpan _lastCpu;

    /// <summary>For a [TearDown]: when the current test failed, writes each service's output to the test's log.</summary>
    public static void WriteOutputsIfTestFailed(IEnumerable<ServiceProcess> services)
    {
        if (NUnit.Framework.TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            return;
        }

        foreach (var service in services)
        {
            NUnit.Framework.TestContext.Out.WriteLine($"--- {service.Service} ---\n{service.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
