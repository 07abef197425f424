using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Heimdall.Testing;

namespace Heimdall.Receivers.Tests.KiwiSdr.Emulator;

/// <summary>
/// A KiwiSDR written from the protocol, on a real socket on 127.0.0.1: HTTP <c>GET /status</c>, the WebSocket upgrade of
/// <c>/&lt;ts&gt;/SND</c> (or a 404, another status, a redirect), the greeting, the IQ stream with GNSS headers from a
/// simulated GPS clock, and each misbehaviour of <see cref="KiwiEmulatorOptions"/>. Counts every TCP connection, so a
/// test can prove that a receiver in a cool-down was not contacted.
/// </summary>
public sealed class KiwiEmulator : LoopbackServer
{
    private static readonly DateTime GpsEpoch = new(1980, 1, 6, 0, 0, 0, DateTimeKind.Utc);
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<KiwiEmulatorSession> _sessions = new();
    private readonly Lock _channelGate = new();
    private int _channelsInUse;
    private int _mostChannelsInUse;
    private int _soundUpgrades;
    private int _statusRequests;

    public KiwiEmulator(KiwiEmulatorOptions? options = null, TimeProvider? clock = null)
    {
        Options = options ?? new KiwiEmulatorOptions();
        _clock = clock ?? TimeProvider.System;
        Start();
    }

    /// <summary>Read once per connection; may be changed between connections.</summary>
    public KiwiEmulatorOptions Options { get; set; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>WebSocket upgrades of the sound stream answered (with 101 or otherwise).</summary>
    public int SoundUpgrades => Volatile.Read(ref _soundUpgrades);

    public int StatusRequests => Volatile.Read(ref _statusRequests);

    public IReadOnlyList<KiwiEmulatorSession> Sessions => [.. _sessions];

    /// <summary>The most sessions that held a channel at the same time.</summary>
    public int MostChannelsInUse => Volatile.Read(ref _mostChannelsInUse);

    /// <summary>A channel for a session that authenticated, or false when <see cref="KiwiEmulatorOptions.Channels"/> are all in use.</summary>
    private bool TakeChannel(KiwiEmulatorOptions options)
    {
        lock (_channelGate)
        {
            if (options.Channels is { } channels && _channelsInUse >= channels)
            {
                return false;
            }

            _channelsInUse++;
            _mostChannelsInUse = Math.Max(_mostChannelsInUse, _channelsInUse);
            return true;
        }
    }

    private void ReleaseChannel()
    {
        lock (_channelGate)
        {
            _channelsInUse--;
        }
    }

    protected override async Task ServeAsync(Socket socket)
    {
        var options = Options;
        var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var request = await LoopbackHttp.ReadRequestHeadAsync(stream, Stopping);
            if (request is null)
            {
                return;
            }

            var path = request.Path;
            if (path == "/status")
            {
                Interlocked.Increment(ref _statusRequests);
                await LoopbackHttp.WriteResponseAsync(stream, 200, "OK", [], StatusBody(options));
                return;
            }

            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var isSound = segments.Length >= 2 && segments[^1] == "SND" && long.TryParse(segments[^2], CultureInfo.InvariantCulture, out _);
            if (!isSound || !request.Headers.ContainsKey("sec-websocket-key"))
            {
                await LoopbackHttp.WriteResponseAsync(stream, 404, "Not Found", [], "not found\n");
                return;
            }

            Interlocked.Increment(ref _soundUpgrades);
            if (options.UpgradeRedirectTo is { } location)
            {
                await LoopbackHttp.WriteResponseAsync(stream, 307, "Temporary Redirect", [("Location", location)], "");
                return;
            }

            if (options.UpgradeStatus is { } status)
            {
                await LoopbackHttp.WriteResponseAsync(stream, status, status == 404 ? "Not Found" : "Refused", [], "no\n");
                return;
            }

            using var webSocket = (await LoopbackHttp.AcceptWebSocketAsync(stream, request))!;
            var session = new KiwiEmulatorSession(path, options, _clock, socket, webSocket, () => TakeChannel(options), ReleaseChannel);
            _sessions.Enqueue(session);
            try
            {
                await session.RunAsync(Stopping);
            }
            finally
            {
                session.ReleaseChannel();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away, or the fault was ours on purpose
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static string StatusBody(KiwiEmulatorOptions o) => string.Create(CultureInfo.InvariantCulture, $"""
        status={(o.Offline ? "offline" : "active")}
        offline={(o.Offline ? "yes" : "no")}
        name=Heimdall test Kiwi
        sdr_hw=KiwiSDR 2 v{o.VersionMajor}.{o.VersionMinor} ⁣ 📡 GPS ⁣
        bands=0-30000000
        freq_offset={o.FreqOffsetKHz:0.000}
        users={o.Users}
        users_max={o.UsersMax}
        preempt=0
        gps=(45.000000, 7.600000)
        gps_good={o.GpsGood}
        fixes=1234
        fixes_min=12
        fixes_hour=700
        tdoa_id=
        tdoa_ch={o.TdoaChannels}
        asl=250
        sw_version=KiwiSDR_v{o.VersionMajor}.{o.VersionMinor}
        antenna=test dipole
        snr=20,25
        uptime=12345

        """);

    /// <summary>GPS nanoseconds since the GPS epoch of a UTC instant, by the emulator's own leap-second count.</summary>
    public static long GpsNanoseconds(DateTimeOffset utc, int leapSeconds) => ((utc.UtcDateTime - GpsEpoch).Ticks * 100) + (leapSeconds * 1_000_000_000L);

    internal static byte[] Frame(string tag, ReadOnlySpan<byte> body)
    {
        var frame = new byte[3 + body.Length];
        Encoding.ASCII.GetBytes(tag, frame);
        body.CopyTo(frame.AsSpan(3));
        return frame;
    }

    internal static void WriteSndHeader(Span<byte> frame, byte flags, uint sequence, ushort sMeter)
    {
        "SND"u8.CopyTo(frame);
        frame[3] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(frame[8..], sMeter);
    }
}
