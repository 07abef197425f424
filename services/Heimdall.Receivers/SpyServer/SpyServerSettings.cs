using System.Globalization;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// A SpyServer receiver's <c>url</c> (<c>sdr://host:port</c> as SDR# and the Airspy directory write it, or
/// <c>tcp://host:port</c>; port 5555 when absent) and <c>settings</c> (docs/receivers.md, SpyServer). Every value is
/// checked, one sentence per problem naming its key.
/// </summary>
public sealed record SpyServerSettings
{
    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary><c>iqFormat</c>: <c>int16</c> (ci16_le), <c>uint8</c> (cu8) or <c>float</c> (cf32_le); a format the server forces wins.</summary>
    public SpyServerStreamFormat IqFormat { get; init; } = SpyServerStreamFormat.SixteenBit;

    /// <summary><c>gain</c>: the device's gain index, sent only when this client may control the device; null: left as it is.</summary>
    public uint? Gain { get; init; }

    /// <summary><c>digitalGainDb</c>: IQ_DIGITAL_GAIN, dB (0: levels comparable between rates and captures).</summary>
    public uint DigitalGainDb { get; init; }

    /// <summary><c>requireControl</c>: refuse when another client controls the device (its gain and band would apply).</summary>
    public bool RequireControl { get; init; }

    /// <summary><c>discardMs</c>: samples dropped at the start of the stream (the server's decimation filters filling).</summary>
    public double DiscardMs { get; init; } = 50;

    /// <summary><c>maxLostSamples</c>: samples that may be lost to sequence gaps (filled with zeros and counted) before a capture fails.</summary>
    public long MaxLostSamples { get; init; }

    /// <summary><c>fullCoolDownSeconds</c>: the cool-down after the server closed the connection without DEVICE_INFO (full).</summary>
    public double FullCoolDownSeconds { get; init; } = 60;

    /// <summary><c>clientName</c>: the name sent in HELLO (shown in the server's log and client list).</summary>
    public string ClientName { get; init; } = "Heimdall";

    public double ConnectTimeoutSeconds { get; init; } = 3;

    /// <summary><c>handshakeTimeoutSeconds</c>: from HELLO to DEVICE_INFO and CLIENT_SYNC.</summary>
    public double HandshakeTimeoutSeconds { get; init; } = 3;

    /// <summary><c>stallTimeoutSeconds</c>: the stall watchdog, longest silence of the stream.</summary>
    public double StallTimeoutSeconds { get; init; } = 2;

    public string Url => $"sdr://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The SigMF datatype the format is stored as; null for int24, which has none Heimdall stores.</summary>
    public static SampleFormat? SampleFormatOf(SpyServerStreamFormat format) => format switch
    {
        SpyServerStreamFormat.EightBit => SampleFormat.Cu8,
        SpyServerStreamFormat.SixteenBit => SampleFormat.Ci16Le,
        SpyServerStreamFormat.FloatingPoint => SampleFormat.Cf32Le,
        _ => null,
    };

    /// <summary>The receiver's settings, and every problem with its url, settings and frequency range.</summary>
    public static SpyServerSettings Read(Receiver receiver, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(problems);
        var (host, port) = ReadUrl(receiver.Url, problems);
        using var json = ReceiverSettingsJson.Open(receiver.Settings, problems);
        var settings = new SpyServerSettings
        {
            Host = host,
            Port = port,
            IqFormat = ReadFormat(json),
            Gain = (uint?)json.OptionalWholeNumber("gain", 0, 255, "gain steps (the device's gain index)"),
            DigitalGainDb = (uint)json.WholeNumber("digitalGainDb", 0, 0, 120, "dB"),
            RequireControl = json.Boolean("requireControl", false),
            DiscardMs = json.Number("discardMs", 50, 0, 5000, "milliseconds"),
            MaxLostSamples = json.WholeNumber("maxLostSamples", 0, 0, 1_000_000_000, "samples"),
            FullCoolDownSeconds = json.Number("fullCoolDownSeconds", 60, 0, 86_400, "seconds"),
            ClientName = ReadClientName(json),
            ConnectTimeoutSeconds = json.Number("connectTimeoutSeconds", 3, 0.1, 60, "seconds"),
            HandshakeTimeoutSeconds = json.Number("handshakeTimeoutSeconds", 3, 0.1, 60, "seconds"),
            StallTimeoutSeconds = json.Number("stallTimeoutSeconds", 2, 0.1, 60, "seconds"),
        };
        json.UnknownKeys();

        if (settings.ConnectTimeoutSeconds + settings.HandshakeTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.connectTimeoutSeconds + settings.handshakeTimeoutSeconds ({settings.ConnectTimeoutSeconds} + {settings.HandshakeTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that an unreachable or full server is reported as such before the attempt times out."));
        }

        if (settings.StallTimeoutSeconds >= receiver.TimeoutSeconds)
        {
            problems.Add(Format($"settings.stallTimeoutSeconds ({settings.StallTimeoutSeconds} s) must be below timeout_seconds ({receiver.TimeoutSeconds} s), so that a stall is reported as such before the attempt times out."));
        }

        if (receiver.MaxFrequencyHz > uint.MaxValue)
        {
            problems.Add(Format($"max_frequency_hz {receiver.MaxFrequencyHz} is above {uint.MaxValue} Hz (4.29 GHz), the largest frequency SpyServer's IQ_FREQUENCY setting carries (a u32)."));
        }

        return settings;
    }

    private static (string Host, int Port) ReadUrl(string url, List<string> problems)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "sdr" or "tcp" && uri.Host.Length > 0
            && uri.AbsolutePath is "" or "/" && uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            return (uri.Host, uri.IsDefaultPort || uri.Port < 0 ? SpyServerProtocol.DefaultPort : uri.Port);
        }

        problems.Add($"url '{url}' must be sdr://host:port (or tcp://host:port) for a SpyServer receiver (port {SpyServerProtocol.DefaultPort} when absent; no path).");
        return ("", SpyServerProtocol.DefaultPort);
    }

    private static SpyServerStreamFormat ReadFormat(ReceiverSettingsJson json)
    {
        if (json.Raw("iqFormat") is not { } value)
        {
            return SpyServerStreamFormat.SixteenBit;
        }

        switch (value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null)
        {
            case "int16":
                return SpyServerStreamFormat.SixteenBit;
            case "uint8":
                return SpyServerStreamFormat.EightBit;
            case "float":
                return SpyServerStreamFormat.FloatingPoint;
            default:
                json.Refuse("iqFormat", "\"int16\" (ci16_le), \"uint8\" (cu8) or \"float\" (cf32_le)", value);
                return SpyServerStreamFormat.SixteenBit;
        }
    }

    private static string ReadClientName(ReceiverSettingsJson json)
    {
        if (json.Raw("clientName") is not { } value)
        {
            return "Heimdall";
        }

        if (value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString() is { Length: > 0 and <= 64 } name && name.All(c => c is >= ' ' and <= '~'))
        {
            return name;
        }

        json.Refuse("clientName", "1 to 64 printable ASCII characters", value);
        return "Heimdall";
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
