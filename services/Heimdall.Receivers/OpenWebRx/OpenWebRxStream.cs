using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// The session after <c>start</c>: the audio (type 2, or 4 for HD audio) decoded and kept from the first sample at or
/// after the start (after <c>audioDiscardMs</c>), timed by the host clock; the FFT lines (type 1) and S-meter readings
/// that arrive meanwhile; and every change the server announces. A profile changed under the capture (another listener
/// selected another one), a stall, a close and a refusal end it, naming the cause.
/// </summary>
internal sealed class OpenWebRxStream(OpenWebRxSocket socket, OpenWebRxSession session, OpenWebRxSettings settings, OpenWebRxTuning tuning, CaptureRequest request, long sampleCount, TimeProvider clock)
{
    private static readonly string[] ProfileKeys = ["center_freq", "samp_rate", "sdr_id", "profile_id"];
    private readonly short[] _audio = new short[sampleCount];
    private readonly List<short> _decoded = [];
    private readonly AdpcmAudioDecoder _adpcm = new();
    private readonly List<(DateTimeOffset Arrival, float[] Levels)> _lines = [];
    private readonly List<SMeterReading> _smeter = [];
    private readonly long _discard = (long)Math.Ceiling(settings.AudioDiscardMs / 1000 * tuning.AudioRateHz);
    private readonly string _profile = session.State.DescribeProfile();
    private long _position;
    private long? _keptFrom;
    private long _filled;
    private DateTimeOffset? _origin;
    private DateTimeOffset _started;
    private DateTimeOffset? _lastAudio;
    private DateTimeOffset _keptSince;

    public string Decompression => session.State.AudioCompression == "adpcm"
        ? _adpcm.WithSync ? "IMA ADPCM with sync blocks every 1000 bytes (OpenWebRX+), decoded by Heimdall" : "IMA ADPCM, one continuous stream (OpenWebRX 1.x), decoded by Heimdall"
        : "none (int16 little-endian as sent)";

    public int SyncLosses => _adpcm.SyncLosses;


    /// <summary>Audio messages' sizes, for the timing warning.</summary>
    public int LargestAudioMessage { get; private set; }

    public async Task<(byte[] Audio, DateTimeOffset FirstSampleUtc, SpectrumFrames Spectrum)> RunAsync(CancellationToken cancellationToken)
    {
        _started = clock.GetUtcNow();
        var stall = TimeSpan.FromSeconds(settings.StallTimeoutSeconds);
        while (_filled < sampleCount)
        {
            (WebSocketMessageType Type, ReadOnlyMemory<byte> Payload) message;
            try
            {
                message = await socket.ReceiveAsync(stall, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw Stalled(ex);
            }
            catch (IOException ex) when (ex is not ReceiverStreamException)
            {
                throw new IOException($"{ex.Message} {Where()}.", ex);
            }

            var arrival = clock.GetUtcNow();
            if (message.Type == WebSocketMessageType.Text)
            {
                OnText(Encoding.UTF8.GetString(message.Payload.Span), arrival);
            }
            else if (message.Payload.Length > 0)
            {
                OnBinary(message.Payload.Span, arrival);
            }

            if ((_lastAudio ?? _started) + stall < arrival)
            {
                throw Stalled(null);
            }
        }

        var end = _lastAudio!.Value;
        var lines = _lines.Where(l => l.Arrival >= _keptSince && l.Arrival <= end).Select(l => new SpectrumLine(l.Arrival, l.Levels)).ToList();
        var spectrum = new SpectrumFrames
        {
            CenterFrequencyHz = session.State.CenterFrequencyHz!.Value,
            SampleRateHz = session.State.SampleRateHz!.Value,
            FftSize = session.State.FftSize!.Value,
            Window = "hamming",
            LevelOffsetDb = -70,
            Compression = session.State.FftCompression ?? "none",
            Lines = lines,
            SMeter = [.. _smeter.Where(s => s.ArrivalUtc >= _keptSince && s.ArrivalUtc <= end)],
        };
        var bytes = new byte[_audio.Length * 2];
        for (var i = 0; i < _audio.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), _audio[i]);
        }

