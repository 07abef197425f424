using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Heimdall.Receivers.Tests.KiwiSdr.Emulator;

/// <summary>One packet as sent: its sequence number, the index of its first sample in the stream, and that sample's GPS time (sent, with jitter, and true).</summary>
public sealed record KiwiSentPacket(uint Sequence, long FirstSample, long SentGpsNanoseconds, long TrueGpsNanoseconds);

/// <summary>
/// One SND connection of the emulator: waits for <c>SET auth</c>, greets like a Kiwi (sample_rate, badp, version with
/// freq_offset, audio_rate), waits for the whole set (mod, agc, AR OK), then streams IQ packets paced at the true rate
/// (or at full speed), each with its GNSS header, until the client leaves, a keepalive is missing, or the fault fires.
/// </summary>
public sealed class KiwiEmulatorSession
{
    private const long NanosecondsPerWeek = 604_800L * 1_000_000_000L;
    private readonly KiwiEmulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly Socket _socket;
    private readonly WebSocket _webSocket;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<KiwiSentPacket> _packets = [];
    private readonly TaskCompletionSource _firstCommand = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _setComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastKeepalive = Stopwatch.GetTimestamp();
    private int _keepalives;

    private readonly Func<bool> _takeChannel;
    private readonly Action _releaseChannel;
    private int _channelReleased;

    internal KiwiEmulatorSession(string path, KiwiEmulatorOptions options, TimeProvider clock, Socket socket, WebSocket webSocket, Func<bool> takeChannel, Action releaseChannel)
    {
        _takeChannel = takeChannel;
        _releaseChannel = releaseChannel;
        Path = path;
        _options = options;
        _clock = clock;
        _socket = socket;
        _webSocket = webSocket;
    }

    public string Path { get; }

    /// <summary>The session was given one of the Kiwi's channels (it authenticated while one was free).</summary>
    public bool HeldChannel { get; private set; }

    /// <summary>Frees the session's channel once: as soon as the client's close arrives (before the reply), or when the session ends.</summary>
    internal void ReleaseChannel()
    {
        if (HeldChannel && Interlocked.Exchange(ref _channelReleased, 1) == 0)
        {
            _releaseChannel();
        }
    }
    public IReadOnlyList<string> Commands => [.. _commands];
    public int Keepalives => Volatile.Read(ref _keepalives);
    public double? TunedKHz { get; private set; }

    /// <summary>The IQ passband the client set (<c>SET mod=iq low_cut= high_cut=</c>), Hz from the tuned frequency.</summary>
    public (double Low, double High)? Passband { get; private set; }
    public bool LittleEndian { get; private set; }

    /// <summary>How the session ended, in a few words (for assertions and failure output).</summary>
    public string? EndedBy { get; private set; }

    public IReadOnlyList<KiwiSentPacket> Packets
    {
        get
        {
            lock (_packets)
            {
                return [.. _packets];
            }
        }
    }

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var receiving = ReceiveCommandsAsync(cancellationToken);
        try
        {
            await RunProtocolAsync(receiving, cancellationToken);
        }
        finally
        {
            try
            {
                await receiving.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (TimeoutException)
            {
                _webSocket.Abort();
            }
        }
    }

    private async Task RunProtocolAsync(Task receiving, CancellationToken cancellationToken)
    {
        if (await Task.WhenAny(_firstCommand.Task, receiving, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken)) != _firstCommand.Task)
        {
            await CloseAsync("no first command");
            return;
        }

        var auth = Commands[0];
        if (!auth.StartsWith("SET auth t=kiwi p=", StringComparison.Ordinal))
        {
            await CloseAsync("kicked: the first command was not SET auth");
            return;
        }

        await SendMessageAsync(string.Create(CultureInfo.InvariantCulture, $"sample_rate={_options.AnnouncedSampleRateHz:0.000000}"), cancellationToken);
        var refusal = _options.RefuseAtConnect;
        if (refusal is null)
        {
            HeldChannel = _takeChannel();
            refusal = HeldChannel ? null : string.Create(CultureInfo.InvariantCulture, $"too_busy={_options.Channels}");
        }

        if (refusal is not null)
        {
            await SendMessageAsync(refusal, cancellationToken);
            if (_options.StaySilentAfterRefusal)
            {
                EndedBy = "refused, then silent";
                await Task.WhenAny(receiving, Task.Delay(Timeout.Infinite, cancellationToken));
                return;
            }

            await CloseAsync("refused: " + refusal);
            return;
        }

