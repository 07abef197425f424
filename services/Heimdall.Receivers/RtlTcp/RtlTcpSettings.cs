using System.Globalization;
using System.Text.Json;
using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// An rtl_tcp receiver's <c>url</c> (<c>tcp://host:port</c>, port 1234 when absent) and <c>settings</c> (docs/receivers.md,
/// rtl_tcp). Every value is checked, one sentence per problem naming its key.
/// </summary>
public sealed record RtlTcpSettings
{
    public const int DefaultPort = 1234;

    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary><c>gainDb</c>: manual tuner gain in dB (sent as the tuner's nearest step); null is <c>"auto"</c> (the tuner's AGC).</summary>
    public double? GainDb { get; init; }

    /// <summary><c>ppm</c>: the dongle crystal's correction, parts per million (command 0x05).</summary>
    public int Ppm { get; init; }

    /// <summary><c>agc</c>: the RTL2832's digital AGC (command 0x08); off by default, so levels are comparable.</summary>
    public bool Agc { get; init; }

    /// <summary><c>directSampling</c>: 0 off, 1 the I branch, 2 the Q branch (HF on modified dongles; command 0x09).</summary>
    public int DirectSampling { get; init; }

    /// <summary><c>biasTee</c>: power on the antenna input (command 0x0e; dongles that have one).</summary>
    public bool BiasTee { get; init; }

    /// <summary><c>settleMs</c>: time the tuner is given after the commands arrive (PLL lock, filters, tuner AGC).</summary>
    public double SettleMs { get; init; } = 100;

    /// <summary>
    /// <c>discardBytes</c>: bytes thrown away after the header instead of the computed amount (an operator who knows the
    /// server's previous rate); null: computed (RtlTcpSettling).
    /// </summary>
    public long? DiscardBytes { get; init; }

    /// <summary><c>connectTimeoutSeconds</c>: longest wait for the TCP connection.</summary>
    public double ConnectTimeoutSeconds { get; init; } = 3;

    /// <summary><c>headerTimeoutSeconds</c>: longest wait for the header once connected (a busy server sends none).</summary>
    public double HeaderTimeoutSeconds { get; init; } = 3;

    /// <summary><c>stallTimeoutSeconds</c>: the stall watchdog, longest silence of the stream.</summary>
    public double StallTimeoutSeconds { get; init; } = 2;

    public string Url => $"tcp://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The receiver's settings, and every problem with its url, settings, frequency range and rate.</summary>
    public static RtlTcpSettings Read(Receiver receiver, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(problems);
        var (host, port) = ReadUrl(receiver.Url, problems);
        using var json = ReceiverSettingsJson.Open(receiver.Settings, problems);
        var settings = new RtlTcpSettings
        {
            Host = host,
            Port = port,
            GainDb = ReadGain(json),
            Ppm = (int)json.WholeNumber("ppm", 0, -1000, 1000, "ppm"),
            Agc = json.Boolean("agc", false),
            DirectSampling = ReadDirectSampling(json),
            BiasTee = json.Boolean("biasTee", false),
            SettleMs = json.Number("settleMs", 100, 0, 10_000, "milliseconds"),
            DiscardBytes = json.OptionalWholeNumber("discardBytes", 0, 64L << 20, "bytes (even)"),
            ConnectTimeoutSeconds = json.Number("connectTimeoutSeconds", 3, 0.1, 60, "seconds"),
            HeaderTimeoutSeconds = json.Number("headerTimeoutSeconds", 3, 0.1, 60, "seconds"),
            StallTimeoutSeconds = json.Number("stallTimeoutSeconds", 2, 0.1, 60, "seconds"),
        };
        json.UnknownKeys();

        if (settings.DiscardBytes is { } discard && discard % 2 != 0)
        {
            problems.Add(Format($"settings.discardBytes must be even (got {discard}): an odd count would split an I/Q pair and swap I and Q."));
        }

        if (settings.ConnectTimeoutSeconds + settings.HeaderTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.connectTimeoutSeconds + settings.headerTimeoutSeconds ({settings.ConnectTimeoutSeconds} + {settings.HeaderTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that an unreachable or busy server is reported as such before the attempt times out."));
        }

        if (settings.StallTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.stallTimeoutSeconds ({settings.StallTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that a stall is reported as such before the attempt times out."));
        }

        if (receiver.MaxFrequencyHz > uint.MaxValue)
        {
            problems.Add(Format($"max_frequency_hz {receiver.MaxFrequencyHz} is above {uint.MaxValue} Hz (4.29 GHz), the largest frequency rtl_tcp's command carries (a u32)."));
        }

        if (RtlSampleRate.Parameter(receiver.SampleRateHz) is not { } rate || !RtlSampleRate.IsAccepted(rate))
        {
            problems.Add(Format($"sample_rate_hz {receiver.SampleRateHz} is not a rate librtlsdr accepts ({RtlSampleRate.AcceptedRanges}); rtl_tcp would silently keep the previous rate."));
        }
        else if (settings.StallTimeoutSeconds < 2 * RtlTcpSettling.UsbTransferBytes / (2 * RtlSampleRate.Exact(rate)))
        {
            problems.Add(Format($"settings.stallTimeoutSeconds ({settings.StallTimeoutSeconds} s) must be at least two USB transfers at sample_rate_hz {receiver.SampleRateHz} ({2 * RtlTcpSettling.UsbTransferBytes / (2 * RtlSampleRate.Exact(rate)):0.###} s): rtl_tcp sends a transfer at a time."));
        }

        return settings;
    }

    private static (string Host, int Port) ReadUrl(string url, List<string> problems)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "tcp" && uri.Host.Length > 0
            && uri.AbsolutePath is "" or "/" && uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            return (uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        }

        problems.Add($"url '{url}' must be tcp://host:port for an rtl_tcp receiver (port {DefaultPort} when absent; no path).");
        return ("", DefaultPort);
    }

    private static double? ReadGain(ReceiverSettingsJson json)
    {
        const string Rule = "a gain in dB from -10 to 60, or \"auto\"";
        if (json.Raw("gainDb") is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() == "auto")
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var gain) && gain is >= -10 and <= 60)
        {
            return gain;
        }

        json.Refuse("gainDb", Rule, value);
        return null;
    }

    private static int ReadDirectSampling(ReceiverSettingsJson json)
    {
        if (json.Raw("directSampling") is not { } value)
        {
            return 0;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString() is "off" or "i" or "q":
                return value.GetString() switch { "i" => 1, "q" => 2, _ => 0 };
            case JsonValueKind.Number when value.TryGetInt32(out var mode) && mode is >= 0 and <= 2:
                return mode;
            default:
                json.Refuse("directSampling", "\"off\", \"i\" or \"q\" (or 0, 1, 2)", value);
                return 0;
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
