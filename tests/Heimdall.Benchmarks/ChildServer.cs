using System.Diagnostics;

namespace Heimdall.Benchmarks;

/// <summary>
/// This benchmark program run again as a child process with <paramref name="args"/> (an emulated server), so that the
/// parent's CPU time is the driver's alone. The child prints its URL as its first line and stops when its stdin closes.
/// </summary>
internal sealed class ChildServer : IDisposable
{
    private readonly Process _process;

    public ChildServer(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(ChildServer).Assembly.Location, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) != "dotnet")
        {
            start.ArgumentList.RemoveAt(0);
        }

        _process = Process.Start(start)!;
        Url = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the emulator process printed no URL");
    }

    public string Url { get; }

    /// <summary>Sends an empty line and returns the child's one-line answer.</summary>
    public string Ask()
    {
        _process.StandardInput.WriteLine();
        _process.StandardInput.Flush();
        return _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the emulator process stopped");
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