        var password = auth["SET auth t=kiwi p=".Length..].Split(' ')[0];
        await SendMessageAsync("client_public_ip=127.0.0.1", cancellationToken);
        await SendMessageAsync(string.Create(CultureInfo.InvariantCulture, $"rx_chans={_options.UsersMax}"), cancellationToken);
        await SendMessageAsync("chan_no_pwd=0", cancellationToken);
        await SendMessageAsync("is_local=0,0,0", cancellationToken);
        if (_options.Password is { } expected && password != expected)
        {
            await SendMessageAsync("badp=1", cancellationToken);
            EndedBy = "badp=1";
            await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
            return;
        }

        await SendMessageAsync("badp=0", cancellationToken);
        await SendMessageAsync(string.Create(CultureInfo.InvariantCulture,
            $"version_maj={_options.VersionMajor} version_min={_options.VersionMinor} debian_ver=11 model=2 platform=0 ext_clk=0 abyy=emulator freq_offset={_options.FreqOffsetKHz:0.000}"), cancellationToken);
        await SendMessageAsync("load_cfg=" + Uri.EscapeDataString("""{"rx_name":"Heimdall test Kiwi","rx_gps":"(45.0, 7.6)","ip_limit_mins":0}"""), cancellationToken);
        await SendMessageAsync("cfg_loaded", cancellationToken);
        await SendMessageAsync("center_freq=15000000 bandwidth=30000000 adc_clk_nom=66666600", cancellationToken);
        await SendMessageAsync(string.Create(CultureInfo.InvariantCulture, $"audio_init=0 audio_rate={_options.AudioRateHz}"), cancellationToken);
        if (await Task.WhenAny(_setComplete.Task, receiving, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken)) != _setComplete.Task)
        {
            await CloseAsync("kicked: the set was incomplete");
            return;
        }

        await StreamAsync(receiving, cancellationToken);
    }

    private async Task StreamAsync(Task receiving, CancellationToken cancellationToken)
    {
        var o = _options;
        var started = Stopwatch.GetTimestamp();
        var gps0 = KiwiEmulator.GpsNanoseconds(_clock.GetUtcNow(), o.LeapSeconds);
        var signal = new KiwiEmulatorSignal(o, ((o.ToneFrequencyHz ?? 0) - ((TunedKHz!.Value + o.FreqOffsetKHz) * 1000)), Passband!.Value);
        var jitter = new Random(o.NoiseSeed + 1);
        var frame = new byte[20 + (o.SamplesPerPacket * 4)];
        long sample = 0;
        uint sequence = 1;
        for (var packet = 0; !receiving.IsCompleted && !cancellationToken.IsCancellationRequested; packet++)
        {
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastKeepalive)).TotalSeconds > o.KeepaliveTimeoutSeconds)
            {
                await CloseAsync("no keepalive");
                return;
            }

            if (o.Fault is { } fault && packet == fault.AfterPackets)
            {
                switch (fault.Kind)
                {
                    case KiwiFaultKind.Message:
                        await SendMessageAsync(fault.Message!, cancellationToken);
                        await CloseAsync("fault: MSG " + fault.Message);
                        return;
                    case KiwiFaultKind.Stall:
                        EndedBy = "fault: stall";
                        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
                        return;
                    case KiwiFaultKind.Fin:
                        EndedBy = "fault: FIN";
                        _socket.Shutdown(SocketShutdown.Send);
                        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                        return;
                    case KiwiFaultKind.Reset:
                        EndedBy = "fault: RST";
                        _socket.LingerState = new LingerOption(true, 0);
                        _socket.Close();
                        return;
                    case KiwiFaultKind.Close:
                        await CloseAsync("fault: close");
                        return;
                    case KiwiFaultKind.Junk:
                        await _webSocket.SendAsync(new byte[] { 0x00, 0xFF, 0x13, 0x37, 0xDE, 0xAD, 0xBE, 0xEF, 0x42, 0x42, 0x42, 0x42 }, WebSocketMessageType.Binary, true, cancellationToken);
                        break;
                    case KiwiFaultKind.ShortFrame:
                        await _webSocket.SendAsync("SND\x08\x01\x00\x00\x00"u8.ToArray(), WebSocketMessageType.Binary, true, cancellationToken);
                        break;
                    case KiwiFaultKind.SequenceGap:
                        sequence += (uint)fault.Count;
                        sample += (long)fault.Count * o.SamplesPerPacket;
                        break;
                }
            }

            var littleEndian = LittleEndian && o.HonourLittleEndian;
            KiwiEmulator.WriteSndHeader(frame, (byte)(0x08 | (littleEndian ? 0x80 : 0)), sequence, 800);
            var trueNs = gps0 + (long)Math.Round(sample * 1e9 / o.TrueSampleRateHz);
            var sentNs = trueNs + (long)Math.Round(Gaussian(jitter) * o.StampJitterNs);
            var gnss = frame.AsSpan(10, 10);
            gnss.Clear();
            if (packet > 0 && !o.ZeroGnssHeaders)
            {
                var timeOfWeek = o.LastGpsSolution == 255 ? 12_345_000_000_000L + (long)(sample * 1e9 / o.TrueSampleRateHz) : ((sentNs % NanosecondsPerWeek) + NanosecondsPerWeek) % NanosecondsPerWeek;
                gnss[0] = o.LastGpsSolution;
                BinaryPrimitives.WriteUInt32LittleEndian(gnss[2..], (uint)(timeOfWeek / 1_000_000_000));
                BinaryPrimitives.WriteUInt32LittleEndian(gnss[6..], (uint)(timeOfWeek % 1_000_000_000));
            }

            if (packet == 0)
            {
                // The channel's previous user's audio: loud, and nothing like the signal.
                KiwiEmulatorSignal.WriteLeftover(frame.AsSpan(20), littleEndian);
            }
            else
            {
                signal.Write(sample, frame.AsSpan(20), littleEndian);
            }

            if (!o.FullSpeed)
            {
                var due = TimeSpan.FromSeconds((sample + o.SamplesPerPacket) / o.TrueSampleRateHz) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            // Recorded before the send completes: a client can have the frame, and its test read Packets, before SendAsync returns.
            lock (_packets)
            {
                _packets.Add(new KiwiSentPacket(sequence, sample, packet == 0 || o.ZeroGnssHeaders ? 0 : sentNs, trueNs));
            }

            await _webSocket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);

            sample += o.SamplesPerPacket;
            sequence++;
        }

        EndedBy ??= "client left";
    }

    private async Task ReceiveCommandsAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        bool mod = false, agc = false, ar = false;
        try
        {
            while (true)
            {
                var result = await _webSocket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    EndedBy ??= "client closed";
                    ReleaseChannel();
                    if (_webSocket.State == WebSocketState.CloseReceived)
                    {
                        await _webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                    }

                    return;
                }

                var command = Encoding.ASCII.GetString(buffer, 0, result.Count);
                _commands.Enqueue(command);
                _firstCommand.TrySetResult();
                if (command == "SET keepalive")
                {
                    Interlocked.Increment(ref _keepalives);
                    Volatile.Write(ref _lastKeepalive, Stopwatch.GetTimestamp());
                }
                else if (command.StartsWith("SET mod=iq ", StringComparison.Ordinal))
                {
                    string Value(string name) => command.Split(' ').First(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
                    TunedKHz = double.Parse(Value("freq"), CultureInfo.InvariantCulture);
                    Passband = (double.Parse(Value("low_cut"), CultureInfo.InvariantCulture), double.Parse(Value("high_cut"), CultureInfo.InvariantCulture));
                    mod = true;
                }
                else if (command.StartsWith("SET agc=", StringComparison.Ordinal))
                {
                    agc = true;
                }
                else if (command.StartsWith("SET AR OK in=", StringComparison.Ordinal))
                {
                    ar = true;
                }
                else if (command.StartsWith("SET litt", StringComparison.Ordinal))
                {
                    LittleEndian = true;
                }

                if (mod && agc && ar)
                {
                    _setComplete.TrySetResult();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            EndedBy ??= "client dropped";
        }
    }

    private Task SendMessageAsync(string text, CancellationToken cancellationToken) =>
        _webSocket.SendAsync(KiwiEmulator.Frame("MSG", Encoding.ASCII.GetBytes(" " + text)), WebSocketMessageType.Binary, true, cancellationToken);

    private async Task CloseAsync(string why)
    {
        EndedBy = why;
        if (_webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, why.Length > 100 ? why[..100] : why, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // gone already
            }
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
