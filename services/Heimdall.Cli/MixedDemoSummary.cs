using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;

namespace Heimdall.Cli;

/// <summary>
/// What <c>heimdall demo --mixed-servers</c> prints beyond the plain demo: every receiver's kind, timing, basis and
/// measurement with its stated standard uncertainty, and the power-based region of the untimed receivers beside the
/// TDoA location of the timed ones, each labelled for what it is.
/// </summary>
public static class MixedDemoSummary
{
    /// <summary>One row per receiver of the outcome (stored or failed), by id; ± is the measurement's stated standard uncertainty.</summary>
    public static void Table(TextWriter output, AcquisitionOutcome outcome, IReadOnlyDictionary<int, MixedDemo.DemoReceiver> registry)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(registry);
        string Name(int id) => registry.TryGetValue(id, out var r) ? r.Name : "";
        string Kind(int id) => registry.TryGetValue(id, out var r) ? r.Kind : "";
        var rows = outcome.Archived.DistinctBy(a => a.ReceiverId).Select(a =>
            {
                var (m, u) = (a.Metrics, a.Metrics.Uncertainty);
                var power = m.PowerDbm is { } dbm ? Value(dbm, u?.PowerDb, "0.00") + " dBm" : Value(m.PowerDbfs, u?.PowerDb, "0.00") + " dBFS";
                return (a.ReceiverId, Line: Invariant(
                    $"{a.ReceiverId,3}  {Name(a.ReceiverId),-27} {Kind(a.ReceiverId),-10} {a.TimingSource ?? "-",-10} {m.Basis ?? "-",-8} {(m.SnrDb is { } snr ? Value(snr, u?.SnrDb, "0.00") : "no signal"),-14} {(m.FrequencyOffsetHz is { } offset ? Value(offset, u?.FrequencyOffsetHz, "0.00") : "-"),-16} {power}"));
            })
            .Concat(outcome.Failed.Select(f => (f.ReceiverId, Line: $"{f.ReceiverId,3}  {Name(f.ReceiverId),-27} {Kind(f.ReceiverId),-10} FAILED after {f.Attempts} attempts: {f.Reason}")))
            .OrderBy(r => r.ReceiverId);

        output.WriteLine();
        output.WriteLine($"{"id",3}  {"receiver",-27} {"kind",-10} {"timing",-10} {"basis",-8} {"SNR dB",-14} {"offset Hz",-16} power");
        foreach (var (_, line) in rows)
        {
            output.WriteLine(line);
        }

        output.WriteLine("(± the measurement's stated standard uncertainty; timing: simulated and gnss are time-stamped (TDoA), host-clock is untimed)");
    }

    /// <summary>
    /// The power-based region: the Locator's when it drew one (it does only where TDoA gave no point), else the region of
    /// the untimed (host-clock) receivers' calibrated powers computed here with the Locator's default model, said as
    /// such, with whether it holds <paramref name="transmitter"/>.
    /// </summary>
    public static void PowerRegion(
        TextWriter output, LocationEstimated? location, AcquisitionOutcome outcome, IReadOnlyDictionary<int, MixedDemo.DemoReceiver> registry,
        (double Latitude, double Longitude) transmitter)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(registry);
        output.WriteLine();
        if (location?.PowerRegion is { } drawn)
        {
            output.WriteLine(Invariant(
                $"Power-based region (drawn by the Locator beside TDoA; a region, not a fix): {drawn.Status}, {drawn.ConfidenceLevel:0.###} confidence, {drawn.AreaKm2:0.#} km²{(drawn.Bounded ? "" : " (unbounded)")}, from receivers {string.Join(",", drawn.UsedReceiverIds)}; log-distance exponent {drawn.PathLossExponent}, shadowing σ {drawn.ShadowingSigmaDb} dB"));
            if (drawn.Reason is { } reason)
            {
                output.WriteLine("  " + reason);
            }

            output.WriteLine($"  the region's outline: GET /api/acquisitions/{location.AcquisitionId}/location.geojson (kind power-region)");
            return;
        }

        if (location is not null)
        {
            output.WriteLine($"The Locator drew no power-based region: it draws one only where TDoA gives no point, and this acquisition is {location.Status}.");
        }

        var untimed = outcome.Archived.DistinctBy(a => a.ReceiverId).Where(a => a.TimingSource == TimingSources.HostClock && registry.ContainsKey(a.ReceiverId)).OrderBy(a => a.ReceiverId).ToList();
        var estimate = Localisation.Power.PowerRegion.Estimate([.. untimed.Select(a => new PowerObservation(
            registry[a.ReceiverId].Name, registry[a.ReceiverId].Position, a.Metrics.SignalDetected ? a.Metrics.PowerDbm : null, a.Metrics.Uncertainty?.PowerDb ?? 0))]);
        output.WriteLine(Invariant(
            $"Power-based region of the {untimed.Count} untimed (host-clock) receivers, computed by the demo with the Locator's default model (a region, not a fix):"));
        foreach (var line in PowerLocate.Summary(estimate).Split('\n'))
        {
            output.WriteLine("  " + line);
        }

        if (estimate.Status == PowerRegionStatus.Region)
        {
            var holds = Localisation.Power.PowerRegion.Holds(estimate, new GeoPosition(transmitter.Latitude, transmitter.Longitude));
            output.WriteLine(Invariant(
                $"  the simulated transmitter ({transmitter.Latitude:0.00000}, {transmitter.Longitude:0.00000}) lies {(holds ? "inside" : "outside")} the {estimate.ConfidenceLevel:0.###} region"));
        }
    }

    private static string Value(double value, double? sigma, string format) =>
        value.ToString(format, CultureInfo.InvariantCulture) + (sigma is { } s ? " ±" + s.ToString(format, CultureInfo.InvariantCulture) : "");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
