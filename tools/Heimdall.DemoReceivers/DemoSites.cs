using System.Globalization;
using System.Text.Json.Nodes;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;

namespace Heimdall.DemoReceivers;

/// <summary>
/// Where the demo's untimed receivers stand and what they hear: three towns around the simulated transmitter (Asti, the
/// Acquirer's Simulation:Transmitter* defaults), each hearing its carrier at the power of the log-distance model the
/// Locator's power-based region assumes (<see cref="PathLossModel.Default"/>: exponent 3, no shadowing drawn), so the
/// region is drawn under a model that holds and must hold the transmitter. Powers in dBm are
/// <c>A − 10·n·log10 d</c>; each server's carrier is set to that power less the receiver's <c>calibration_db</c> (dBFS).
/// </summary>
public static class DemoSites
{
    /// <summary>The model's <c>A</c> (dBm at 1 m): about −70 dBm at 25 km, a carrier 20 dB or more above the servers' noise.</summary>
    public const double ReferencePowerDbm = 62;

    /// <summary>Every demo receiver's <c>calibration_db</c> (dBm at 0 dBFS).</summary>
    public const double CalibrationDb = -50;

    /// <summary>The carrier is this far above the demo's frequency (145.5 MHz), as the servers' tests expect it.</summary>
    public const double ToneOffsetHz = 1_234.5;

    public const double FrequencyHz = 145_500_000;

    /// <summary>One receiver: its kind, registry name, position, and the registry fields of its kind.</summary>
    public sealed record Site(string Kind, string Name, GeoPosition Position, double SampleRateHz, double MinFrequencyHz, double MaxFrequencyHz, string Settings);

    public static IReadOnlyList<Site> All { get; } =
    [
        new("spyserver", "Demo SpyServer Alessandria", new GeoPosition(44.9130, 8.6150, 95), 48_000, 24e6, 260e6, """{"iqFormat": "int16"}"""),
        new("openwebrx", "Demo OpenWebRX Chieri", new GeoPosition(45.0130, 7.8250, 376), 12_000, 144e6, 146e6, """{"audioDiscardMs": 200}"""),
        new("rtl_tcp", "Demo rtl_tcp Alba", new GeoPosition(44.7000, 8.0350, 172), 1_024_000, 24e6, 1_766e6, """{"gainDb": 30}"""),
    ];

    /// <summary>The carrier's amplitude (full scale 1) at <paramref name="site"/> from a transmitter at <paramref name="transmitter"/>.</summary>
    public static double Amplitude(Site site, GeoPosition transmitter) => Math.Pow(10, (PowerDbm(site, transmitter) - CalibrationDb) / 20);

    /// <summary>The calibrated power the model gives at the site, dBm.</summary>
    public static double PowerDbm(Site site, GeoPosition transmitter)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(transmitter);
        var (metres, _) = Geodesic.Inverse(transmitter, site.Position);
        return ReferencePowerDbm - PathLossModel.Default.LossDb(metres);
    }

    /// <summary>
    /// The receiver as <c>POST /api/receivers</c> takes it, served at <paramref name="url"/>; 15 s an attempt (OpenWebRX's
    /// handshake timeout, 10 s, must stay below it).
    /// </summary>
    public static JsonObject Receiver(Site site, string url)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new JsonObject
        {
            ["name"] = site.Name, ["kind"] = site.Kind, ["url"] = url,
            ["latitude"] = site.Position.Latitude, ["longitude"] = site.Position.Longitude, ["altitudeM"] = site.Position.AltitudeM,
            ["minFrequencyHz"] = site.MinFrequencyHz, ["maxFrequencyHz"] = site.MaxFrequencyHz, ["sampleRateHz"] = site.SampleRateHz,
            ["calibrationDb"] = CalibrationDb, ["timeoutSeconds"] = 15, ["retryCount"] = 1, ["enabled"] = true,
            ["settings"] = JsonNode.Parse(site.Settings),
        };
    }

    /// <summary>The transmitter as the Acquirer has it (Simulation__TransmitterLatitude / Longitude, else its defaults).</summary>
    public static GeoPosition Transmitter(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        static double Read(string? text, double fallback) =>
            text is null ? fallback : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new GeoPosition(Read(environment("Simulation__TransmitterLatitude"), 44.90), Read(environment("Simulation__TransmitterLongitude"), 8.20));
    }
}
