using Heimdall.Cli;

const string Usage = """
    heimdall demo  [--frequency HZ] [--duration S] [--receivers 1,2,3] [--timeout S]
    heimdall bench [--count 20] [--duration 1] [--sustained-seconds 60] [--in-flight 8]
    Settings come from the environment (RabbitMq__*, ConnectionStrings__Heimdall): eval "$(deploy/local/stack.sh env)".
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var arguments = new CliArguments(args.Skip(1).ToArray());
    return args.FirstOrDefault() switch
    {
        "demo" => await DemoCommand.RunAsync(CliSettings.Load(), arguments, cancel.Token),
        "bench" => await BenchCommand.RunAsync(CliSettings.Load(), arguments, cancel.Token),
        _ => Fail(Usage),
    };
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or TimeoutException or OperationCanceledException
                           or MassTransit.RabbitMqConnectionException or Npgsql.NpgsqlException)
{
    return Fail(ex is TimeoutException ? "No outcome in time: is every service running? (" + ex.Message + ")" : ex.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}
