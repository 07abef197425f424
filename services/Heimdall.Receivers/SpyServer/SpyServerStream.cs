using System.Globalization;
using Heimdall.Signal;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// The IQ stream after the settings: frames discarded while the server's filters fill, then the samples from the first
/// one at or after the start, timed by the host clock. Each frame is checked (its type is the format asked for, a whole
/// number of samples, the same digital gain throughout); a gap in the frames' sequence numbers is lost samples, filled
/// with zeros and counted when <see cref="SpyServerSettings.MaxLostSamples"/> allows, else the attempt fails; a
/// CLIENT_SYNC that moves the device, the IQ window or the gain once samples flow fails it too.
/// </summary>
internal sealed class SpyServerStream(SpyServerSession session, SpyServerSettings settings, SpyServerTuning tuning, CaptureRequest request, long sampleCount, TimeProvider clock)
{
    private readonly int _bytesPerSample = tuning.SampleFormat.BytesPerSample();
    private readonly long _discard = (long)Math.Ceiling(settings.DiscardMs / 1000 * tuning.RateHz);
    private readonly byte[] _iq = new byte[checked(sampleCount * tuning.SampleFormat.BytesPerSample())];
    private readonly TimeSpan _silence = TimeSpan.FromSeconds(settings.StallTimeoutSeconds);
    private long _position;
    private long? _keptFrom;
    private long _filled;
    private DateTimeOffset? _origin;
    private DateTimeOffset _firstArrival;
    private uint? _lastSequence;
    private int? _gainDb;
    private SpyServerClientSync? _settled;

    public SpyServerClientSync? Sync { get; set; }

    /// <summary>Frames missing from the sequence numbers within the capture.</summary>
    public int GapFrames { get; private set; }

    /// <summary>Samples lost in those gaps (zeros in the capture).</summary>
    public long LostSamples { get; private set; }

    /// <summary>Samples of the first IQ frame: the granularity of arrival.</summary>
    public int FrameSamples { get; private set; }

    /// <summary>The digital gain the server applied (the upper 16 bits of the IQ messages' type), dB.</summary>
    public int? GainDb => _gainDb;

    /// <summary>The samples exactly as received, and the host-clock instant of the first.</summary>
    public async Task<(byte[] Iq, DateTimeOffset FirstSampleUtc)> RunAsync()
    {
        while (_filled < sampleCount)
        {
            var (header, body) = await ReceiveAsync();
            var arrival = clock.GetUtcNow();
            switch (header.MessageType)
            {
                case SpyServerMessageType.ClientSync when SpyServerClientSync.TryParse(body.Span) is { } sync:
                    OnSync(sync);
                    break;
                case SpyServerMessageType.Uint8Iq or SpyServerMessageType.Int16Iq or SpyServerMessageType.Int24Iq or SpyServerMessageType.FloatIq:
                    OnFrame(header, body.Span, arrival);
                    break;
            }
        }

        return (_iq, _origin!.Value + TimeSpan.FromSeconds(_keptFrom!.Value / tuning.RateHz));
    }

    /// <summary>
    /// Before samples flow, a CLIENT_SYNC only updates what is known. After, one that reports this client's window where
    /// it was asked is the server confirming the settings; any other (the device retuned, the window moved, the gain
    /// changed: the controlling client at work) means the samples are no longer what was asked.
    /// </summary>
    private void OnSync(SpyServerClientSync sync)
    {
        var previous = Sync;
        Sync = sync;
        if (_lastSequence is null)
        {
            _settled = sync.IqCenterFrequency == tuning.FrequencyHz ? sync : _settled;
            return;
        }

        var moved = sync.IqCenterFrequency != tuning.FrequencyHz
            || (_settled is { } settled && (settled.DeviceCenterFrequency != sync.DeviceCenterFrequency || settled.Gain != sync.Gain));
        if (!moved)
        {
            _settled ??= sync;
            return;
        }

        var before = _settled ?? previous;
        throw new IOException(Invariant(
            $"{session.Url} sent CLIENT_SYNC {Where()}: the {(sync.CanControl ? "device" : "controlling client")} moved it (device centre {before?.DeviceCenterFrequency} → {sync.DeviceCenterFrequency} Hz, this client's IQ centre {before?.IqCenterFrequency} → {sync.IqCenterFrequency} Hz, gain index {before?.Gain} → {sync.Gain}); the samples are no longer those asked for at {tuning.FrequencyHz} Hz."));
    }

