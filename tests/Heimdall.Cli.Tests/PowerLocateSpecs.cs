using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Heimdall.Cli.CommandLine;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;
using Heimdall.Localisation.Simulation;

namespace Heimdall.Cli.Tests;

/// <summary><c>heimdall locate --power-based</c> in process, on SigMF metas as the archive writes them for untimed receivers.</summary>
[TestFixture]
public sealed class When_untimed_recordings_are_located_by_power
{
    private static readonly GeoPosition Transmitter = new(45.10, 7.95);
    private RecordingDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new RecordingDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HeimdallCommandLine.RunAsync(["locate", "--power-based", .. args], new CliContext { Output = output, Error = error, Environment = _ => null }, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The seeded network's seven receivers' powers from <see cref="Transmitter"/> (seeded), one meta each; the last without calibration.</summary>
    private List<PowerObservation> WriteMetas()
    {
        var observations = PowerSimulation.Observe(PowerSimulation.SeededNetwork, Transmitter, 40, PathLossModel.Default, 0.5, new Random(7)).ToList();
        observations[^1] = observations[^1] with { PowerDbm = null };
        foreach (var (o, i) in observations.Select((o, i) => (o, i)))
        {
            var power = o.PowerDbm is { } p ? p.ToString("R", CultureInfo.InvariantCulture) : "null";
            File.WriteAllText(Path.Combine(_directory.Path, $"{i + 1}.sigmf-meta"), string.Create(CultureInfo.InvariantCulture, $$$"""
                {"global": {"core:datatype": "cu8", "core:sample_rate": 48000, "heimdall:receiver_name": "{{{o.Name}}}",
                 "core:geolocation": {"type": "Point", "coordinates": [{{{o.Position.Longitude}}}, {{{o.Position.Latitude}}}, {{{o.Position.AltitudeM}}}]},
                 "heimdall:metrics": {"signal_detected": true, "power_dbm": {{{power}}}, "uncertainty": {"snr_db": 0.1, "frequency_offset_hz": 1, "power_db": 0.5} } },
                 "captures": [], "annotations": []}
                """));
        }

        return observations;
    }

    [Test]
    public async Task The_region_Should_be_the_librarys_from_the_metas_powers_labelled_power_based_and_written_as_GeoJSON()
    {
        var observations = WriteMetas();
        var geojson = Path.Combine(_directory.Path, "region.geojson");

        var (code, output, error) = await RunAsync(_directory.Path, "--geojson", geojson);
        var (jsonCode, json, _) = await RunAsync(_directory.Path, "--json");

        var expected = PowerRegion.Estimate(observations);
        using var estimate = JsonDocument.Parse(json);
        using var map = JsonDocument.Parse(await File.ReadAllTextAsync(geojson));
        Assert.Multiple(() =>
        {
            Assert.That((code, jsonCode), Is.EqualTo((0, 0)), error);
            Assert.That(output, Does.StartWith("power-based region (not a fix): region, 0.95 confidence, from 6 receivers' calibrated powers"));
            Assert.That(output, Does.Contain("model      log-distance, exponent 3, shadowing σ 8 dB"));
            Assert.That(output, Does.Contain("receiver   Milano - Baggio: -, not used: no calibrated power"));
            Assert.That(estimate.RootElement.GetProperty("method").GetString(), Is.EqualTo("power-based"));
            Assert.That(estimate.RootElement.GetProperty("cells").GetArrayLength(), Is.EqualTo(expected.Cells.Count).And.GreaterThan(0));
            Assert.That(estimate.RootElement.GetProperty("areaKm2").GetDouble(), Is.EqualTo(expected.AreaKm2));
            Assert.That(PowerRegion.Holds(expected, Transmitter), Is.True);
            Assert.That(map.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("method").GetString(), Is.EqualTo("power-based"));
        });
    }

    /// <summary>
    /// <c>--kml</c> writes the region as KML: one placemark named power-based at the confidence given, with the model
    /// given, whose Polygons are the region's outline (the library's rings from the same powers), and each receiver.
    /// </summary>
    [Test]
    public async Task The_region_Should_be_written_as_KML_labelled_power_based_with_its_confidence_and_model()
    {
        var observations = WriteMetas();
        var kml = Path.Combine(_directory.Path, "region.kml");

        var (code, _, error) = await RunAsync(_directory.Path, "--kml", kml, "--confidence", "0.9", "--path-loss-exponent", "2.5", "--shadowing-db", "7");

        var expected = PowerRegionSummary.From(PowerRegion.Estimate(observations, PathLossModel.Default with { Exponent = 2.5, ShadowingSigmaDb = 7 },
            PowerRegionOptions.Default with { ConfidenceLevel = 0.9 }));
        XNamespace ns = "http://www.opengis.net/kml/2.2";
        var document = XDocument.Load(kml);
        var placemarks = document.Descendants(ns + "Placemark").ToList();
        var region = placemarks[0];
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(document.Root!.Element(ns + "Document")!.Element(ns + "name")!.Value, Is.EqualTo("Heimdall power-based region"));
            Assert.That(region.Element(ns + "name")!.Value, Is.EqualTo("power-based region (90 %, not a fix)"));
            Assert.That(region.Element(ns + "description")!.Value, Does.Contain("at 90 % confidence; log-distance model, path-loss exponent 2.5, shadowing σ 7 dB;"));
            Assert.That(region.Descendants(ns + "Polygon").Select(p => p.Descendants(ns + "coordinates").Single().Value.Split(' ').Length), Has.All.EqualTo(5));
            Assert.That(region.Descendants(ns + "Polygon").Count(), Is.EqualTo(expected.Polygons.Count).And.GreaterThan(0));
            Assert.That(region.Descendants(ns + "Point"), Is.Empty);
            Assert.That(placemarks.Skip(1).Select(p => p.Element(ns + "name")!.Value), Is.EqualTo(observations.Select(o => o.Name)));
            Assert.That(placemarks[^1].Element(ns + "description")!.Value, Does.StartWith("not used: no calibrated power"));
        });
    }

    [Test]
    public async Task A_confidence_out_of_range_Should_exit_2_and_a_kiwi_wav_1_naming_why()
    {
        WriteMetas();

        var (code, _, error) = await RunAsync(_directory.Path, "--confidence", "1.5");
        var (wavCode, _, wavError) = await RunAsync(Path.Combine(_directory.Path, "x.wav"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(error.Trim(), Is.EqualTo("error: confidenceLevel must lie strictly between 0 and 1 (got 1.5)."));
            Assert.That(wavCode, Is.EqualTo(ExitCodes.Failed));
            Assert.That(wavError, Does.Contain("a kiwi-wav file carries no calibrated power"));
        });
    }
}
