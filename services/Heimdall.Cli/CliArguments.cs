using System.Globalization;

namespace Heimdall.Cli;

/// <summary><c>--name value</c> pairs after the command word.</summary>
public sealed class CliArguments(IReadOnlyList<string> args)
{
    public double Number(string name, double fallback)
    {
        var value = Value(name);
        if (value is null)
        {
            return fallback;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"--{name} must be a number (got '{value}').");
    }

    public int[]? Ints(string name) =>
        Value(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException($"--{name} takes receiver ids like 1,2,3 (got '{v}')."))
            .ToArray();

    private string? Value(string name)
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
}
