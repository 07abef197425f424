using System.Diagnostics;
using System.Globalization;
using Heimdall.Domain.Receivers;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// One SND session on an upgraded socket: <c>SET auth</c> first, the server's messages (refusals become exceptions that
/// quote it), the whole set of commands once the server announced its audio (mod=iq with a passband inside
/// ±(rate/2 − 1), AGC off with a fixed gain unless asked, compression off, little-endian, AR OK), a keepalive well within
/// the server's 60 s, and a watchdog: the first SND frame within the handshake timeout, then no silence longer than the
/// stall timeout. The packets go to a <see cref="KiwiCaptureAssembler"/> until the capture is complete.
/// </summary>
internal sealed class KiwiSoundSession(
    KiwiWebSocket socket, Receiver receiver, CaptureRequest request, KiwiSdrSettings settings, TimeProvider clock, ILogger logger)
{
    private const double MaxFrequencyKHz = 30_000;
    private readonly Uri _server = socket.Uri;
    private double? _sampleRateHz;
    private bool _authenticated;
    private bool _tuned;
    private int? _versionMajor;
    private int? _versionMinor;
    private double _freqOffsetKHz;
    private double _bandwidthKHz = MaxFrequencyKHz;
    private Heimdall.Signal.Passband? _passband;
    private long _sndFrames;
    private long _firstSndTimestamp;

    public string? Version => _versionMajor is { } major && _versionMinor is { } minor
        ? string.Create(CultureInfo.InvariantCulture, $"KiwiSDR {major}.{minor:000}")
        : null;

    public async Task<RawCapture> RunAsync(CancellationToken cancellationToken)
    {
        using var keepalive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await socket.SendAsync(AuthCommand(), cancellationToken);
        var keepaliveLoop = KeepaliveAsync(keepalive.Token);
        try
        {
            return await ReceiveAsync(cancellationToken);
        }
        finally
        {
            await keepalive.CancelAsync();
            await keepaliveLoop;
        }
    }

    private async Task<RawCapture> ReceiveAsync(CancellationToken cancellationToken)
    {
        var connected = Stopwatch.GetTimestamp();
        KiwiCaptureAssembler? assembler = null;
        while (true)
        {
            var timeout = _sndFrames == 0
                ? TimeSpan.FromSeconds(settings.HandshakeTimeoutSeconds) - Stopwatch.GetElapsedTime(connected)
                : TimeSpan.FromSeconds(settings.StallTimeoutSeconds);
            ReadOnlyMemory<byte> frame;
            try
            {
                frame = await socket.ReceiveAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            catch (KiwiReceiveTimeoutException)
            {
                throw new IOException(StallReason());
            }
            catch (KiwiClosedException ex)
            {
                throw new IOException(Invariant($"KiwiSDR {_server}: {ex.Message} {When()}, after {_sndFrames} SND frames."), ex);
            }

            switch (KiwiSndFrame.Tag(frame.Span))
            {
                case "MSG":
                    await OnMessageAsync(KiwiMessage.Parse(frame.Span), cancellationToken);
                    break;
                case "SND" when !_tuned:
                    // Nothing streams before the set; a frame now is the channel's leftover, not ours.
                    break;
                case "SND":
                    if (!KiwiSndFrame.TryParse(frame, out var packet, out var error))
                    {
                        throw new IOException(Invariant($"KiwiSDR {_server} sent a bad frame {When()} (after {_sndFrames} SND frames): {error}."));
                    }

                    if (_sndFrames++ == 0)
                    {
                        _firstSndTimestamp = Stopwatch.GetTimestamp();
                    }

                    assembler ??= new KiwiCaptureAssembler(request, settings, _sampleRateHz!.Value);
                    var arrived = clock.GetUtcNow();
                    var started = assembler.HasStarted;
                    assembler.Add(packet, arrived);
                    if (!started && assembler.HasStarted)
                    {
                        KiwiSdrLog.FirstSample(logger, receiver.ReceiverId, (arrived - request.StartAtUtc).TotalMilliseconds);
                    }

                    if (assembler.IsComplete)
                    {
                        return assembler.Build(Version, SessionWarnings()) with { Passband = _passband };
                    }

                    break;
                case "W/F" or "EXT" or "DAT":
                    break;
                default:
                    throw new IOException(Invariant(
                        $"KiwiSDR {_server} sent a junk frame {When()}: {frame.Length} bytes starting {Convert.ToHexString(frame.Span[..Math.Min(frame.Length, 8)])}, no MSG/SND/W/F/EXT/DAT tag."));
            }
        }
    }

    private async Task OnMessageAsync(KiwiMessage message, CancellationToken cancellationToken)
    {
        if (KiwiRefusal.From(message, settings, _server, When()) is { } refusal)
        {
            throw refusal;
        }

        foreach (var (name, value) in message.Parameters)
        {
            switch (name)
            {
                case "sample_rate" when TryNumber(value, out var rate) && rate > 0:
                    _sampleRateHz = rate;
                    break;
                case "badp" when value == "0":
                    _authenticated = true;
                    break;
                case "version_maj" when int.TryParse(value, CultureInfo.InvariantCulture, out var major):
                    _versionMajor = major;
                    break;
                case "version_min" when int.TryParse(value, CultureInfo.InvariantCulture, out var minor):
                    _versionMinor = minor;
                    break;
                case "freq_offset" when TryNumber(value, out var offset):
                    _freqOffsetKHz = offset;
                    break;
                case "bandwidth" when TryNumber(value, out var bandwidth) && bandwidth > 0:
                    _bandwidthKHz = bandwidth / 1000;
                    break;
            }
        }

        // audio_init/audio_rate closes the server's greeting: auth, version, freq_offset and sample_rate are known.
        if (message["audio_rate"] is { } audioRate && !_tuned)
        {
            if (!_authenticated)
            {
                throw new IOException($"KiwiSDR {_server} announced {message.Quote()} before accepting SET auth (no badp=0).");
            }

            if (_sampleRateHz is null)
            {
                throw new IOException($"KiwiSDR {_server} announced {message.Quote()} but no sample_rate: the rate of its IQ is unknown.");
            }

            await TuneAsync(audioRate, cancellationToken);
        }
    }

    private async Task TuneAsync(string audioRate, CancellationToken cancellationToken)
    {
        var basebandKHz = (request.FrequencyHz / 1000) - _freqOffsetKHz;
        if (basebandKHz < 0 || basebandKHz > _bandwidthKHz)
        {
            throw new ReceiverNotSupportedException(Invariant(
                $"KiwiSDR {_server} tunes {_freqOffsetKHz / 1000:0.######}–{(_freqOffsetKHz + _bandwidthKHz) / 1000:0.######} MHz (freq_offset={_freqOffsetKHz:0.###} kHz, bandwidth {_bandwidthKHz:0.###} kHz); {request.FrequencyHz / 1e6:0.######} MHz is outside: fix the receiver's bands."));
        }

        var edge = (int)Math.Floor((_sampleRateHz!.Value / 2) - 1);
        var lowCut = Math.Max(settings.LowCutHz, -edge);
        var highCut = Math.Min(settings.HighCutHz, edge);
        // What the filter passes: the rest of the band is empty (half of it on a 20.25 kHz Kiwi with the default ±5 kHz).
        _passband = new Heimdall.Signal.Passband(lowCut, highCut);
        var agc = settings.Agc ? 1 : 0;
        string[] commands =
        [
            Invariant($"SET mod=iq low_cut={lowCut} high_cut={highCut} freq={basebandKHz:0.000}"),
            Invariant($"SET agc={agc} hang=0 thresh=-100 slope=6 decay=1000 manGain={settings.ManGainDb}"),
            "SET squelch=0 max=0",
            "SET genattn=0",
            "SET gen=0 mix=-1",
            "SET ident_user=" + Uri.EscapeDataString(settings.IdentUser),
            "SET compression=0",
            "SET little-endian",
            $"SET AR OK in={(int.TryParse(audioRate, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : 12_000)} out=44100",
        ];
        foreach (var command in commands)
        {
            await socket.SendAsync(command, cancellationToken);
        }

        _tuned = true;
        KiwiSdrLog.Tuned(logger, receiver.ReceiverId, Version ?? "version unknown", _sampleRateHz.Value, _freqOffsetKHz, basebandKHz);
    }

    private string AuthCommand()
    {
        var password = string.IsNullOrEmpty(settings.Password) ? (string.IsNullOrEmpty(settings.TimeLimitPassword) ? "" : "#") : settings.Password;
        return string.IsNullOrEmpty(settings.TimeLimitPassword)
            ? $"SET auth t=kiwi p={password}"
            : $"SET auth t=kiwi p={password} ipl={settings.TimeLimitPassword}";
    }

    private async Task KeepaliveAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.KeepaliveSeconds), clock, cancellationToken);
                await socket.SendAsync("SET keepalive", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            // the session is over (or the socket failed, which the receive reports)
        }
    }

    private List<string> SessionWarnings()
    {
        var warnings = new List<string>();
        if (settings.Agc)
        {
            warnings.Add("AGC is on (settings.agc = true): the levels follow the Kiwi's AGC, so power and SNR are not comparable between receivers or captures.");
        }

        if (_versionMajor is not { } major || _versionMinor is not { } minor)
        {
            warnings.Add("the KiwiSDR sent no version_maj/version_min: its filter delays, and so the meaning of its stamps, are unknown.");
        }
        else if (major < 1 || (major == 1 && minor < 653))
        {
            warnings.Add(Invariant(
                $"KiwiSDR {major}.{minor:000} is older than v1.653: the filter delays changed with the CIC-compensation release (v1.647{(minor < 647 ? "; before it the decimation was 5555, not 5556" : "")}), so its GNSS stamps must not be combined with those of v1.653 and later without calibration."));
        }

        return warnings;
    }

    private string StallReason()
    {
        if (_sndFrames > 0)
        {
            return Invariant($"KiwiSDR {_server} stalled: the socket is open but no SND frame came for {settings.StallTimeoutSeconds:0.###} s (settings.stallTimeoutSeconds), {When()}, after {_sndFrames} SND frames.");
        }

        var stage = _tuned ? "after the full set of commands"
            : _authenticated ? "after accepting SET auth, but it never sent audio_rate"
            : _sampleRateHz is null ? "and it never answered SET auth (no sample_rate, no badp)" : "and it never answered SET auth (no badp)";
        return Invariant($"KiwiSDR {_server} sent no SND frame within {settings.HandshakeTimeoutSeconds:0.###} s of the upgrade (settings.handshakeTimeoutSeconds), {stage}.");
    }

    private string When() => _sndFrames == 0
        ? "at connect"
        : Invariant($"{Stopwatch.GetElapsedTime(_firstSndTimestamp).TotalSeconds:0.0} s into the stream");

    private static bool TryNumber(string? value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
