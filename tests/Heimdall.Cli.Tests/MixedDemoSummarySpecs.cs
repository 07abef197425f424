using Heimdall.Cli;
using Heimdall.Contracts;
using Heimdall.Localisation.Geodesy;
using Heimdall.Localisation.Power;

namespace Heimdall.Cli.Tests;

/// <summary>
/// What <c>heimdall demo --mixed-servers</c> prints, from a fixture outcome: the table with every receiver's kind, timing,
/// basis and stated uncertainties, and the power-based region: the Locator's when it drew one, else the untimed
/// receivers' computed by the demo, labelled as such.
/// </summary>
[TestFixture]
public sealed class When_the_mixed_demo_summarises_an_acquisition
{
    private static readonly (double Latitude, double Longitude) Transmitter = (44.90, 8.20);

    private static readonly Dictionary<int, MixedDemo.DemoReceiver> Registry = new()
    {
        [1] = new(1, "Aquila di Giaveno", "simulated", new GeoPosition(45.0200, 7.2900, 600), true),
        [3] = new(3, "Torino", "simulated", new GeoPosition(45.0440, 7.6720, 250), true),
        [8] = new(8, "Demo SpyServer Alessandria", "spyserver", new GeoPosition(44.9130, 8.6150, 95), true),
        [9] = new(9, "Demo OpenWebRX Chieri", "openwebrx", new GeoPosition(45.0130, 7.8250, 376), true),
        [10] = new(10, "Demo rtl_tcp Alba", "rtl_tcp", new GeoPosition(44.7000, 8.0350, 172), true),
    };

