using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Numerics;
using System.Text;

namespace Heimdall.Testing.SpyServer;

/// <summary>
/// A SpyServer with an emulated device, written from the protocol its clients speak, on a real 127.0.0.1 socket. Each
/// client says HELLO and gets DEVICE_INFO and CLIENT_SYNC (or, past <see cref="SpyServerEmulatorOptions.MaximumClients"/>,
/// a close without a word); its SET_SETTINGs are applied as they arrive (the first client may control the device and
/// retune it for everyone; the others may only place their IQ window inside the controller's band, and a frequency
/// outside it is ignored); with streaming enabled it is sent IQ frames in the format and at the decimation it chose,
/// each with its sequence number and the digital gain in the upper 16 bits of the message type. The faults of
/// <see cref="SpyServerEmulatorOptions"/> (no device, another protocol version, a forced format, stalls, FIN, RST,
/// dropped frames, another listener retuning the device mid-stream) are played as configured.
/// </summary>
public sealed class SpyServerEmulator : LoopbackServer
{
    private readonly List<SpyServerEmulatedClient> _clients = [];
    private readonly List<Session> _sessions = [];
    private readonly Lock _device = new();
    private readonly Complex[] _noise;
    private Session? _controller;
    private uint _deviceCenterHz;
    private uint _gain;

    public SpyServerEmulator(SpyServerEmulatorOptions? options = null)
    {
        Options = options ?? new SpyServerEmulatorOptions();
        _deviceCenterHz = Options.DeviceCenterHz;
        _gain = Options.Gain;
        _noise = Noise(Options.NoisePower);
        Start();
    }

    public SpyServerEmulatorOptions Options { get; }
    public string Url => $"sdr://127.0.0.1:{Port}";

    /// <summary>Every client so far, in the order they connected.</summary>
    public IReadOnlyList<SpyServerEmulatedClient> Clients
    {
        get
        {
            lock (_clients)
            {
                return [.. _clients];
            }
        }
    }

    /// <summary>The device's centre and gain now.</summary>
    public (uint CenterHz, uint Gain) Device
    {
        get
        {
            lock (_device)
            {
                return (_deviceCenterHz, _gain);
            }
        }
    }

    protected override Task ServeAsync(Socket socket)
    {
        var client = new SpyServerEmulatedClient();
        lock (_clients)
        {
            _clients.Add(client);
        }

        return ServeAsync(socket, client);
    }

    private async Task ServeAsync(Socket socket, SpyServerEmulatedClient client)
    {
        socket.NoDelay = true;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
        var session = new Session(this, socket, client, connection);
        var admitted = false;
        try
        {
            var (command, body) = await session.ReadCommandAsync();
            if (command != 0 || body.Length < 4)
            {
                return; // not a HELLO: a SpyServer has nothing to say to it
            }

            client.ProtocolVersion = BinaryPrimitives.ReadUInt32LittleEndian(body);
            client.Name = Encoding.ASCII.GetString(body, 4, body.Length - 4);
            lock (_device)
            {
                if (_sessions.Count >= Options.MaximumClients)
                {
                    client.TurnedAway = true;
                }
                else
                {
                    admitted = true;
                    _sessions.Add(session);
                    session.Stage = Options.DecimationStageCount;
                    session.IqCenterHz = _deviceCenterHz;
                    if (Options.AllowControl && !Options.ControlledByAnother && _controller is null)
                    {
                        _controller = session;
                        client.Controlling = true;
                    }
                }
            }

            if (!admitted)
            {
                socket.Shutdown(SocketShutdown.Both);
                return;
            }

            await session.SendAsync(0, 0, 0, DeviceInfo());
            await session.SendSyncAsync();
            await session.RunCommandsAsync();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client left, or the fault was ours on purpose
        }
        finally
        {
            await connection.CancelAsync();
            await session.StreamingDone;
            lock (_device)
            {
                _sessions.Remove(session);
                if (_controller == session)
                {
                    _controller = null;
                }
            }

            client.Done.TrySetResult();
        }
    }

