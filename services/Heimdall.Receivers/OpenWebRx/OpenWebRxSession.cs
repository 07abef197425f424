using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// One receiver-socket conversation, as a browser holds it: the handshake (<c>SERVER DE CLIENT … type=receiver</c>,
/// answered <c>CLIENT DE SERVER server=openwebrx version=…</c>), <c>connectionproperties</c>, the server's
/// <c>config</c>, <c>modes</c> and <c>profiles</c>; at most one <c>selectprofile</c> (only to a profile the registry
/// allows, and only when the request lies outside the current one); then <c>dspcontrol</c> with the demodulator's
/// parameters and <c>start</c>. A refusal at any point (<c>backoff</c>, <c>sdr_error</c>, a locked profile) ends it
/// with the server's words.
/// </summary>
internal sealed class OpenWebRxSession(OpenWebRxSocket socket, OpenWebRxSettings settings, TimeProvider clock)
{
    public OpenWebRxServerState State { get; } = new();

    /// <summary>The profile this session selected, when it had to.</summary>
    public string? SelectedProfile { get; private set; }

    /// <summary>The handshake, then the server's greeting until it has said enough to tune.</summary>
    public async Task GreetAsync(CancellationToken cancellationToken)
    {
        await socket.SendAsync($"SERVER DE CLIENT client={settings.ClientName} type=receiver", cancellationToken);

        // Nothing more until admitted: a server that turns the client away sends backoff and closes, and a message of
        // ours still unread then would make its close a reset that loses the backoff.
        await UntilAsync(() => State.Version is not null && State.ConfigReceived, "at connect",
            () => State.Version is null ? "the handshake's answer (CLIENT DE SERVER)" : "its configuration", cancellationToken);
        await socket.SendAsync(JsonSerializer.Serialize(new
        {
            type = "connectionproperties",
            @params = new { output_rate = OpenWebRxTuning.OutputRate, hd_output_rate = OpenWebRxTuning.HdOutputRate },
        }), cancellationToken);
        await UntilAsync(() => State.HasTuning && State.ModesReceived && State.ProfilesReceived, "at connect", () =>
            State.Version is null ? "the handshake's answer (CLIENT DE SERVER)"
            : !State.HasTuning ? "the current profile's configuration (samp_rate, center_freq, fft_size)"
            : "its modes and profiles", cancellationToken);
    }

    /// <summary>
    /// Selects the first profile of <c>settings.profiles</c> that covers the request (its centre and rate from
    /// <c>/status.json</c>, matched by name to the socket's profile ids), once, and waits for the server to switch to it.
    /// </summary>
    public async Task<OpenWebRxTuning> SelectProfileAsync(OpenWebRxMode mode, double frequencyHz, double bandHz, Func<CancellationToken, Task<OpenWebRxStatus?>> status, CancellationToken cancellationToken)
    {
        var current = State.DescribeProfile();
        if (settings.Profiles.Count == 0)
        {
            throw new ReceiverRefusedException(Invariant(
                $"OpenWebRX {settings.Url}: {frequencyHz} Hz (with its {bandHz} Hz band and the {mode.Modulation} passband) is outside the current profile {current}, and settings.profiles allows no profile change (a change retunes the SDR for every listener)."));
        }

        var known = await status(cancellationToken);
        var candidates = settings.Profiles
            .Select(id => (Id: id, Listed: State.Profiles.FirstOrDefault(p => p.Id == id).Name))
            .Select(p => (p.Id, Profile: known?.Profiles.FirstOrDefault(s => s.ListedName == p.Listed)))
            .ToList();
        var covering = candidates.FirstOrDefault(c => c.Profile is { } p && Covers(p, mode, frequencyHz, bandHz));
        if (covering.Profile is null)
        {
            var described = string.Join("; ", candidates.Select(c => c.Profile is { } p
                ? Invariant($"{c.Id} {p.CenterFrequencyHz} Hz ± {p.SampleRateHz / 2} Hz")
                : $"{c.Id} not offered by the server"));
            throw new ReceiverRefusedException(Invariant(
                $"OpenWebRX {settings.Url}: {frequencyHz} Hz is outside the current profile {current}, and none of settings.profiles covers it ({described})."));
        }

        SelectedProfile = covering.Id;
        await socket.SendAsync(JsonSerializer.Serialize(new { type = "selectprofile", @params = new { profile = covering.Id } }), cancellationToken);
        var locks = State.LogMessages.Count;
        await UntilAsync(() => State.ProfileId == covering.Id && State.CenterFrequencyHz == covering.Profile.CenterFrequencyHz
                || State.LogMessages.Skip(locks).Any(IsLocked),
            "after selectprofile", () => $"the configuration of profile {covering.Id}", cancellationToken);
        if (State.LogMessages.Skip(locks).FirstOrDefault(IsLocked) is { } locked)
        {
            throw new ReceiverRefusedException($"OpenWebRX {settings.Url} said '{locked}' to selectprofile {covering.Id}: its owner locked the profiles, and {frequencyHz.ToString(CultureInfo.InvariantCulture)} Hz is outside the current one, {current}.");
        }

        return OpenWebRxTuning.Plan(State, mode, frequencyHz, bandHz)
            ?? throw new ReceiverRefusedException($"OpenWebRX {settings.Url}: after selecting {covering.Id} the profile is {State.DescribeProfile()}, which does not cover {frequencyHz.ToString(CultureInfo.InvariantCulture)} Hz.");
    }