    [Test]
    public void The_table_Should_give_each_receivers_kind_timing_basis_and_values_with_their_uncertainty()
    {
        var outcome = new AcquisitionOutcome();
        outcome.Archived.Add(Archived(3, TimingSources.Simulated, MeasurementBases.Iq, -101.25, 0.004, snr: 17.5, offset: 0.61, sigmas: (0.05, 0.02)));
        outcome.Archived.Add(Archived(9, TimingSources.HostClock, MeasurementBases.Audio, -73.2, 0.012, snr: 17.96, offset: 1234.88, sigmas: (0.066, 2.34)));
        outcome.Archived.Add(Archived(10, TimingSources.HostClock, MeasurementBases.Iq, null, null, snr: null, offset: null, sigmas: null, dbfs: -41.5));
        outcome.Failed.Add(new ReceiverCaptureFailed { AcquisitionId = Guid.Empty, ReceiverId = 8, Reason = "connection refused", Attempts = 2 });
        using var output = new StringWriter();

        MixedDemoSummary.Table(output, outcome, Registry);

        Assert.That(output.ToString(), Is.EqualTo("""

             id  receiver                    kind       timing     basis    SNR dB         offset Hz        power
              3  Torino                      simulated  simulated  iq       17.50 ±0.05    0.61 ±0.02       -101.25 ±0.00 dBm
              8  Demo SpyServer Alessandria  spyserver  FAILED after 2 attempts: connection refused
              9  Demo OpenWebRX Chieri       openwebrx  host-clock audio    17.96 ±0.07    1234.88 ±2.34    -73.20 ±0.01 dBm
             10  Demo rtl_tcp Alba           rtl_tcp    host-clock iq       no signal      -                -41.50 dBFS
            (± the measurement's stated standard uncertainty; timing: simulated and gnss are time-stamped (TDoA), host-clock is untimed)

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Without_the_Locators_region_Should_draw_the_untimed_receivers_region_say_so_and_hold_the_transmitter()
    {
        // The untimed receivers' powers as the demo's servers send them: the Locator's default model (exponent 3) from the
        // transmitter, no shadowing drawn; the timed receivers' powers are far off that model and must not be used.
        var outcome = new AcquisitionOutcome();
        outcome.Archived.Add(Archived(1, TimingSources.Simulated, MeasurementBases.Iq, -20, 0.01));
        outcome.Archived.Add(Archived(3, TimingSources.Simulated, MeasurementBases.Iq, -20, 0.01));
        foreach (var id in new[] { 8, 9, 10 })
        {
            outcome.Archived.Add(Archived(id, TimingSources.HostClock, MeasurementBases.Iq, ModelPowerDbm(Registry[id].Position), 0.02));
        }

        var text = Summarise(outcome, new LocationEstimated
        {
            AcquisitionId = Guid.Empty, Status = "located", Propagation = "ground", GeoJsonUri = "s3://b/k", LocatedAtUtc = DateTimeOffset.UnixEpoch,
        });

        Assert.That(text, Does.StartWith("""

            The Locator drew no power-based region: it draws one only where TDoA gives no point, and this acquisition is located.
            Power-based region of the 3 untimed (host-clock) receivers, computed by the demo with the Locator's default model (a region, not a fix):
              power-based region (not a fix): region, 0.95 confidence, from 3 receivers' calibrated powers
              model      log-distance, exponent 3, shadowing σ 8 dB

            """.ReplaceLineEndings("\n")));
        Assert.That(text, Does.Contain("\n  receiver   Demo SpyServer Alessandria: ").And.Contain("\n  receiver   Demo rtl_tcp Alba: ").And.Not.Contain("Torino"));
        Assert.That(text, Does.EndWith("\n  the simulated transmitter (44.90000, 8.20000) lies inside the 0.95 region\n"));
    }

    [Test]
    public void With_powers_the_model_rejects_at_the_transmitter_Should_say_it_lies_outside()
    {
        // The nearest receiver (Alba, 26 km) 40 dB weaker than the model gives and the farthest 40 dB stronger: at the
        // transmitter the spread of A is about 80 dB, S ≈ 2·40²/8² = 50 against χ²₂(0.95) = 5.99.
        var outcome = new AcquisitionOutcome();
        foreach (var (id, error) in new[] { (8, 40.0), (9, 0.0), (10, -40.0) })
        {
            outcome.Archived.Add(Archived(id, TimingSources.HostClock, MeasurementBases.Iq, ModelPowerDbm(Registry[id].Position) + error, 0.02));
        }

        var text = Summarise(outcome, null);

        Assert.That(text, Does.StartWith("\nPower-based region of the 3 untimed (host-clock) receivers, computed by the demo"));
        // Either the region lies elsewhere or no cell fits; either way it must not claim the transmitter.
        Assert.That(text, Does.Not.Contain("lies inside"));
        Assert.That(text, Does.EndWith("\n  the simulated transmitter (44.90000, 8.20000) lies outside the 0.95 region\n").Or.Contain("\n  region     none: "));
    }

    [Test]
    public void The_Locators_region_Should_be_printed_as_the_Locators()
    {
        var location = new LocationEstimated
        {
            AcquisitionId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Status = "hyperbola", Propagation = "ground", GeoJsonUri = "s3://b/k",
            LocatedAtUtc = DateTimeOffset.UnixEpoch,
            PowerRegion = new LocationPowerRegion
            {
                Method = "power-based", Status = "region", ConfidenceLevel = 0.95, PathLossExponent = 3, ShadowingSigmaDb = 8, AreaKm2 = 1234.56,
                Bounded = true, UsedReceiverIds = [8, 9, 10],
            },
        };

        var text = Summarise(new AcquisitionOutcome(), location);

        Assert.That(text, Is.EqualTo("""

            Power-based region (drawn by the Locator beside TDoA; a region, not a fix): region, 0.95 confidence, 1234.6 km², from receivers 8,9,10; log-distance exponent 3, shadowing σ 8 dB
              the region's outline: GET /api/acquisitions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/location.geojson (kind power-region)

            """.ReplaceLineEndings("\n")));
    }

    private static string Summarise(AcquisitionOutcome outcome, LocationEstimated? location)
    {
        using var output = new StringWriter();
        output.NewLine = "\n";
        MixedDemoSummary.PowerRegion(output, location, outcome, Registry, Transmitter);
        return output.ToString();
    }

    /// <summary>A − 30·log10 d with A = 62 dBm: what the demo's servers send (tools/Heimdall.DemoReceivers).</summary>
    private static double ModelPowerDbm(GeoPosition position) =>
        62 - PathLossModel.Default.LossDb(Geodesic.Inverse(new GeoPosition(Transmitter.Latitude, Transmitter.Longitude), position).Metres);

    private static IqArchived Archived(
        int id, string timing, string basis, double? dbm, double? powerSigma, double? snr = 20, double? offset = 1234.5, (double Snr, double Offset)? sigmas = null,
        double dbfs = -30) => new()
    {
        AcquisitionId = Guid.Empty, ReceiverId = id, CaptureStartUtc = DateTimeOffset.UnixEpoch, FrequencyHz = 145.5e6, SampleRateHz = 48_000, SampleCount = 48_000,
        IqUri = "s3://b/i", MetaUri = "s3://b/m", Bytes = 1, IqSha512 = "", TimingSource = timing,
        Metrics = new SignalMetrics
        {
            SignalDetected = snr is not null, SnrDb = snr, FrequencyOffsetHz = offset, PowerDbfs = dbfs, PowerDbm = dbm, NoiseFloorDbfsPerHz = -90,
            PeakPsdDbfsPerHz = -40, OccupiedBandwidthHz = null, ClippingFraction = 0, Basis = basis,
            Uncertainty = sigmas is { } s ? new MeasurementUncertainty { SnrDb = s.Snr, FrequencyOffsetHz = s.Offset, PowerDb = powerSigma }
                : powerSigma is { } p ? new MeasurementUncertainty { PowerDb = p } : null,
        },
    };
}
