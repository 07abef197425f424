using System.Globalization;

namespace Heimdall.Chaos;

/// <summary>
/// CPU time (user + system) of every live process with a given command name, from /proc: RabbitMQ (beam.smp),
/// PostgreSQL (postgres, the server and its backends) and s3rver (node). Linux only; zero elsewhere.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux architecture .NET runs on

    public static TimeSpan Of(string command)
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (stat[(open + 1)..close] != command)
                {
                    continue;
                }

                // After "(comm) ": state is field 3, utime field 14, stime field 15.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
