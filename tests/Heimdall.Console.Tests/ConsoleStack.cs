using Heimdall.Testing;

namespace Heimdall.Console.Tests;

/// <summary>
/// What the console needs, for real: the three services and the API as processes on a fresh stack (the simulated receivers
/// the migrations register), the API with a read-write key, a read-only key and reads closed, and Debian's chromium.
/// </summary>
internal sealed class ConsoleStack : IAsyncDisposable
{
    public const string WriteKey = "console-test-write-key-4f1d2c";
    public const string ReadKey = "console-test-read-only-key-9b7e";

    private ConsoleStack(PipelineProcesses pipeline) => Pipeline = pipeline;

    public PipelineProcesses Pipeline { get; }
    public ServiceProcess Api { get; private set; } = null!;
    public ConsoleBrowser Browser { get; private set; } = null!;
    public TestStack Stack => Pipeline.Stack;

    public static async Task<ConsoleStack> StartAsync(Func<TestStack, Task>? prepare = null)
    {
        var stack = new ConsoleStack(await PipelineProcesses.StartAsync(["AcquisitionCompleted"], prepare));
        try
        {
            var settings = stack.Stack.Settings;
            settings["Logging:LogLevel:Default"] = "Warning";
            settings["Api:Keys:console"] = WriteKey;
            settings["Api:ReadKeys:viewer"] = ReadKey;
            settings["Api:AllowAnonymousReads"] = "false";
            stack.Api = await ServiceProcess.StartAsync("Heimdall.Api", settings);
            stack.Browser = await ConsoleBrowser.LaunchAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>For a TearDown: each process's output, when the test failed.</summary>
    public void WriteOutputsIfTestFailed() => ServiceProcess.WriteOutputsIfTestFailed(Api is null ? Pipeline.Services : [.. Pipeline.Services, Api]);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await Pipeline.DisposeAsync();
    }
}
