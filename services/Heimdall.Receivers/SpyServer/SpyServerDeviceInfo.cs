using System.Buffers.Binary;
using System.Globalization;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// DEVICE_INFO, the first message after HELLO: the device behind the server (type 0: none), its fastest rate and the
/// decimation stages it offers (rate = maximum / 2^stage, stage from <see cref="MinimumIqDecimation"/> to
/// <see cref="DecimationStageCount"/>), its tuning range and a format the server forces (0: none).
/// </summary>
public sealed record SpyServerDeviceInfo(
    uint DeviceType,
    uint DeviceSerial,
    uint MaximumSampleRate,
    uint MaximumBandwidth,
    uint DecimationStageCount,
    uint GainStageCount,
    uint MaximumGainIndex,
    uint MinimumFrequency,
    uint MaximumFrequency,
    uint Resolution,
    uint MinimumIqDecimation,
    uint ForcedIqFormat)
{
    public const int Size = 48;

    public static SpyServerDeviceInfo? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.Length < Size)
        {
            return null;
        }

        return new SpyServerDeviceInfo(Word(body, 0), Word(body, 1), Word(body, 2), Word(body, 3), Word(body, 4), Word(body, 5), Word(body, 6),
            Word(body, 7), Word(body, 8), Word(body, 9), Word(body, 10), Word(body, 11));
    }

    /// <summary>The i-th little-endian u32 of a message body.</summary>
    internal static uint Word(ReadOnlySpan<byte> body, int i) => BinaryPrimitives.ReadUInt32LittleEndian(body[(i * 4)..]);

    public string DeviceName => (SpyServerDeviceType)DeviceType switch
    {
        SpyServerDeviceType.Invalid => "no device",
        SpyServerDeviceType.AirspyOne => "Airspy One",
        SpyServerDeviceType.AirspyHf => "Airspy HF+",
        SpyServerDeviceType.RtlSdr => "RTL-SDR",
        _ => string.Create(CultureInfo.InvariantCulture, $"device type {DeviceType}"),
    };

    /// <summary>The IQ rate of a decimation stage, Hz.</summary>
    public double RateOf(uint stage) => MaximumSampleRate / Math.Pow(2, stage);

    /// <summary>Every stage the server offers, fastest first.</summary>
    public IEnumerable<uint> Stages
    {
        get
        {
            for (var stage = MinimumIqDecimation; stage <= DecimationStageCount && stage < 32; stage++)
            {
                yield return stage;
            }
        }
    }

    /// <summary>
    /// The slowest stage whose rate is at least <paramref name="rateHz"/> (the narrowest window that holds the requested
    /// band); null when even the fastest is slower.
    /// </summary>
    public uint? StageFor(double rateHz) => Stages.Where(s => RateOf(s) >= rateHz * (1 - 1e-9)).Select(s => (uint?)s).LastOrDefault();

    /// <summary>The rates on offer, for messages: <c>768000, 384000, … Hz</c>.</summary>
    public string DescribeRates() => string.Join(", ", Stages.Select(s => RateOf(s).ToString("0.###", CultureInfo.InvariantCulture))) + " Hz";

    /// <summary>What the server said of its device, e.g. <c>Airspy HF+ serial 0x1234ABCD, 768000 Hz, 9 kHz–260 MHz</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{DeviceName} serial 0x{DeviceSerial:X8}, up to {MaximumSampleRate} Hz, {MinimumFrequency / 1e6:0.######}–{MaximumFrequency / 1e6:0.######} MHz, {Resolution}-bit ADC");
}

/// <summary>
/// CLIENT_SYNC: whether this client may control the device, and where the device and this client's IQ window are.
/// A client that may not control it can only place its IQ window between <see cref="MinimumIqCenterFrequency"/> and
/// <see cref="MaximumIqCenterFrequency"/>, inside the band the controlling client chose. Sent after DEVICE_INFO, and
/// again when the device is retuned.
/// </summary>
public sealed record SpyServerClientSync(
    bool CanControl,
    uint Gain,
    uint DeviceCenterFrequency,
    uint IqCenterFrequency,
    uint FftCenterFrequency,
    uint MinimumIqCenterFrequency,
    uint MaximumIqCenterFrequency,
    uint MinimumFftCenterFrequency,
    uint MaximumFftCenterFrequency)
{
    public const int Size = 36;

    public static SpyServerClientSync? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.Length < Size)
        {
            return null;
        }

        return new SpyServerClientSync(SpyServerDeviceInfo.Word(body, 0) != 0, SpyServerDeviceInfo.Word(body, 1), SpyServerDeviceInfo.Word(body, 2),
            SpyServerDeviceInfo.Word(body, 3), SpyServerDeviceInfo.Word(body, 4), SpyServerDeviceInfo.Word(body, 5), SpyServerDeviceInfo.Word(body, 6),
            SpyServerDeviceInfo.Word(body, 7), SpyServerDeviceInfo.Word(body, 8));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(CanControl ? "this client may control the device" : "another client controls the device")}, device centre {DeviceCenterFrequency} Hz, IQ centres allowed {MinimumIqCenterFrequency}–{MaximumIqCenterFrequency} Hz, gain {Gain}");
}