    /// <summary>The demodulator's parameters, then <c>start</c>, as the browser sends them.</summary>
    public async Task StartAsync(OpenWebRxTuning tuning, CancellationToken cancellationToken)
    {
        await socket.SendAsync(tuning.DspParameters(), cancellationToken);
        await socket.SendAsync("""{"type":"dspcontrol","action":"start"}""", cancellationToken);
    }

    /// <summary>
    /// Reads messages until <paramref name="done"/> holds; every text message updates <see cref="State"/>, a refusal
    /// throws, a binary message is skipped; nothing sufficient within the handshake timeout is an <see cref="IOException"/>.
    /// </summary>
    private async Task UntilAsync(Func<bool> done, string when, Func<string> missing, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(settings.HandshakeTimeoutSeconds);
        while (!done())
        {
            var left = deadline - clock.GetUtcNow();
            (WebSocketMessageType Type, ReadOnlyMemory<byte> Payload) message;
            try
            {
                message = await socket.ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new IOException(Invariant($"OpenWebRX {settings.Url} sent no {missing()} within {settings.HandshakeTimeoutSeconds} s {when} (settings.handshakeTimeoutSeconds)."), ex);
            }

            if (message.Type == WebSocketMessageType.Text)
            {
                Read(Encoding.UTF8.GetString(message.Payload.Span), when);
            }
        }
    }

    /// <summary>Applies one text message to the state; a refusal throws. Returns the message's type and value (null for the handshake's answer).</summary>
    public (string? Type, JsonElement Value, IReadOnlyList<string> Changed) Read(string text, string when)
    {
        if (State.TryHandshake(text))
        {
            return (null, default, []);
        }

        using var document = ParseOrNull(text);
        if (document is null)
        {
            return (null, default, []);
        }

        var root = document.RootElement;
        if (OpenWebRxRefusal.From(root, settings, State.MaxClients, when) is { } refusal)
        {
            throw refusal;
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var value = root.TryGetProperty("value", out var v) ? v.Clone() : default;
        IReadOnlyList<string> changed = [];
        switch (type)
        {
            case "config":
                changed = State.ApplyConfig(value);
                break;
            case "modes":
                State.ApplyModes(value);
                break;
            case "profiles":
                State.ApplyProfiles(value);
                break;
            case "log_message" when value.ValueKind == JsonValueKind.String:
                State.LogMessages.Add(value.GetString()!);
                break;
        }

        return (type, value, changed);
    }

    private static JsonDocument? ParseOrNull(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsLocked(string message) => message.Contains("locked", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the profile holds the whole passband and the measurement band, away from its edges.</summary>
    private static bool Covers(OpenWebRxStatusProfile profile, OpenWebRxMode mode, double frequencyHz, double bandHz)
    {
        var state = new OpenWebRxServerState();
        state.TryHandshake("CLIENT DE SERVER server=openwebrx version=?");
        using var config = JsonDocument.Parse(Invariant($$"""{"center_freq": {{profile.CenterFrequencyHz}}, "samp_rate": {{profile.SampleRateHz}}, "fft_size": 1}"""));
        state.ApplyConfig(config.RootElement);
        return OpenWebRxTuning.Plan(state, mode, frequencyHz, bandHz) is not null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
