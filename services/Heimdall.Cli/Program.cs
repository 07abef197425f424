using Heimdall.Cli;

var usage = $"""
    usage:
      heimdall demo  [--frequency HZ] [--duration S] [--receivers 1,2,3] [--timeout S]
      heimdall bench [--count 20] [--duration 1] [--frequency HZ] [--sustained-seconds 60] [--in-flight 8]
      {ReplayCommand.Usage}
      {AnalyzeArguments.Usage}
    demo, bench and replay take their settings from the environment (RabbitMq__*): eval "$(deploy/local/stack.sh env)".
    analyze needs no services. See services/Heimdall.Cli/README.md.
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

switch (args.FirstOrDefault())
{
    case "analyze":
        return await new AnalyzeCommand(Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected)
            .RunAsync(args[1..], cancel.Token);
    case "demo" or "bench" or "replay":
        return await RunOnTheBusAsync(args[0], args[1..], cancel.Token);
    case "-h" or "--help" or "help":
        Console.WriteLine(usage);
        return 0;
    default:
        Console.Error.WriteLine(usage);
        return 2;
}

static async Task<int> RunOnTheBusAsync(string command, string[] args, CancellationToken cancellationToken)
{
    try
    {
        var settings = CliSettings.Load();
        return command switch
        {
            "demo" => await DemoCommand.RunAsync(settings, new CliArguments(args), cancellationToken),
            "replay" => await ReplayCommand.RunAsync(settings, args, cancellationToken),
            _ => await BenchCommand.RunAsync(settings, new CliArguments(args), cancellationToken),
        };
    }
    catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or TimeoutException or OperationCanceledException
                               or MassTransit.RabbitMqConnectionException)
    {
        Console.Error.WriteLine(ex is TimeoutException ? "No outcome in time: is every service running? (" + ex.Message + ")" : ex.Message);
        return 1;
    }
}
