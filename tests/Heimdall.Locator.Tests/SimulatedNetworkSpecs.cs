using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.IqArchiver;
using Heimdall.IqArchiver.SigMf;
using Heimdall.Localisation.Geodesy;
using Heimdall.Receivers;
using Heimdall.Receivers.Simulation;
using Heimdall.Storage;
using Heimdall.Testing;
using Microsoft.Extensions.Options;

namespace Heimdall.Locator.Tests;

/// <summary>
/// The demo's network: the seven seeded simulated receivers, with <c>Simulation:TdoaBandwidthHz</c> 3000, captured by
/// the simulated driver itself (each at its own host start, as without a common start), archived as the IqArchiver
/// writes them, and located by the Locator near the simulated transmitter (44.90 N, 8.20 E, 200 m).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_the_simulated_network_is_TDoA_capable
{
    private static readonly (int Id, string Name, double Lat, double Lon, double Alt)[] Seeded =
    [
        (1, "Aquila di Giaveno", 45.0200, 7.2900, 600), (2, "Montanaro", 45.2340, 7.8570, 220), (3, "Torino", 45.0440, 7.6720, 250),
        (4, "Coazze", 45.0300, 7.2700, 750), (5, "Passo del Giovi", 44.5610, 8.9560, 470), (6, "Genova", 44.3950, 8.9560, 100),
        (7, "Milano - Baggio", 45.4780, 9.1230, 120),
    ];

    /// <summary>The seven receivers' captures by the simulated driver, as (receiver id, data, meta as the IqArchiver writes it).</summary>
    private static async Task<List<(int ReceiverId, byte[] Data, byte[] Meta)>> CaptureAsync(Guid id)
    {
        var settings = new SimulationOptions { TdoaBandwidthHz = 3000, RealTime = false };
        var driver = new SimulatedReceiverDriver(Options.Create(settings), TimeProvider.System);
        var request = new CaptureRequest(id, 145_500_000, 12_000, 12_000, DateTimeOffset.UtcNow);
        var recordings = new List<(int, byte[], byte[])>();
        foreach (var (receiverId, name, lat, lon, alt) in Seeded)
        {
            var receiver = new Receiver
            {
                ReceiverId = receiverId, Name = name, Kind = "simulated", Url = "sim://x", Latitude = lat, Longitude = lon, AltitudeM = alt,
                MinFrequencyHz = 144e6, MaxFrequencyHz = 440e6, SampleRateHz = 12_000, CalibrationDb = -60, TimeoutSeconds = 10, RetryCount = 2, Enabled = true,
            };
            var raw = await driver.CaptureAsync(receiver, request, CancellationToken.None);
            Assert.That(raw.Timing.Source, Is.EqualTo(TimingSources.Simulated));
            var message = Captures.IqCaptured(id, receiverId, raw.Iq) with
            {
                Receiver = new ReceiverSnapshot { Name = name, Kind = "simulated", Latitude = lat, Longitude = lon, AltitudeM = alt },
                FrequencyHz = request.FrequencyHz,
                CaptureStartUtc = raw.CaptureStartUtc,
                Timing = raw.Timing,
            };
            recordings.Add((receiverId, raw.Iq, SigMfMetadata.Build(message, "test")));
        }

        return recordings;
    }

    private static double ErrorMetres(double latitude, double longitude) => Geodesic.Inverse(new GeoPosition(44.90, 8.20), new GeoPosition(latitude, longitude)).Metres;

    [Test]
    public async Task Its_recordings_Should_be_located_offline_near_the_simulated_transmitter()
    {
        var recordings = await CaptureAsync(Guid.NewGuid());
        var captures = recordings.Select(r =>
        {
            using var meta = System.Text.Json.JsonDocument.Parse(r.Meta);
            return Localisation.Input.SigMfCapture.Create(meta.RootElement, r.Data, r.ReceiverId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();

        var estimate = Localisation.Locator.Locate(captures);

        Assert.That(estimate.Status, Is.EqualTo("located"), estimate.Reason);
        var error = ErrorMetres(estimate.Latitude!.Value, estimate.Longitude!.Value);
        TestContext.Out.WriteLine($"simulated network, offline: {error:0.0} m from the transmitter; ellipse95 {estimate.Ellipse95!.SemiMajorM:0.0} × {estimate.Ellipse95.SemiMinorM:0.0} m");
        Assert.That(estimate.Stations.Select(s => s.Used), Is.All.True);
        // 1.5 × the 95 % semi-major axis: a correct estimate falls outside it with probability exp(−13.5/2) ≈ 0.1 % (LocatorSpecs).
        Assert.That(error, Is.LessThan(1.5 * estimate.Ellipse95.SemiMajorM));
    }

    [Test]
    public async Task Its_captures_Should_be_located_near_the_simulated_transmitter_with_an_ellipse_that_holds_it()
    {
        await using var stack = await TestStack.CreateAsync();
        await using var host = await HarnessHost.StartAsync(stack.Settings, b => b.AddLocatorComponents(), LocatorRegistration.AddConsumers, TimeSpan.FromSeconds(60));
        using var store = stack.CreateObjectStore();
        var id = Guid.NewGuid();
        foreach (var (receiverId, data, meta) in await CaptureAsync(id))
        {
            await store.PutAsync(stack.Bucket, ArchiveKeys.Data(id, receiverId), data, "application/octet-stream", CancellationToken.None);
            await store.PutAsync(stack.Bucket, ArchiveKeys.Meta(id, receiverId), meta, "application/json", CancellationToken.None);
        }

        await host.Harness.Bus.Publish(new AcquisitionCompleted
        {
            AcquisitionId = id, Status = "completed", ReceiversStored = 7, ReceiversFailed = 0, ElapsedMs = 1, StoredReceiverIds = [1, 2, 3, 4, 5, 6, 7],
        });
        await Eventually.True(() => host.Harness.Published.Select<LocationEstimated>(x => x.Context.Message.AcquisitionId == id).Any(), "LocationEstimated", TimeSpan.FromSeconds(60));
        var estimated = host.Harness.Published.Select<LocationEstimated>(x => x.Context.Message.AcquisitionId == id).Single().Context.Message;

        Assert.That(estimated.Status, Is.EqualTo("located"), estimated.Reason);
        var error = ErrorMetres(estimated.Latitude!.Value, estimated.Longitude!.Value);
        TestContext.Out.WriteLine($"simulated network: {error:0.0} m from the transmitter; ellipse95 {estimated.SemiMajorM:0.0} × {estimated.SemiMinorM:0.0} m; used {string.Join(",", estimated.UsedReceiverIds)}");
        Assert.That(estimated.UsedReceiverIds, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        // 1.5 × the 95 % semi-major axis: a correct estimate falls outside it with probability exp(−13.5/2) ≈ 0.1 % (LocatorSpecs).
        Assert.That(error, Is.LessThan(1.5 * estimated.SemiMajorM!.Value));
    }
}
