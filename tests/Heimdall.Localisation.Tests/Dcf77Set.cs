using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;

namespace Heimdall.Localisation.Tests;

/// <summary>
/// The real three-KiwiSDR DCF77 set (2020-08-13) that lives beside the repository in ../shared/data/kiwi-tdoa-dcf77,
/// never in it: where to find it, its receivers' positions (the TDoA project's) and the truth. Linked into the CLI tests
/// and the benchmarks.
/// </summary>
internal static class Dcf77Set
{
    /// <summary>The transmitter at Mainflingen.</summary>
    public static readonly GeoPosition Truth = new(50.0156, 9.0108);

    public static readonly IReadOnlyDictionary<string, GeoPosition> Positions = new Dictionary<string, GeoPosition>
    {
        ["HB9ODP"] = new(46.499351, 8.798828),
        ["JO51xl"] = new(51.466044, 11.977189),
        ["pa0rdt"] = new(51.500500, 3.600690),
    };

    /// <summary>The folder beside the repository (found by walking up to Heimdall.sln from the binary); null when it is not there.</summary>
    public static string? Folder()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Heimdall.sln")))
        {
            root = root.Parent;
        }

        var folder = root is null ? null : Path.GetFullPath(Path.Combine(root.FullName, "..", "shared", "data", "kiwi-tdoa-dcf77"));
        return folder is not null && Directory.Exists(folder) && Directory.GetFiles(folder, "*.wav").Length == 3 ? folder : null;
    }

    /// <summary>Where the set was looked for, for a skip message.</summary>
    public static string Missing => "the real DCF77 recordings are not beside the repository (../shared/data/kiwi-tdoa-dcf77; they are never copied into it)";

    /// <summary>The three captures, with their positions.</summary>
    public static IReadOnlyList<StationCapture> Captures(string folder) => Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal)
        .Select(f => KiwiWavCapture.Create(f, File.ReadAllBytes(f), null)).Select(c => c with { Position = Positions[c.Name] }).ToList();

    /// <summary>The positions as <c>heimdall locate</c> options.</summary>
    public static string[] PositionArguments => Positions.SelectMany(p => new[] { "--position", $"{p.Key}={p.Value.Latitude},{p.Value.Longitude}" }).ToArray();
}
