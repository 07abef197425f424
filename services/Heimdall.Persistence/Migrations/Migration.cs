using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Heimdall.Persistence.Migrations;

/// <summary>One numbered SQL file of <c>db/migrations</c>: <c>NNN_name.sql</c>, optionally headed by <c>-- heimdall:when timescaledb|no-timescaledb</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum, MigrationCondition Condition)
{
    private const string WhenDirective = "-- heimdall:when ";

    public static Migration Load(string path)
    {
        var fileName = Path.GetFileNameWithoutExtension(path);
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration file '{path}' must be named NNN_description.sql.");
        }

        var sql = File.ReadAllText(path).ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        var firstLine = sql.Split('\n', 2)[0].Trim();
        var condition = !firstLine.StartsWith(WhenDirective, StringComparison.Ordinal)
            ? MigrationCondition.Always
            : firstLine[WhenDirective.Length..].Trim() switch
            {
                "timescaledb" => MigrationCondition.WithTimescale,
                "no-timescaledb" => MigrationCondition.WithoutTimescale,
                var other => throw new InvalidOperationException($"Migration '{path}': unknown condition '{other}' (timescaledb or no-timescaledb)."),
            };
        return new Migration(version, fileName[(separator + 1)..], sql, checksum, condition);
    }

    public bool AppliesTo(bool timescaleAvailable) => Condition switch
    {
        MigrationCondition.WithTimescale => timescaleAvailable,
        MigrationCondition.WithoutTimescale => !timescaleAvailable,
        _ => true,
    };
}

public enum MigrationCondition
{
    Always,
    WithTimescale,
    WithoutTimescale,
}