    private byte[] DeviceInfo()
    {
        var o = Options;
        var body = new byte[48];
        uint[] words = [o.DeviceType, o.DeviceSerial, o.MaximumSampleRate, o.MaximumBandwidth, o.DecimationStageCount, 0, o.MaximumGainIndex,
            o.MinimumFrequency, o.MaximumFrequency, o.Resolution, o.MinimumIqDecimation, o.ForcedIqFormat];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(i * 4), words[i]);
        }

        return o.DeviceInfoBytes is { } length ? body[..Math.Min(length, body.Length)] : body;
    }

    /// <summary>CLIENT_SYNC for one client: the device, its window, and where it may place the window.</summary>
    private byte[] Sync(Session session)
    {
        lock (_device)
        {
            var body = new byte[36];
            var (min, max) = session == _controller ? (Options.MinimumFrequency, Options.MaximumFrequency) : Allowed(session);
            uint[] words = [session == _controller ? 1u : 0u, _gain, _deviceCenterHz, session.IqCenterHz, session.IqCenterHz, min, max, min, max];
            for (var i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(i * 4), words[i]);
            }

            return body;
        }
    }

    /// <summary>The IQ centres a client that does not control the device may use: its window inside the device's band.</summary>
    private (uint Min, uint Max) Allowed(Session session)
    {
        var half = Math.Max(0, (Options.MaximumBandwidth / 2.0) - (session.RateHz / 2));
        return ((uint)Math.Ceiling(_deviceCenterHz - half), (uint)Math.Floor(_deviceCenterHz + half));
    }

    /// <summary>Applies one SET_SETTING; true when the client is owed a CLIENT_SYNC.</summary>
    private bool Apply(Session session, uint setting, uint value)
    {
        lock (_device)
        {
            switch (setting)
            {
                case 2 when session == _controller: // GAIN
                    _gain = Math.Min(value, Options.MaximumGainIndex);
                    return true;
                case 100 when value is >= 1 and <= 4: // IQ_FORMAT
                    session.Format = Options.ForcedIqFormat != 0 ? Options.ForcedIqFormat : value;
                    return false;
                case 101: // IQ_FREQUENCY
                    if (session == _controller)
                    {
                        _deviceCenterHz = value;
                        session.IqCenterHz = value;
                        foreach (var other in _sessions.Where(s => s != session))
                        {
                            other.IqCenterHz = Math.Clamp(other.IqCenterHz, Allowed(other).Min, Allowed(other).Max);
                        }
                    }
                    else if (value >= Allowed(session).Min && value <= Allowed(session).Max)
                    {
                        session.IqCenterHz = value;
                    }

                    return true;
                case 102 when value >= Options.MinimumIqDecimation && value <= Options.DecimationStageCount: // IQ_DECIMATION
                    session.Stage = value;
                    return true;
                case 103: // IQ_DIGITAL_GAIN
                    session.DigitalGainDb = (int)Math.Min(value, 60);
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>Another listener, in control of the device, retunes it: every client hears of it.</summary>
    private async Task RetuneByAnotherAsync()
    {
        List<Session> sessions;
        lock (_device)
        {
            _deviceCenterHz = (uint)(_deviceCenterHz + Options.RetuneByHz);
            foreach (var session in _sessions.Where(s => s != _controller))
            {
                session.IqCenterHz = Math.Clamp(session.IqCenterHz, Allowed(session).Min, Allowed(session).Max);
            }

            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            await session.SendSyncAsync();
        }
    }

    private static Complex[] Noise(double power)
    {
        var sigma = Math.Sqrt(power / 2);
        var random = new Random(5555);
        var noise = new Complex[1 << 16];
        for (var n = 0; n < noise.Length; n++)
        {
            var radius = sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            noise[n] = Complex.FromPolarCoordinates(radius, 2 * Math.PI * random.NextDouble());
        }

        return noise;
    }

    /// <summary>One client's conversation: its commands, its window and its IQ stream.</summary>
    private sealed class Session(SpyServerEmulator server, Socket socket, SpyServerEmulatedClient client, CancellationTokenSource connection)
    {
        private readonly SemaphoreSlim _write = new(1, 1);
        private Task _streaming = Task.CompletedTask;
        private volatile bool _enabled;

        public uint Stage { get; set; }
        public uint Format { get; set; } = 2;
        public uint IqCenterHz { get; set; }
        public int DigitalGainDb { get; set; }
        public double RateHz => server.Options.MaximumSampleRate / Math.Pow(2, Stage);
        public Task StreamingDone => _streaming;

        public async Task<(uint Command, byte[] Body)> ReadCommandAsync()
        {
            var header = new byte[8];
            await ReadExactlyAsync(header);
            var (command, size) = (BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
            if (size > 256)
            {
                throw new IOException("command body above 256 bytes");
            }

            var body = new byte[size];
            await ReadExactlyAsync(body);
            return (command, body);
        }

        private async Task ReadExactlyAsync(byte[] buffer)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, connection.Token);
                if (read == 0)
                {
                    throw new IOException("the client left");
                }

                filled += read;
            }
        }

        public async Task RunCommandsAsync()
        {
            while (true)
            {
                var (command, body) = await ReadCommandAsync();
                switch (command)
                {
                    case 2 when body.Length >= 8: // SET_SETTING
                        var (setting, value) = (BinaryPrimitives.ReadUInt32LittleEndian(body), BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4)));
                        client.Add(setting, value);
                        if (setting == 1)
                        {
                            _enabled = value != 0;
                            if (_enabled && _streaming.IsCompleted)
                            {
                                _streaming = Task.Run(StreamAsync);
                            }
                        }
                        else if (server.Apply(this, setting, value) && server.Options.SyncAfterSettings)
                        {
                            await SendSyncAsync();
                        }

                        break;
                    case 3: // PING
                        client.Pings++;
                        await SendAsync(2, 0, 0, []);
                        break;
                }
            }
        }

        public Task SendSyncAsync() => SendAsync(1, 0, 0, server.Sync(this));

        public async Task SendAsync(uint messageType, uint streamType, uint sequence, byte[] body)
        {
            var message = new byte[20 + body.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(message, server.Options.ProtocolId);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), messageType);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), streamType);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), (uint)body.Length);
            body.CopyTo(message, 20);
            await _write.WaitAsync(connection.Token);
            try
            {
                var memory = message.AsMemory();
                while (memory.Length > 0)
                {
                    memory = memory[await socket.SendAsync(memory, SocketFlags.None, connection.Token)..];
                }

                client.BytesSent += message.Length;
            }
            finally
            {
                _write.Release();
            }
        }

        private async Task StreamAsync()
        {
            var options = server.Options;
            var clock = Stopwatch.StartNew();
            var due = 0.0;
            var phase = Complex.One;
            var noiseIndex = 0;
            var frames = 0;
            var token = connection.Token;
            try
            {
                while (_enabled && !token.IsCancellationRequested)
                {
                    var (rate, format, centre, gainDb) = (RateHz, Format, IqCenterHz, DigitalGainDb);
                    var samples = options.FrameSamples ?? Math.Max(256, (int)Math.Round(rate * 0.02));
                    if (options.RealTime)
                    {
                        due += samples / rate;
                        var wait = TimeSpan.FromSeconds(due) - clock.Elapsed;
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait, token);
                        }
                    }

                    var sequence = options.FirstSequenceNumber + (uint)frames;
                    frames++;
                    var body = Frame(samples, rate, format, options.ToneFrequencyHz - centre, gainDb, ref phase, ref noiseIndex);
                    if (options.DropEveryNthFrame > 0 && frames % options.DropEveryNthFrame == 0)
                    {
                        client.FramesDropped++;
                        continue;
                    }

                    await SendAsync((100 + format - 1) | ((uint)gainDb << 16), 1, sequence, body);
                    client.FramesSent++;
                    if (await FaultAsync(client.FramesSent))
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        /// <summary>Plays the configured fault after the n-th frame; true when the connection is over.</summary>
        private async Task<bool> FaultAsync(int sent)
        {
            var options = server.Options;
            if (sent == options.RetuneAfterFrames)
            {
                await server.RetuneByAnotherAsync();
            }

            if (sent == options.ResetAfterFrames)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return true;
            }

            if (sent == options.StallAfterFrames)
            {
                await Task.Delay(options.StallCloseDelay, connection.Token);
                socket.Shutdown(SocketShutdown.Send);
                return true;
            }

            if (sent == options.CloseAfterFrames)
            {
                socket.Shutdown(SocketShutdown.Send);
                return true;
            }

            return false;
        }

        /// <summary>One frame: the tone (when inside the window) in noise, scaled by the digital gain, in the format.</summary>
        private byte[] Frame(int samples, double rate, uint format, double offsetHz, int gainDb, ref Complex phase, ref int noiseIndex)
        {
            var options = server.Options;
            var gain = Math.Pow(10, gainDb / 20.0);
            var amplitude = Math.Abs(offsetHz) < rate / 2 ? options.ToneAmplitude : 0;
            var step = Complex.FromPolarCoordinates(1, 2 * Math.PI * offsetHz / rate);
            var size = format switch { 1 => 2, 3 => 6, 4 => 8, _ => 4 };
            var body = new byte[samples * size];
            var noise = server._noise;
            for (var n = 0; n < samples; n++)
            {
                var x = gain * ((amplitude * phase) + noise[noiseIndex]);
                noiseIndex = (noiseIndex + 1) & (noise.Length - 1);
                phase *= step;
                var span = body.AsSpan(n * size, size);
                switch (format)
                {
                    case 1:
                        span[0] = (byte)Math.Clamp((int)Math.Round((x.Real * 128) + 128), 0, 255);
                        span[1] = (byte)Math.Clamp((int)Math.Round((x.Imaginary * 128) + 128), 0, 255);
                        break;
                    case 3:
                        WriteInt24(span, (int)Math.Clamp(Math.Round(x.Real * 8_388_608), -8_388_608, 8_388_607));
                        WriteInt24(span[3..], (int)Math.Clamp(Math.Round(x.Imaginary * 8_388_608), -8_388_608, 8_388_607));
                        break;
                    case 4:
                        BinaryPrimitives.WriteSingleLittleEndian(span, (float)x.Real);
                        BinaryPrimitives.WriteSingleLittleEndian(span[4..], (float)x.Imaginary);
                        break;
                    default:
                        BinaryPrimitives.WriteInt16LittleEndian(span, (short)Math.Clamp(Math.Round(x.Real * 32768), -32768, 32767));
                        BinaryPrimitives.WriteInt16LittleEndian(span[2..], (short)Math.Clamp(Math.Round(x.Imaginary * 32768), -32768, 32767));
                        break;
                }
            }

            phase /= phase.Magnitude;
            return body;
        }

        private static void WriteInt24(Span<byte> span, int value)
        {
            span[0] = (byte)value;
            span[1] = (byte)(value >> 8);
            span[2] = (byte)(value >> 16);
        }
    }
}
