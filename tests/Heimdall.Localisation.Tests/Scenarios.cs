using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Input;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Localisation.Tests;

/// <summary>Small fixed scenarios for the behaviour tests (the statistical ones draw theirs from <see cref="TdoaGeometries"/>).</summary>
internal static class Scenarios
{
    public static readonly LocalFrame Frame = new(TdoaGeometries.Centre);

    public static readonly Propagation LineOfSight = new(PropagationMode.LineOfSight);

    /// <summary>A receiver at east/north kilometres from the centre.</summary>
    public static SimulatedReceiver Receiver(string name, double eastKm, double northKm, double snrDb = 15, double fixedDelay = 0) =>
        new(name, Frame.FromEnu(eastKm * 1000, northKm * 1000, 0), snrDb, ClockPpm: 120 * ((name[0] % 3) - 1),
            StartOffsetSeconds: 0.003 * ((name.Length % 3) - 1), FixedDelaySeconds: fixedDelay);

    /// <summary>Four receivers on a 30 km square around the centre and a transmitter at east/north kilometres.</summary>
    public static TdoaScenario Square(double eastKm = 4, double northKm = -7, double fixedDelay = 0) => new()
    {
        Transmitter = Frame.FromEnu(eastKm * 1000, northKm * 1000, 0),
        Receivers = [Receiver("A", -30, -30), Receiver("B", 30, -30, fixedDelay: fixedDelay), Receiver("C", 30, 30), Receiver("D", -30, 30)],
    };

    public static IReadOnlyList<StationCapture> Captures(TdoaScenario scenario, int seed = 1) => TdoaSimulator.Generate(scenario, LineOfSight, seed).Captures;

    public static LocatorOptions Options => LocatorOptions.Default with { AltitudeSigmaM = 100 };
}
