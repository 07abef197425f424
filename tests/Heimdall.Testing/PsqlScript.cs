using System.Text.RegularExpressions;

namespace Heimdall.Testing;

/// <summary>
/// A SQL script written for psql, as Npgsql can run it: each <c>\ir FILE</c> (psql's include, relative to the script)
/// replaced by that file's text. Any other psql meta-command is refused, so that a script the tests run is the script
/// an operator runs.
/// </summary>
public static partial class PsqlScript
{
    public static string Read(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return string.Join('\n', File.ReadAllLines(path).Select(line => line.StartsWith('\\') ? Include(folder, line) : line));
    }

    private static string Include(string folder, string line)
    {
        var include = Relative().Match(line);
        return include.Success
            ? Read(Path.Combine(folder, include.Groups[1].Value))
            : throw new InvalidOperationException($"psql meta-command the tests cannot run: {line}");
    }

    [GeneratedRegex(@"^\\ir\s+(\S+)\s*$")]
    private static partial Regex Relative();
}