    private void OnFrame(SpyServerMessageHeader header, ReadOnlySpan<byte> body, DateTimeOffset arrival)
    {
        var expected = tuning.Format switch
        {
            SpyServerStreamFormat.EightBit => SpyServerMessageType.Uint8Iq,
            SpyServerStreamFormat.FloatingPoint => SpyServerMessageType.FloatIq,
            _ => SpyServerMessageType.Int16Iq,
        };
        if (header.MessageType != expected || body.Length % _bytesPerSample != 0)
        {
            throw new IOException(Invariant(
                $"{session.Url} sent an IQ message of type {header.MessageType} with {body.Length} bytes {Where()}, where {expected} frames of whole {_bytesPerSample}-byte samples were asked for."));
        }

        if (_gainDb is { } gain && gain != header.GainDb)
        {
            throw new IOException(Invariant($"{session.Url} changed the digital gain it applies from {gain} to {header.GainDb} dB {Where()}: the levels are no longer comparable."));
        }

        _gainDb = header.GainDb;
        var samples = body.Length / _bytesPerSample;
        if (_lastSequence is null)
        {
            FrameSamples = samples;
            _firstArrival = arrival;
        }
        else if (header.SequenceNumber != unchecked(_lastSequence.Value + 1))
        {
            OnGap(unchecked(header.SequenceNumber - _lastSequence.Value - 1), samples);
        }

        _lastSequence = header.SequenceNumber;
        var frameStart = _position;
        _position += samples;
        var candidate = arrival - TimeSpan.FromSeconds(_position / tuning.RateHz);
        _origin = _origin is { } known && known <= candidate ? known : candidate;
        if (_keptFrom is null)
        {
            // The first sample after the discard whose instant (by the origin known so far) is at or after the start.
            var from = Math.Max(Math.Max(frameStart, _discard), (long)Math.Ceiling((request.StartAtUtc - _origin.Value).TotalSeconds * tuning.RateHz));
            if (from >= _position)
            {
                return;
            }

            _keptFrom = from;
            frameStart = from;
            body = body[(int)((from - (_position - samples)) * _bytesPerSample)..];
        }

        var take = (int)Math.Min(_position - frameStart, sampleCount - _filled);
        body[..(take * _bytesPerSample)].CopyTo(_iq.AsSpan((int)(_filled * _bytesPerSample)));
        _filled += take;
    }

    /// <summary>Frames missing before this one: their samples are lost (zeros where they fall in the capture).</summary>
    private void OnGap(uint frames, int frameSamples)
    {
        var lost = (long)frames * frameSamples;
        _position += lost;
        if (_keptFrom is null)
        {
            return; // before the capture: nothing of it is missing
        }

        var inCapture = Math.Min(lost, sampleCount - _filled);
        GapFrames += (int)Math.Min(frames, int.MaxValue);
        LostSamples += inCapture;
        if (LostSamples > settings.MaxLostSamples)
        {
            throw new IOException(Invariant(
                $"{session.Url} skipped {frames} IQ frames (sequence gap, about {lost} samples) {_filled} of {sampleCount} samples into the capture: the server dropped them (its client or link too slow); {LostSamples} samples lost in this capture, settings.maxLostSamples allows {settings.MaxLostSamples}."));
        }

        _filled += inCapture; // the buffer already holds zeros there
    }

    private async Task<(SpyServerMessageHeader Header, ReadOnlyMemory<byte> Body)> ReceiveAsync()
    {
        try
        {
            return await session.ReceiveAsync(_silence);
        }
        catch (TimeoutException ex)
        {
            throw new IOException(
                $"{session.Url} sent nothing for {settings.StallTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s {Where()} (stall watchdog, settings.stallTimeoutSeconds): its device has stopped delivering, or the server hangs.", ex);
        }
        catch (SpyServerClosedException ex)
        {
            throw new IOException($"{ex.Message} {Where()}: a SpyServer ends a session so when it stops or restarts, or when its maximum_session_duration is reached.", ex);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
        {
            throw new IOException($"{ex.Message} {Where()}.", ex);
        }
    }

    /// <summary>Where the stream is, for messages: before the samples flowed, while discarding, waiting for the start, or how far into the capture.</summary>
    private string Where() => _keptFrom is not null
        ? Invariant($"{_filled} of {sampleCount} samples into the capture ({(clock.GetUtcNow() - _firstArrival).TotalSeconds:0.0##} s after the first IQ frame)")
        : _lastSequence is null
            ? "before the first IQ frame"
            : _position < _discard
                ? Invariant($"while the driver discarded the first {_discard} samples (settings.discardMs)")
                : Invariant($"while the driver waited for the start at {request.StartAtUtc.UtcDateTime:O}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
