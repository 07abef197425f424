using Heimdall.Signal.Simulation;

namespace Heimdall.Signal.Tests.Simulation;

public class LinkModelTests
{
    private static readonly SimulatedTransmitter Transmitter = new()
    {
        Position = new GeoPoint(45.044, 7.672, 300),
        PowerDbm = 40,
        FrequencyHz = 145_001_200,
    };

    private static readonly SimulatedStation Station = new()
    {
        ReceiverId = 3,
        Position = new GeoPoint(45.478, 9.123, 150),
        LocalOscillatorPpm = 0.5,
    };

    [Test]
    public void Predict_Should_apply_the_documented_formulas()
    {
        var link = LinkModel.Predict(Transmitter, Station, tunedFrequencyHz: 145_000_000, sampleRateHz: 48_000);

        var distance = Geodesy.DistanceMeters(Transmitter.Position, Station.Position);
        var pathLoss = RadioPropagation.FreeSpacePathLossDb(distance, 145_001_200);
        var noise = RadioPropagation.ThermalNoiseDbm(48_000, 6);
        Assert.Multiple(() =>
        {
            Assert.That(link.DistanceMeters, Is.EqualTo(distance).Within(1e-9));
            Assert.That(link.PathLossDb, Is.EqualTo(pathLoss).Within(1e-9));
            Assert.That(link.ReceivedPowerDbm, Is.EqualTo(40 - pathLoss).Within(1e-9));
            Assert.That(link.NoisePowerDbm, Is.EqualTo(noise).Within(1e-9));
            Assert.That(link.SnrDb, Is.EqualTo(40 - pathLoss - noise).Within(1e-9));
            Assert.That(link.FrequencyOffsetHz, Is.EqualTo(1200 - 72.5).Within(1e-6));
            Assert.That(link.PropagationDelaySeconds, Is.EqualTo(distance / 299_792_458).Within(1e-15));
            Assert.That(link.SignalDbfs, Is.EqualTo(40 - pathLoss + 60).Within(1e-9));
            Assert.That(link.NoiseDbfs, Is.EqualTo(noise + 60).Within(1e-9));
        });
    }

    [Test]
    public void When_transmitter_and_station_coincide_Path_loss_Should_be_taken_at_1_m()
    {
        var colocated = Station with { Position = Transmitter.Position };

        var link = LinkModel.Predict(Transmitter, colocated, 145_000_000, 48_000);

        Assert.Multiple(() =>
        {
            Assert.That(link.DistanceMeters, Is.Zero);
            Assert.That(link.PathLossDb, Is.EqualTo(RadioPropagation.FreeSpacePathLossDb(1, 145_001_200)).Within(1e-9));
        });
    }

    [Test]
    public void Default_LO_errors_Should_be_deterministic_distinct_and_within_one_ppm()
    {
        var ppms = Enumerable.Range(1, 200).Select(SimulatedStation.DefaultLocalOscillatorPpm).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ppms, Is.Unique);
            Assert.That(ppms, Has.All.InRange(-1.0, 1.0));
            Assert.That(SimulatedStation.DefaultLocalOscillatorPpm(1), Is.EqualTo(((7919 % 201) - 100) / 100.0).Within(1e-15));
            Assert.That(SimulatedStation.DefaultLocalOscillatorPpm(-5), Is.InRange(-1.0, 1.0));
        });
    }
}
