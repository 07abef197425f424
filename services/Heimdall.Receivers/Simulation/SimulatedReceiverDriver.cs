using System.Buffers.Binary;
using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;
using Heimdall.Signal.Simulation;
using Microsoft.Extensions.Options;

namespace Heimdall.Receivers.Simulation;

/// <summary>
/// A receiver of the simulated network: hears the configured transmitter through free-space path loss, adds thermal
/// noise, is off-tune by its local-oscillator error, and streams in real time. ci16_le, deterministic per seed.
/// </summary>
public sealed class SimulatedReceiverDriver(IOptions<SimulationOptions> options, TimeProvider clock) : IReceiverDriver
{
    /// <summary>The captures whose first attempt a flaky receiver already failed (<see cref="SimulationOptions.FlakyReceiverIds"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid AcquisitionId, int ReceiverId), bool> _attempted = new();

    public string Kind => "simulated";

    /// <summary>The url is a label (<c>sim://name</c>); the simulation takes no per-receiver settings.</summary>
    public IReadOnlyList<string> Validate(Receiver receiver)
    {
        var problems = new List<string>();
        if (!receiver.Url.StartsWith("sim://", StringComparison.Ordinal))
        {
            problems.Add($"url '{receiver.Url}' must be sim://<name> for a simulated receiver.");
        }

        using var settings = JsonDocument.Parse(receiver.Settings);
        if (settings.RootElement.EnumerateObject().Any())
        {
            problems.Add($"settings: a simulated receiver takes none (got {receiver.Settings}); the simulation is configured in the Simulation section.");
        }

        return problems;
    }

    public Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken) => Task.FromResult(new ReceiverHealth
    {
        ProbedAt = clock.GetUtcNow(),
        Reachable = !options.Value.FailingReceiverIds.Contains(receiver.ReceiverId),
        LatencyMs = 0,
        Detail = options.Value.FailingReceiverIds.Contains(receiver.ReceiverId)
            ? "simulated receiver configured to fail (Simulation:FailingReceiverIds)"
            : "simulated receiver: always reachable",
    });

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var startsAhead = request.StartAtUtc > clock.GetUtcNow();
        await clock.UntilAsync(request.StartAtUtc, cancellationToken);

        if (settings.FailingReceiverIds.Contains(receiver.ReceiverId))
        {
            throw new IOException($"{receiver} is configured to fail (Simulation:FailingReceiverIds).");
        }

        if (settings.FlakyReceiverIds.Contains(receiver.ReceiverId) && _attempted.TryAdd((request.AcquisitionId, receiver.ReceiverId), true))
        {
            throw new IOException($"{receiver} is configured to fail its first attempt (Simulation:FlakyReceiverIds).");
        }

        var captureStart = startsAhead ? request.StartAtUtc : clock.GetUtcNow();
        var tdoa = settings.TdoaBandwidthHz > 0;
        var iq = settings.SilentReceiverIds.Contains(receiver.ReceiverId)
            ? new byte[request.SampleCount * SampleFormat.Ci16Le.BytesPerSample()]
            : tdoa
                // A TDoA receiver is GNSS-disciplined (as a KiwiSDR is): no local-oscillator error, so every receiver hears the
                // signal at the same baseband frequency and the pairs stay coherent over the capture.
                ? await Task.Run(() => BandLimitedSynthesizer.Synthesize(
                    Transmitter(settings, request.FrequencyHz), Station(settings, receiver) with { LocalOscillatorPpm = 0 }, request.FrequencyHz, request.SampleRateHz, request.SampleCount,
                    Math.Min(settings.TdoaBandwidthHz, 0.6 * request.SampleRateHz), (captureStart - request.StartAtUtc).TotalSeconds,
                    Seed(settings.Seed, request.AcquisitionId, 0), Seed(settings.Seed, request.AcquisitionId, receiver.ReceiverId)), cancellationToken)
                : await Task.Run(() => IqSynthesizer.Synthesize(
                    Transmitter(settings, request.FrequencyHz), Station(settings, receiver), request.FrequencyHz,
                    request.SampleRateHz, request.SampleCount, Seed(settings.Seed, request.AcquisitionId, receiver.ReceiverId)), cancellationToken);

        if (settings.RealTime)
        {
            await clock.UntilAsync(captureStart + TimeSpan.FromSeconds(request.SampleCount / request.SampleRateHz), cancellationToken);
        }

        return new RawCapture(iq, SampleFormat.Ci16Le, request.SampleRateHz, request.SampleCount, captureStart,
            tdoa ? SimulatedStamps(captureStart, request.SampleRateHz, request.SampleCount) : new CaptureTiming { Source = TimingSources.HostClock });
    }

    /// <summary>Samples between two simulated stamps (a KiwiSDR packet).</summary>
    public const int StampInterval = 512;

    /// <summary>
    /// The simulated network's time stamps: every <see cref="StampInterval"/> samples the exact instant of that sample
    /// (to the 100 ns a stamp holds), labelled <see cref="TimingSources.Simulated"/>.
    /// </summary>
    public static CaptureTiming SimulatedStamps(DateTimeOffset captureStart, double sampleRateHz, long sampleCount) => new()
    {
        Source = TimingSources.Simulated,
        Stamps = [.. Enumerable.Range(0, (int)((sampleCount + StampInterval - 1) / StampInterval)).Select(i => new CaptureTimeStamp
        {
            SampleIndex = (long)i * StampInterval,
            Utc = captureStart.AddTicks((long)Math.Round((long)i * StampInterval / sampleRateHz * TimeSpan.TicksPerSecond)),
        })],
        MeasuredSampleRateHz = sampleRateHz,
        AnnouncedSampleRateHz = sampleRateHz,
        Warnings = ["simulated time stamps: the simulated network's exact clock, not a receiver's GNSS"],
    };

    public static SimulatedTransmitter Transmitter(SimulationOptions settings, double tunedFrequencyHz) => new()
    {
        Position = new GeoPoint(settings.TransmitterLatitude, settings.TransmitterLongitude, settings.TransmitterAltitudeM),
        PowerDbm = settings.TransmitterPowerDbm,
        FrequencyHz = settings.TransmitterFrequencyHz ?? tunedFrequencyHz + settings.TransmitterOffsetHz,
        DeviationHz = settings.DeviationHz,
        ModulationToneHz = settings.ModulationToneHz,
    };

    public static SimulatedStation Station(SimulationOptions settings, Receiver receiver) => new()
    {
        ReceiverId = receiver.ReceiverId,
        Position = new GeoPoint(receiver.Latitude, receiver.Longitude, receiver.AltitudeM ?? 0),
        NoiseFigureDb = settings.NoiseFigureDb,
        LocalOscillatorPpm = SimulatedStation.DefaultLocalOscillatorPpm(receiver.ReceiverId),
        FullScaleDbm = receiver.CalibrationDb ?? settings.DefaultFullScaleDbm,
    };

    /// <summary>Stable across processes and runs (string.GetHashCode is not).</summary>
    public static int Seed(int seed, Guid acquisitionId, int receiverId)
    {
        Span<byte> id = stackalloc byte[16];
        acquisitionId.TryWriteBytes(id);
        return seed ^ BinaryPrimitives.ReadInt32LittleEndian(id) ^ BinaryPrimitives.ReadInt32LittleEndian(id[12..]) ^ (receiverId * 73_856_093);
    }
}
