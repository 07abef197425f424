using System.Security.Cryptography;
using Heimdall.Contracts;
using Heimdall.Signal.Simulation;
using MassTransit;
using MassTransit.MessageData.Values;

namespace Heimdall.Testing;

/// <summary>Realistic messages of the chain (IQ from the simulator), for consumer specs.</summary>
public static class Captures
{
    public static readonly SimulatedTransmitter Transmitter = new()
    {
        Position = new GeoPoint(44.90, 8.20, 200),
        PowerDbm = 20,
        FrequencyHz = 145_500_000,
    };

    public static byte[] Iq(int receiverId, long sampleCount = 6000) => IqSynthesizer.Synthesize(Transmitter,
        new SimulatedStation { ReceiverId = receiverId, Position = new GeoPoint(45.044, 7.672, 250) }, 145_500_000, 12_000, sampleCount, seed: receiverId);

    public static string Sha512(byte[] bytes) => Convert.ToHexStringLower(SHA512.HashData(bytes));

    public static IqCaptured IqCaptured(Guid acquisitionId, int receiverId, byte[] iq, MessageData<byte[]>? claim = null) => new()
    {
        AcquisitionId = acquisitionId,
        ReceiverId = receiverId,
        Receiver = new ReceiverSnapshot { Name = $"Station {receiverId}", Kind = "simulated", Latitude = 45.044, Longitude = 7.672, AltitudeM = 250 },
        FrequencyHz = 145_500_000,
        SampleRateHz = 12_000,
        SampleCount = iq.Length / 4,
        SampleFormat = "ci16_le",
        CaptureStartUtc = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        Metrics = Metrics(receiverId),
        Iq = claim ?? new BytesInlineMessageData(iq),
        IqSha512 = Sha512(iq),
    };

    public static IqArchived IqArchived(Guid acquisitionId, int receiverId, string bucket = "heimdall-raw-iq", SignalMetrics? metrics = null) => new()
    {
        AcquisitionId = acquisitionId,
        ReceiverId = receiverId,
        CaptureStartUtc = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        FrequencyHz = 145_500_000,
        SampleRateHz = 12_000,
        SampleCount = 6000,
        Metrics = metrics ?? Metrics(receiverId),
        IqUri = $"s3://{bucket}/acquisitions/{acquisitionId}/{receiverId}.sigmf-data",
        MetaUri = $"s3://{bucket}/acquisitions/{acquisitionId}/{receiverId}.sigmf-meta",
        Bytes = 24_000,
        IqSha512 = new string((char)('a' + receiverId), 128),
    };

    /// <summary>
    /// The Acquirer's <see cref="AcquisitionStarted"/> for <paramref name="receiverIds"/>: a 1 s capture starting now, every
    /// outcome due an hour from now (so no deadline passes unless a test moves it).
    /// </summary>
    public static AcquisitionStarted Started(Guid acquisitionId, params int[] receiverIds) => new()
    {
        AcquisitionId = acquisitionId,
        ReceiverIds = receiverIds,
        FrequencyHz = 145_500_000,
        DurationSeconds = 1,
        StartAtUtc = DateTimeOffset.UtcNow,
        RequestedAtUtc = DateTimeOffset.UtcNow,
        RequestedBy = "tests",
        OutcomesDueAtUtc = DateTimeOffset.UtcNow.AddHours(1),
    };

    /// <summary>Distinct, exactly representable values per receiver, so stored rows can be compared exactly.</summary>
    public static SignalMetrics Metrics(int receiverId) => new()
    {
        SignalDetected = true,
        SnrDb = 30 + receiverId,
        FrequencyOffsetHz = -100 + receiverId,
        PowerDbfs = -40 + (receiverId * 0.5),
        PowerDbm = -100 + (receiverId * 0.5),
        NoiseFloorDbfsPerHz = -110 - receiverId,
        PeakPsdDbfsPerHz = -60 + receiverId,
        OccupiedBandwidthHz = 2000 + receiverId,
        ClippingFraction = receiverId / 1024.0,
    };

    /// <summary>A capture that held only noise: no SNR, offset or bandwidth; the rest as in <see cref="Metrics"/>.</summary>
    public static SignalMetrics NoSignalMetrics(int receiverId) => Metrics(receiverId) with
    {
        SignalDetected = false,
        SnrDb = null,
        FrequencyOffsetHz = null,
        OccupiedBandwidthHz = null,
        PeakPsdDbfsPerHz = -108 - receiverId,
    };
}