        return (bytes, _origin!.Value + TimeSpan.FromSeconds(_keptFrom!.Value / tuning.AudioRateHz), spectrum);
    }

    private void OnText(string text, DateTimeOffset arrival)
    {
        var (type, value, changed) = session.Read(text, Where());
        switch (type)
        {
            case "smeter" when value.ValueKind == JsonValueKind.Number:
                _smeter.Add(new SMeterReading(arrival, value.GetDouble()));
                break;
            case "config" when changed.Intersect(ProfileKeys).Any() && session.State.DescribeProfile() != _profile:
                throw new ReceiverStreamException(Invariant(
                    $"OpenWebRX {settings.Url} switched the profile from {_profile} to {session.State.DescribeProfile()} {Where()}: another listener selected it (a profile applies to every listener of the SDR), so the audio and spectrum are no longer those of {request.FrequencyHz} Hz."));
        }
    }

    private void OnBinary(ReadOnlySpan<byte> payload, DateTimeOffset arrival)
    {
        var body = payload[1..];
        switch (payload[0])
        {
            case 1:
                var levels = session.State.FftCompression == "adpcm" ? ImaAdpcm.DecodeFftLine(body) : Floats(body);
                _lines.Add((arrival, levels));
                break;
            case 2 or 4 when (payload[0] == 4) == tuning.HdAudio:
                OnAudio(body, arrival);
                break;
            case 2 or 4:
                throw new ReceiverStreamException(Invariant(
                    $"OpenWebRX {settings.Url} sent {(payload[0] == 4 ? "HD audio (type 4)" : "audio (type 2)")} {Where()}, where {tuning.Mode} is delivered as {(tuning.HdAudio ? "HD audio (type 4)" : "audio (type 2)")}: the demodulator is not the one asked for."));
        }
    }

    private void OnAudio(ReadOnlySpan<byte> body, DateTimeOffset arrival)
    {
        _decoded.Clear();
        if (session.State.AudioCompression == "adpcm")
        {
            _adpcm.Decode(body, _decoded);
        }
        else
        {
            for (var i = 0; i + 1 < body.Length; i += 2)
            {
                _decoded.Add(BinaryPrimitives.ReadInt16LittleEndian(body[i..]));
            }
        }

        LargestAudioMessage = Math.Max(LargestAudioMessage, _decoded.Count);
        _lastAudio = arrival;
        var frameStart = _position;
        _position += _decoded.Count;
        var candidate = arrival - TimeSpan.FromSeconds(_position / tuning.AudioRateHz);
        _origin = _origin is { } known && known <= candidate ? known : candidate;
        var from = frameStart;
        if (_keptFrom is null)
        {
            from = Math.Max(Math.Max(frameStart, _discard), (long)Math.Ceiling((request.StartAtUtc - _origin.Value).TotalSeconds * tuning.AudioRateHz));
            if (from >= _position)
            {
                return;
            }

            _keptFrom = from;
            _keptSince = arrival;
        }

        var take = (int)Math.Min(_position - from, sampleCount - _filled);
        for (var i = 0; i < take; i++)
        {
            _audio[_filled + i] = _decoded[(int)(from - frameStart) + i];
        }

        _filled += take;
    }

    private static float[] Floats(ReadOnlySpan<byte> body)
    {
        var levels = new float[body.Length / 4];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(4 * i)..]);
        }

        return levels;
    }

    private IOException Stalled(Exception? inner) => new(Invariant(
        $"OpenWebRX {settings.Url} sent no audio for {settings.StallTimeoutSeconds} s {Where()} (stall watchdog, settings.stallTimeoutSeconds): its demodulator has stopped, or the server hangs."), inner);

    private string Where() => _keptFrom is not null
        ? Invariant($"{_filled} of {sampleCount} audio samples into the capture")
        : _lastAudio is null
            ? Invariant($"before any audio ({(clock.GetUtcNow() - _started).TotalSeconds:0.0#} s after dspcontrol start)")
            : _position < _discard
                ? Invariant($"while the driver discarded the first {_discard} audio samples (settings.audioDiscardMs)")
                : Invariant($"while the driver waited for the start at {request.StartAtUtc.UtcDateTime:O}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The stream ended for a reason the driver names (not the socket): retried like any receiver fault.</summary>
internal sealed class ReceiverStreamException(string message) : IOException(message);
