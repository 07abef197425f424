using System.Globalization;

namespace Heimdall.Benchmarks.ReadSide;

/// <summary><c>--name value</c> pairs of the read-side commands (a benchmark tool, not the operator CLI).</summary>
internal sealed class BenchArguments(IReadOnlyList<string> args)
{
    public string? Text(string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--" + name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public bool Flag(string name) => args.Contains("--" + name);

    public double Number(string name, double fallback) =>
        Text(name) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The benchmark database: <c>--connection</c>, else HEIMDALL_TEST_POSTGRES with database heimdall_bench.</summary>
    public string Connection() => Text("connection")
        ?? new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("HEIMDALL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Give --connection or set HEIMDALL_TEST_POSTGRES (deploy/local/stack.sh env)."))
        {
            Database = "heimdall_bench",
        }.ConnectionString;

    /// <summary>db/migrations, found by walking up from the binary.</summary>
    public static string Migrations()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "db", "migrations");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("db/migrations not found above " + AppContext.BaseDirectory);
    }
}
