using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Heimdall.Testing.OpenWebRx;

/// <summary>
/// An OpenWebRX (or OpenWebRX+) server written from its sources' behaviour, on a real 127.0.0.1 socket:
/// <c>GET /status.json</c>; the receiver WebSocket at <c>/ws/</c> with the handshake, the client registry (max_clients;
/// on OpenWebRX+ max_clients_per_ip and the robot score that bans an address for 12 hours), the greeting (<c>config</c>,
/// <c>modes</c>, <c>profiles</c>, …), FFT lines from the start, and per client the demodulator its <c>dspcontrol</c>
/// sets, with audio after <c>start</c> and S-meter readings. A profile selected applies to every client of the SDR;
/// a locked one is refused as OpenWebRX+ does. The faults of <see cref="OpenWebRxEmulatorOptions"/> are played on cue.
/// Every address is 127.0.0.1, so every client counts against the same address, as one Heimdall host would.
/// </summary>
public sealed class OpenWebRxEmulator : LoopbackServer
{
    private readonly List<OpenWebRxEmulatedClient> _clients = [];
    private readonly List<Connection> _live = [];
    private readonly Lock _state = new();
    private DateTimeOffset? _bannedUntil;
    private int _profile;
    private int _statusRequests;
    private int _upgrades;
    private volatile bool _sdrFailed;

    public OpenWebRxEmulator(OpenWebRxEmulatorOptions? options = null)
    {
        Options = options ?? new OpenWebRxEmulatorOptions();
        _bannedUntil = Options.Banned ? DateTimeOffset.UtcNow.AddHours(12) : null;
        Start();
    }

