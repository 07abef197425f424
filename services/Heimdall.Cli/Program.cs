using Heimdall.Cli.CommandLine;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await HeimdallCommandLine.RunAsync(args, new CliContext { ErrorIsTerminal = !Console.IsErrorRedirected }, cancel.Token);
