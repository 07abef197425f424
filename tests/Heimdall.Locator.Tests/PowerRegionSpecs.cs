using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Output;
using Heimdall.Localisation.Simulation;
using Heimdall.Storage;
using Heimdall.Testing;
using MassTransit.Testing;

namespace Heimdall.Locator.Tests;

/// <summary>
/// The Locator on the test harness against the real PostgreSQL and S3, for an acquisition whose receivers are all
/// timed by the host clock (rtl_tcp, SpyServer, OpenWebRX): TDoA cannot use them, so the stored location has no point,
/// but the receivers' calibrated powers, drawn from a known transmitter through the log-distance model with seeded
/// shadowing, give a power-based region, stored in the estimate, drawn in location.geojson and announced in
/// <see cref="LocationEstimated.PowerRegion"/>, labelled power-based everywhere.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PowerRegionSpecs
{
    private const double Exponent = 3.0;
    private const double ShadowingSigmaDb = 8.0;
    private const double PowerSigmaDb = 0.5;
    private const double ReferenceDbm = 40;
    private const string PowerRegionsMetric = "heimdall.locations.power_regions";

    private LocatorHost _locator = null!;

    [OneTimeSetUp]
    public async Task Start() => _locator = await LocatorHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _locator.DisposeAsync();

    /// <summary>
    /// Five untimed receivers around a 30 km circle, the transmitter inside. Each power is the model's with the
    /// Locator's default exponent (3) and shadowing (8 dB) drawn from a seeded normal, plus 0.5 dB stated measurement
    /// uncertainty. The 95 % region holds the truth with probability 0.95 when the model holds (the goodness-of-fit
    /// statistic at the truth is exactly χ²₄; Heimdall.Localisation's PowerRegionTests check that coverage over 600
    /// trials); with the fixed seed the outcome is fixed. A region stored from the wrong receivers, swapped
    /// coordinates or a lost outline lands elsewhere or is empty, and the assertions on its labels fail without the
    /// Locator's power-based step.
    /// </summary>
    [Test]
    public async Task When_every_receiver_is_untimed_with_a_calibrated_power_Should_store_a_power_based_region_holding_the_truth_and_no_point()
    {
        using var regions = new CounterTotal(PowerRegionsMetric, new("status", "region"));
        using var all = new CounterTotal(PowerRegionsMetric);
        var id = Guid.NewGuid();
        var scenario = TdoaGeometries.Inside(new Random(21), new TdoaGeometries.Settings { Receivers = 5, DurationSeconds = 0.25 });
        var shadowing = new Random(2021);
        var powers = scenario.Receivers.Select(r =>
        {
            var d = Math.Max(Geodesic.Inverse(scenario.Transmitter, r.Position).Metres, 100);
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - shadowing.NextDouble())) * Math.Cos(2 * Math.PI * shadowing.NextDouble());
            return ReferenceDbm - (10 * Exponent * Math.Log10(d)) + (ShadowingSigmaDb * gaussian);
        }).ToArray();
        await ArchivedRecordings.WriteAsync(_locator.Store, _locator.Stack.Bucket, id, scenario, 21,
            receiverId => Captures.Metrics(receiverId) with { PowerDbm = powers[receiverId - 1], Uncertainty = new MeasurementUncertainty { PowerDb = PowerSigmaDb } },
            hostClock: [1, 2, 3, 4, 5]);

        var estimated = await _locator.LocateAsync(new AcquisitionCompleted
        {
            AcquisitionId = id, Status = "completed", ReceiversStored = 5, ReceiversFailed = 0, ElapsedMs = 1000, StoredReceiverIds = [1, 2, 3, 4, 5], FailedReceiverIds = [],
        });

        Assert.That(estimated.Status, Is.EqualTo("not-located"), "untimed receivers give TDoA nothing");
        Assert.That(estimated.Latitude, Is.Null);
        Assert.That(estimated.PowerRegion, Is.Not.Null);
        var announced = estimated.PowerRegion!;
        Assert.Multiple(() =>
        {
            Assert.That(announced.Method, Is.EqualTo("power-based"));
            Assert.That(announced.Status, Is.EqualTo("region"));
            Assert.That(announced.ConfidenceLevel, Is.EqualTo(0.95));
            Assert.That(announced.PathLossExponent, Is.EqualTo(Exponent));
            Assert.That(announced.ShadowingSigmaDb, Is.EqualTo(ShadowingSigmaDb));
            Assert.That(announced.UsedReceiverIds, Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
            Assert.That(announced.AreaKm2, Is.GreaterThan(0));
        });

        Assert.That(await _locator.Stack.Database.ScalarAsync<string>(
            $"select status || '|' || coalesce(latitude::text, 'no point') || '|' || (estimate->'powerRegion'->>'method') || '|' || (estimate->'powerRegion'->>'status') from locations where acquisition_id = '{id}'"),
            Is.EqualTo("not-located|no point|power-based|region"));
        var stored = LocationJson.Deserialize((await _locator.Stack.Database.ScalarAsync<string>($"select estimate::text from locations where acquisition_id = '{id}'"))!)!;
        var region = stored.PowerRegion!;
        TestContext.Out.WriteLine($"power-based region: {region.AreaKm2:0.#} km² in {region.Polygons.Count} rings, bounded {region.Bounded}, minimum statistic {region.MinimumStatistic:0.00} (threshold {region.Threshold:0.00})");
        Assert.That(region.Polygons, Is.Not.Empty);
        Assert.That(region.Polygons.All(ring => ring.Length == 5 && ring[0].SequenceEqual(ring[^1])), Is.True, "closed rectangles");
        Assert.That(region.Contains(scenario.Transmitter.Latitude, scenario.Transmitter.Longitude), Is.True, "the region holds the transmitter");
        Assert.That(region.AreaKm2, Is.EqualTo(announced.AreaKm2));
        Assert.That(region.Stations.Select(s => (s.Used, s.PowerDbm)), Is.EqualTo(powers.Select(p => (true, (double?)p))));

        var geoJson = await _locator.Store.GetAsync(_locator.Stack.Bucket, LocationKeys.GeoJson(id), CancellationToken.None);
        using var document = JsonDocument.Parse(geoJson!);
        var features = document.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.That(features.Count(f => f.GetProperty("properties").GetProperty("kind").GetString() == "estimate"), Is.Zero, "never a bare point");
        var drawn = features.Single(f => f.GetProperty("properties").GetProperty("kind").GetString() == "power-region");
        Assert.That(drawn.GetProperty("properties").GetProperty("method").GetString(), Is.EqualTo("power-based"));
        Assert.That(drawn.GetProperty("geometry").GetProperty("type").GetString(), Is.EqualTo("MultiPolygon"));
        Assert.That(drawn.GetProperty("geometry").GetProperty("coordinates").GetArrayLength(), Is.EqualTo(region.Polygons.Count));
        Assert.That((regions.Value, all.Value), Is.EqualTo((1, 1)), "heimdall.locations.power_regions: one region, status region");
    }

    /// <summary>
    /// Five untimed receivers around the 30 km circle, the first three stating −40 dBm and the other two −140 dBm. The
    /// three equal powers want the transmitter about equally far from those three, and the 100 dB step wants the other
    /// two 10^(100/30) ≈ 2150 times farther than that, more than the network's extent allows at the model's 100 m
    /// distance floor: no cell's statistic comes within the 95 % χ²₄ threshold (9.49) at σ 8 dB. The region is refused
    /// as empty, stored with its reason and counted by that status (the powers are fixed: the outcome is too).
    /// </summary>
    [Test]
    public async Task When_the_powers_fit_no_position_Should_store_an_empty_power_region_and_count_it_refused()
    {
        using var empty = new CounterTotal(PowerRegionsMetric, new("status", "empty"));
        using var all = new CounterTotal(PowerRegionsMetric);
        var id = Guid.NewGuid();
        var scenario = TdoaGeometries.Inside(new Random(23), new TdoaGeometries.Settings { Receivers = 5, DurationSeconds = 0.25 });
        double[] powers = [-40, -40, -40, -140, -140];
        await ArchivedRecordings.WriteAsync(_locator.Store, _locator.Stack.Bucket, id, scenario, 23,
            receiverId => Captures.Metrics(receiverId) with { PowerDbm = powers[receiverId - 1], Uncertainty = new MeasurementUncertainty { PowerDb = PowerSigmaDb } },
            hostClock: [1, 2, 3, 4, 5]);

        var estimated = await _locator.LocateAsync(new AcquisitionCompleted
        {
            AcquisitionId = id, Status = "completed", ReceiversStored = 5, ReceiversFailed = 0, ElapsedMs = 1000, StoredReceiverIds = [1, 2, 3, 4, 5], FailedReceiverIds = [],
        });

        Assert.Multiple(() =>
        {
            Assert.That(estimated.PowerRegion?.Method, Is.EqualTo("power-based"));
            Assert.That(estimated.PowerRegion?.Status, Is.EqualTo("empty"));
            Assert.That(estimated.PowerRegion?.Reason, Does.StartWith("no position fits the powers"));
            Assert.That((empty.Value, all.Value), Is.EqualTo((1, 1)), "heimdall.locations.power_regions: one refused, status empty");
        });
    }

    [Test]
    public async Task When_the_acquisition_is_located_by_TDoA_Should_draw_no_power_region()
    {
        using var all = new CounterTotal(PowerRegionsMetric);
        var id = Guid.NewGuid();
        await ArchivedRecordings.WriteAsync(_locator.Store, _locator.Stack.Bucket, id,
            TdoaGeometries.Inside(new Random(22), new TdoaGeometries.Settings { Receivers = 4, DurationSeconds = 0.5 }), seed: 22);

        var estimated = await _locator.LocateAsync(new AcquisitionCompleted
        {
            AcquisitionId = id, Status = "completed", ReceiversStored = 4, ReceiversFailed = 0, ElapsedMs = 1000, StoredReceiverIds = [1, 2, 3, 4], FailedReceiverIds = [],
        });

        Assert.That(estimated.Status, Is.EqualTo("located"));
        Assert.That(estimated.PowerRegion, Is.Null);
        Assert.That(await _locator.Stack.Database.ScalarAsync<bool>($"select estimate ? 'powerRegion' from locations where acquisition_id = '{id}'"), Is.False);
        Assert.That(all.Value, Is.Zero, "heimdall.locations.power_regions counts no region");
    }
}