    public OpenWebRxEmulatorOptions Options { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public int StatusRequests => Volatile.Read(ref _statusRequests);

    /// <summary>WebSocket upgrades of the receiver socket.</summary>
    public int Upgrades => Volatile.Read(ref _upgrades);

    /// <summary>Until when 127.0.0.1 is banned (OpenWebRX+); null when it is not.</summary>
    public DateTimeOffset? BannedUntil
    {
        get
        {
            lock (_state)
            {
                return _bannedUntil;
            }
        }
    }

    public OpenWebRxEmulatedProfile CurrentProfile
    {
        get
        {
            lock (_state)
            {
                return Options.Profiles[_profile];
            }
        }
    }

    public IReadOnlyList<OpenWebRxEmulatedClient> Clients
    {
        get
        {
            lock (_state)
            {
                return [.. _clients];
            }
        }
    }

    protected override async Task ServeAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var request = await LoopbackHttp.ReadRequestHeadAsync(stream, Stopping);
            if (request is null)
            {
                return;
            }

            if (request.Path.Split('?')[0] == "/status.json")
            {
                Interlocked.Increment(ref _statusRequests);
                await LoopbackHttp.WriteResponseAsync(stream, 200, "OK", [], Status(), "application/json");
                return;
            }

            if (request.Path.Split('?')[0] != "/ws/" || await LoopbackHttp.AcceptWebSocketAsync(stream, request) is not { } webSocket)
            {
                await LoopbackHttp.WriteResponseAsync(stream, 404, "Not Found", [], "not found\n");
                return;
            }

            Interlocked.Increment(ref _upgrades);
            using (webSocket)
            {
                var client = new OpenWebRxEmulatedClient();
                int number;
                lock (_state)
                {
                    _clients.Add(client);
                    number = _clients.Count;
                }

                await new Connection(this, socket, webSocket, client, number).RunAsync(Stopping);
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

    private string Status()
    {
        var o = Options;
        return JsonSerializer.Serialize(new
        {
            receiver = new { name = "Heimdall test OpenWebRX", admin = "test@example.org", gps = new { lat = 45.07, lon = 7.69 }, asl = 240, location = "Torino" },
            max_clients = o.MaxClients,
            version = o.Version,
            sdrs = o.NoSdr ? Array.Empty<object>() : new object[]
            {
                new
                {
                    name = o.SdrName,
                    type = "RtlSdrSource",
                    profiles = o.Profiles.Select(p => new { name = p.Name, center_freq = p.CenterFrequencyHz, sample_rate = p.SampleRateHz }).ToArray(),
                },
            },
        });
    }

    /// <summary>The robot score of a new connection (OpenWebRX+): Σ over the address's open connections of max(0, 10 − seconds since each opened).</summary>
    private double RobotScore(DateTimeOffset now) => _live.Sum(c => Math.Max(0, 10 - (now - c.Opened).TotalSeconds));

    /// <summary>Bans the address for 720 minutes and closes every connection from it, as OpenWebRX+'s banIp does.</summary>
    private void Ban(DateTimeOffset now)
    {
        _bannedUntil = now.AddMinutes(720);
        foreach (var connection in _live)
        {
            connection.Client.BannedWhileConnected = true;
            connection.Abort();
        }
    }

    /// <summary>Switches the SDR to a profile; every client hears the new configuration.</summary>
    private async Task SwitchProfileAsync(int index)
    {
        List<Connection> clients;
        lock (_state)
        {
            _profile = index;
            clients = [.. _live];
        }

        foreach (var client in clients)
        {
            await client.SendProfileConfigAsync();
        }
    }

    /// <summary>One receiver-socket client.</summary>
    private sealed class Connection(OpenWebRxEmulator server, Socket socket, WebSocket webSocket, OpenWebRxEmulatedClient client, int number)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly CancellationTokenSource _closed = new();
        private readonly OpenWebRxEmulatedSignal _signal = new(server.Options, server.Options.Seed + number);
        private Task _audio = Task.CompletedTask;
        private volatile string _mod = "nfm";
        private double _lowCut = -4000;
        private double _highCut = 4000;
        private long _offset;
        private int _outputRate = 12_000;
        private int _hdOutputRate = 48_000;
        private double _robotAlert;
        private DateTimeOffset _lastProfileChange;

        public DateTimeOffset Opened { get; } = DateTimeOffset.UtcNow;
        public OpenWebRxEmulatedClient Client => client;

        public void Abort()
        {
            _closed.Cancel();
            webSocket.Abort();
        }

        public async Task RunAsync(CancellationToken stop)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _closed.Token);
            var token = linked.Token;
            var hello = await ReceiveTextAsync(token);
            if (hello is null || !hello.StartsWith("SERVER DE CLIENT", StringComparison.Ordinal))
            {
                return; // OpenWebRX answers nothing until the handshake
            }

            client.Handshake = hello;
            await SendAsync($"CLIENT DE SERVER server=openwebrx version={server.Options.Version}", token);
            if (await AdmitAsync(token) is false)
            {
                return;
            }

            try
            {
                await GreetAsync(token);
                var spectrum = server.Options.NoSdr ? Task.CompletedTask : SpectrumAsync(token);
                await ReadAsync(token);
                await _closed.CancelAsync();
                await Task.WhenAll(spectrum, _audio).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                lock (server._state)
                {
                    server._live.Remove(this);
                }
            }

            // As OpenWebRX's websocket loop: the client's close handled (it has left the registry), then the close frame.
            if (webSocket.State == WebSocketState.CloseReceived)
            {
                using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, answer.Token);
            }
        }

        /// <summary>The client registry: a ban (or a robot score of 30), then max_clients and max_clients_per_ip.</summary>
        private async Task<bool> AdmitAsync(CancellationToken token)
        {
            string? refusal = null;
            lock (server._state)
            {
                var now = DateTimeOffset.UtcNow;
                var options = server.Options;
                _robotAlert = options.Plus ? server.RobotScore(now) : 0;
                _lastProfileChange = now;
                if (options.Plus && options.BotBanEnabled && _robotAlert >= 30)
                {
                    server.Ban(now);
                }

                if (options.Plus && server._bannedUntil is { } until && until > now)
                {
                    refusal = "Client address banned";
                }
                else if (server._live.Count >= options.MaxClients || (options.Plus && server._live.Count >= options.MaxClientsPerIp))
                {
                    refusal = "Too many clients";
                }
                else
                {
                    server._live.Add(this);
                }
            }

            if (refusal is null)
            {
                return true;
            }

            client.Backoff = refusal;
            await SendJsonAsync(new { type = "backoff", reason = refusal }, token);
            await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, token);

            // Read what the client still sends until its close (at most 2 s), so that closing the socket is a FIN, not a reset.
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(token);
            drain.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                while (await ReceiveTextAsync(drain.Token) is not null)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
            }

            return false;
        }

        private async Task GreetAsync(CancellationToken token)
        {
            var o = server.Options;
            await SendJsonAsync(new { type = "receiver_details", value = new { receiver_name = "Heimdall test OpenWebRX", receiver_location = "Torino" } }, token);
            await SendJsonAsync(new
            {
                type = "config",
                value = new { fft_size = o.FftSize, audio_compression = o.AudioCompression, fft_compression = o.FftCompression, max_clients = o.MaxClients, waterfall_scheme = "TeXYZ" },
            }, token);
            if (o.NoSdr)
            {
                await SendJsonAsync(new { type = "sdr_error", value = "No SDR Devices available" }, token);
            }
            else
            {
                await SendProfileConfigAsync();
            }

            await SendJsonAsync(new { type = "features", value = new { digital_voice_digiham = false } }, token);
            await SendJsonAsync(new { type = "modes", value = Modes() }, token);
            await SendJsonAsync(new { type = "profiles", value = o.NoSdr ? Array.Empty<object>() : o.Profiles.Select(p => (object)new { id = p.Id, name = $"{o.SdrName} {p.Name}" }).ToArray() }, token);
            await SendJsonAsync(new { type = "clients", value = server._live.Count }, token);
        }

        private object[] Modes()
        {
            var modes = new List<object>
            {
                new { modulation = "nfm", name = "FM", type = "analog", squelch = true, bandpass = new { low_cut = -4000, high_cut = 4000 } },
                new { modulation = "am", name = "AM", type = "analog", squelch = true, bandpass = new { low_cut = -4000, high_cut = 4000 } },
            };
            modes.AddRange(server.Options.Plus
                ? new object[]
                {
                    new { modulation = "lsb", name = "LSB", type = "analog", squelch = true, bandpass = new { low_cut = -2750, high_cut = -150 } },
                    new { modulation = "usb", name = "USB", type = "analog", squelch = true, bandpass = new { low_cut = 150, high_cut = 2750 } },
                    new { modulation = "usbd", name = "DATA", type = "analog", squelch = true, bandpass = new { low_cut = 0, high_cut = 24000 } },
                }
                : new object[]
                {
                    new { modulation = "lsb", name = "LSB", type = "analog", squelch = true, bandpass = new { low_cut = -3000, high_cut = -300 } },
                    new { modulation = "usb", name = "USB", type = "analog", squelch = true, bandpass = new { low_cut = 300, high_cut = 3000 } },
                });
            modes.Add(new { modulation = "cw", name = "CW", type = "analog", squelch = true, bandpass = new { low_cut = 700, high_cut = 900 } });
            return [.. modes];
        }

        public async Task SendProfileConfigAsync()
        {
            var profile = server.CurrentProfile;
            await SendJsonAsync(new
            {
                type = "config",
                value = new
                {
                    samp_rate = profile.SampleRateHz,
                    center_freq = profile.CenterFrequencyHz,
                    start_freq = profile.CenterFrequencyHz,
                    start_mod = "nfm",
                    start_offset_freq = 0,
                    sdr_id = profile.SdrId,
                    profile_id = profile.ProfileId,
                    waterfall_levels = new { min = -88, max = -20 },
                },
            }, _closed.Token);
        }

        private async Task ReadAsync(CancellationToken token)
        {
            while (await ReceiveTextAsync(token) is { } text)
            {
                client.Add(text);
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    continue; // "message is not json"
                }

                using var parsed = document;
                var root = parsed.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var kind) || kind.ValueKind != JsonValueKind.String)
                {
                    continue; // "received message without type"
                }

                var parameters = root.TryGetProperty("params", out var p) ? p : default;
                switch (kind.GetString())
                {
                    case "connectionproperties":
                        _outputRate = parameters.TryGetProperty("output_rate", out var rate) ? rate.GetInt32() : _outputRate;
                        _hdOutputRate = parameters.TryGetProperty("hd_output_rate", out var hd) ? hd.GetInt32() : _hdOutputRate;
                        break;
                    case "dspcontrol":
                        if (parameters.ValueKind == JsonValueKind.Object)
                        {
                            _mod = parameters.TryGetProperty("mod", out var mod) ? mod.GetString()! : _mod;
                            _lowCut = parameters.TryGetProperty("low_cut", out var low) ? low.GetDouble() : _lowCut;
                            _highCut = parameters.TryGetProperty("high_cut", out var high) ? high.GetDouble() : _highCut;
                            _offset = parameters.TryGetProperty("offset_freq", out var offset) ? offset.GetInt64() : _offset;
                        }

                        if (root.TryGetProperty("action", out var action) && action.GetString() == "start" && _audio.IsCompleted && !server.Options.NoSdr)
                        {
                            client.Started = true;
                            _audio = AudioAsync(token);
                        }

                        break;
                    case "selectprofile":
                        await SelectProfileAsync(parameters.GetProperty("profile").GetString()!, token);
                        break;
                }
            }
        }

        /// <summary>OpenWebRX+: a locked profile is refused with a log message and the current configuration again; a change scores as a robot's.</summary>
        private async Task SelectProfileAsync(string id, CancellationToken token)
        {
            var options = server.Options;
            var index = options.Profiles.ToList().FindIndex(p => p.Id == id);
            if (index < 0)
            {
                return; // "invalid profile … ignoring"
            }

            if (options.Plus && (options.Profiles[index].Locked || server.CurrentProfile.Locked))
            {
                await SendJsonAsync(new { type = "log_message", value = "This profile is locked, keeping current profile." }, token);
                await SendProfileConfigAsync();
                return;
            }

            if (options.Plus)
            {
                var now = DateTimeOffset.UtcNow;
                var score = 10 - (now - _lastProfileChange).TotalSeconds;
                _lastProfileChange = now;
                _robotAlert = score < 0 ? 0 : _robotAlert + score;
                client.RobotAlert = _robotAlert;
                if (options.BotBanEnabled && _robotAlert >= 30)
                {
                    lock (server._state)
                    {
                        server.Ban(now);
                    }

                    return;
                }
            }

            await server.SwitchProfileAsync(index);
        }

        /// <summary>FFT lines at fft_fps, from the greeting on, whatever the client does.</summary>
        private async Task SpectrumAsync(CancellationToken token)
        {
            var period = TimeSpan.FromSeconds(1 / server.Options.FftFps);
            var due = DateTimeOffset.UtcNow;
            try
            {
                while (!token.IsCancellationRequested && !server._sdrFailed)
                {
                    due += period;
                    var wait = due - DateTimeOffset.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, token);
                    }

                    await SendBinaryAsync(1, _signal.FftLine(server.CurrentProfile), token);
                    client.FftLines++;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
            }
        }

        /// <summary>The demodulator's audio (type 2, or 4 for usbd/lsbd) and S-meter readings, in real time, with the faults on cue.</summary>
        private async Task AudioAsync(CancellationToken token)
        {
            var options = server.Options;
            var started = DateTimeOffset.UtcNow;
            var sent = 0L;
            var nextMeter = started;
            var faults = new Faults();
            try
            {
                while (!token.IsCancellationRequested && !server._sdrFailed)
                {
                    var hd = _mod is "usbd" or "lsbd";
                    var rate = hd ? _hdOutputRate : _outputRate;
                    var chunk = options.AudioChunkSamples;
                    var wait = started + TimeSpan.FromSeconds((sent + chunk) / (double)rate) - DateTimeOffset.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, token);
                    }

                    var elapsed = DateTimeOffset.UtcNow - started;
                    if (await PlayFaultsAsync(faults, elapsed, token))
                    {
                        return;
                    }

                    var dial = server.CurrentProfile.CenterFrequencyHz + _offset;
                    if (!faults.AudioStalled)
                    {
                        var samples = _signal.Audio(chunk, rate, dial, _lowCut, _highCut);
                        await SendBinaryAsync((byte)(hd ? 4 : 2), _signal.CodeAudio(samples, options.AudioCompression == "adpcm", options.Plus), token);
                        client.AudioSamples += chunk;
                    }

                    sent += chunk;
                    while (DateTimeOffset.UtcNow >= nextMeter)
                    {
                        nextMeter += TimeSpan.FromMilliseconds(250);
                        await SendJsonAsync(new { type = "smeter", value = _signal.SMeter(dial, _lowCut, _highCut, rate) }, token);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException or SocketException)
            {
            }
        }

        /// <summary>Which faults have been played on this connection.</summary>
        private sealed class Faults
        {
            public bool Switched { get; set; }
            public bool AudioStalled { get; set; }
        }

        /// <summary>The faults of the options, each played once when the audio has run that long; true when the connection is over.</summary>
        private async Task<bool> PlayFaultsAsync(Faults faults, TimeSpan elapsed, CancellationToken token)
        {
            var options = server.Options;
            faults.AudioStalled |= elapsed >= options.StallAudioAfter;
            if (elapsed >= options.ResetAfter)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return true;
            }

            if (elapsed >= options.CloseAfter)
            {
                socket.Shutdown(SocketShutdown.Both);
                return true;
            }

            if (!faults.Switched && elapsed >= options.OtherListenerSelectsAfter)
            {
                faults.Switched = true;
                await server.SwitchProfileAsync(options.Profiles.ToList().FindIndex(p => p.Id == options.OtherListenerSelects));
            }

            if (elapsed >= options.SdrFailsAfter)
            {
                server._sdrFailed = true;
                await SendJsonAsync(new { type = "sdr_error", value = $"SDR device \"{options.SdrName}\" has failed, selecting new device" }, token);
                return true;
            }

            return false;
        }

        private async Task<string?> ReceiveTextAsync(CancellationToken token)
        {
            var buffer = new byte[16 * 1024];
            var length = 0;
            while (true)
            {
                var result = await webSocket.ReceiveAsync(buffer.AsMemory(length), token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(buffer, 0, length) : "";
                }

                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }

        private Task SendJsonAsync(object message, CancellationToken token) => SendAsync(JsonSerializer.Serialize(message), token);

        private Task SendAsync(string text, CancellationToken token) => SendCoreAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, token);

        private Task SendBinaryAsync(byte type, byte[] payload, CancellationToken token)
        {
            var message = new byte[payload.Length + 1];
            message[0] = type;
            payload.CopyTo(message, 1);
            return SendCoreAsync(message, WebSocketMessageType.Binary, token);
        }

        private async Task SendCoreAsync(byte[] message, WebSocketMessageType type, CancellationToken token)
        {
            await _send.WaitAsync(token);
            try
            {
                await webSocket.SendAsync(message, type, endOfMessage: true, token);
                client.BytesSent += message.Length;
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
