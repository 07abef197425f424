using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Signal;
using Heimdall.Signal.Timing;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// Turns the SND packets of one connection into the requested capture: drops the first packet (all-zero GNSS header,
/// audio left over from the channel's previous user) and the packets of the discard period after tuning (the server
/// resets its NCO about 1.5 s after the first tune), starts at the first sample at or after the requested instant by
/// GNSS time (by the host clock when the packet has no usable stamp), fills sequence gaps with zeros so that the sample
/// index stays a time axis, collects one stamp per packet, and fits the stamps for the true rate and the start instant.
/// Pure logic: the sockets are elsewhere.
/// </summary>
public sealed class KiwiCaptureAssembler
{
    private readonly CaptureRequest _request;
    private readonly KiwiSdrSettings _settings;
    private readonly double _announcedRateHz;
    private readonly long _discardSamples;
    private readonly byte[] _iq;
    private readonly List<long> _fitIndices = [];
    private readonly List<long> _fitNanoseconds = [];
    private readonly List<CaptureTimeStamp> _stamps = [];
    private readonly List<string> _warnings = [];
    private long _packets;
    private long _samplesSinceTune;
    private uint? _expectedSequence;
    private long _filled;
    private bool _started;
    private bool _gnss;
    private DateTimeOffset _hostStartUtc;
    private int? _startAge;
    private int _missingPackets;
    private int _unusableStamps;
    private int _overloadPackets;
    private long? _lastStampNs;
    private int _lastPacketSamples = 512;

    public KiwiCaptureAssembler(CaptureRequest request, KiwiSdrSettings settings, double announcedRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(request.SampleCount, 0);
        _request = request;
        _settings = settings;
        _announcedRateHz = announcedRateHz;
        _discardSamples = (long)Math.Ceiling(settings.DiscardSeconds * announcedRateHz);
        _iq = new byte[checked(request.SampleCount * 4)];
    }

    public bool IsComplete => _filled >= _request.SampleCount;

    /// <summary>True once the first sample of the capture has been taken.</summary>
    public bool HasStarted => _started;

    public long PacketsReceived => _packets;

    /// <summary>Offers the next packet of the connection, with the host clock at its arrival.</summary>
    public void Add(in KiwiSndFrame frame, DateTimeOffset arrivedUtc)
    {
        _packets++;
        var missing = Sequence(frame.Sequence);
        var samples = frame.SampleCount;
        if (_packets == 1)
        {
            return;
        }

        if (_started && missing > 0)
        {
            _missingPackets += missing;
            if (_missingPackets > _settings.MaxMissingPackets)
            {
                throw new IOException(Invariant(
                    $"lost {_missingPackets} packets (sequence numbers skipped up to {frame.Sequence}) during the capture, more than settings.maxMissingPackets = {_settings.MaxMissingPackets}."));
            }

            // Zeros where the samples went missing keep every later sample at its instant.
            _filled = Math.Min(_request.SampleCount, _filled + ((long)missing * _lastPacketSamples));
            _warnings.Add(Invariant($"{missing} packet(s) missing before sequence {frame.Sequence}: {missing * _lastPacketSamples} samples filled with zeros."));
            if (IsComplete)
            {
                return;
            }
        }

        var previousPacketSamples = _lastPacketSamples;
        _lastPacketSamples = samples;
        var stamp = Usable(frame.Gnss) ? KiwiGnssClock.Resolve(frame.Gnss.SecondsOfWeek, frame.Gnss.Nanoseconds, arrivedUtc) : (long?)null;
        var offset = 0;
        if (!_started)
        {
            var previousStamp = _lastStampNs;
            _lastStampNs = stamp;
            if (_samplesSinceTune < _discardSamples)
            {
                _samplesSinceTune += samples;
                return;
            }

            offset = FirstSampleAtOrAfterStart(frame, stamp, previousStamp, previousPacketSamples, arrivedUtc);
            if (offset >= samples)
            {
                return;
            }

            Start(frame, stamp, arrivedUtc, offset);
        }

        var index = _filled - offset;
        if (_gnss)
        {
            if (stamp is { } ns)
            {
                _fitIndices.Add(index);
                _fitNanoseconds.Add(ns);
                if (index >= 0)
                {
                    _stamps.Add(new CaptureTimeStamp { SampleIndex = index, Utc = KiwiGnssClock.ToUtc(ns) });
                }
            }
            else
            {
                _unusableStamps++;
            }
        }

        if (frame.AdcOverload)
        {
            _overloadPackets++;
        }

        var take = (int)Math.Min(samples - offset, _request.SampleCount - _filled);
        frame.CopySamplesAsLittleEndian(offset, take, _iq.AsSpan((int)(_filled * 4)));
        _filled += take;
    }

    /// <summary>The capture, once complete: its samples, rate, start instant and timing.</summary>
    public RawCapture Build(string? receiverVersion, IEnumerable<string> sessionWarnings)
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("the capture is not complete");
        }

        var warnings = new List<string>(sessionWarnings);
        warnings.AddRange(_warnings);
        if (_overloadPackets > 0)
        {
            warnings.Add(Invariant($"ADC overload flagged in {_overloadPackets} packet(s): the samples may be clipped."));
        }

        if (_gnss)
        {
            return BuildGnss(receiverVersion, warnings);
        }

        warnings.Add(LateWarning(_hostStartUtc, _announcedRateHz));
        return new RawCapture(_iq, SampleFormat.Ci16Le, _announcedRateHz, _request.SampleCount, _hostStartUtc,
            new CaptureTiming
            {
                Source = TimingSources.HostClock,
                AnnouncedSampleRateHz = _announcedRateHz,
                SequenceGaps = _missingPackets,
                GnssSolutionAgeSeconds = _startAge,
                ReceiverVersion = receiverVersion,
                Warnings = [.. warnings.Append(RateWarning(_announcedRateHz)).Where(w => w.Length > 0)],
            });
    }

    private RawCapture BuildGnss(string? receiverVersion, List<string> warnings)
    {
        double rate;
        long startNs;
        double? rms = null, max = null;
        if (_fitIndices.Count >= 2)
        {
            var fit = KiwiTimingFit.Fit(_fitIndices, _fitNanoseconds);
            (rate, startNs, rms, max) = (fit.SampleRateHz, fit.StartGpsNanoseconds, fit.ResidualRmsNs, fit.ResidualMaxNs);
            if (Math.Abs((rate / _announcedRateHz) - 1) > 0.001)
            {
                warnings.Add(Invariant($"the GNSS stamps give {rate:0.###} Hz, more than 0.1 % off the announced sample_rate {_announcedRateHz:0.######} Hz: the stamps are inconsistent."));
            }

            if (fit.ResidualMaxNs > 0.5e9 / rate)
            {
                warnings.Add(Invariant($"a GNSS stamp is {fit.ResidualMaxNs / 1000:0.#} µs off the fitted line (more than half a sample): a stamp discontinuity."));
            }
        }
        else
        {
            rate = _announcedRateHz;
            startNs = _fitNanoseconds[0] - (long)Math.Round(_fitIndices[0] * 1e9 / rate);
            warnings.Add("only one GNSS stamp fell in the capture: the rate is the announced sample_rate, not measured.");
        }

        if (_unusableStamps > 0)
        {
            warnings.Add(Invariant($"{_unusableStamps} packet(s) of the capture had no usable GNSS stamp (zero, no GPS clock, or a solution older than settings.maxGnssSolutionAgeSeconds = {_settings.MaxGnssSolutionAgeSeconds} s) and were left out of the fit."));
        }

        warnings.Add(RateWarning(rate));
        warnings.Add(LateWarning(KiwiGnssClock.ToUtc(startNs), rate));
        return new RawCapture(_iq, SampleFormat.Ci16Le, rate, _request.SampleCount, KiwiGnssClock.ToUtc(startNs),
            new CaptureTiming
            {
                Source = TimingSources.Gnss,
                Stamps = [.. _stamps],
                MeasuredSampleRateHz = rate,
                AnnouncedSampleRateHz = _announcedRateHz,
                StampResidualRmsNs = rms,
                StampResidualMaxNs = max,
                SequenceGaps = _missingPackets,
                GnssSolutionAgeSeconds = _startAge,
                ReceiverVersion = receiverVersion,
                Warnings = [.. warnings.Where(w => w.Length > 0)],
            });
    }

    /// <summary>Packets skipped since the last one (0 when in order).</summary>
    private int Sequence(uint sequence)
    {
        var expected = _expectedSequence;
        _expectedSequence = unchecked(sequence + 1);
        if (expected is not { } next || sequence == next)
        {
            return 0;
        }

        var skipped = unchecked(sequence - next);
        if (skipped > int.MaxValue / 2)
        {
            throw new IOException(Invariant($"the SND sequence went back from {next - 1} to {sequence}: the stream is not one packet stream."));
        }

        return (int)skipped;
    }

    private bool Usable(KiwiGnssHeader gnss) =>
        !gnss.IsZero && gnss.LastGpsSolution != KiwiGnssHeader.NoGpsClock && gnss.LastGpsSolution <= _settings.MaxGnssSolutionAgeSeconds;

    /// <summary>Offset in the packet of the first sample at or after the requested start; the packet length when none is.</summary>
    private int FirstSampleAtOrAfterStart(in KiwiSndFrame frame, long? stamp, long? previousStamp, int previousPacketSamples, DateTimeOffset arrivedUtc)
    {
        if (stamp is { } ns)
        {
            var rate = previousStamp is { } previous && ns > previous ? LocalRate(previous, ns, previousPacketSamples) : _announcedRateHz;
            var late = KiwiGnssClock.ToGpsNanoseconds(_request.StartAtUtc) - ns;
            return late <= 0 ? 0 : (int)Math.Min(frame.SampleCount, Math.Ceiling(late * rate / 1e9));
        }

        var hostFirst = arrivedUtc - TimeSpan.FromSeconds(frame.SampleCount / _announcedRateHz);
        var hostLate = (_request.StartAtUtc - hostFirst).TotalSeconds;
        return hostLate <= 0 ? 0 : (int)Math.Min(frame.SampleCount, Math.Ceiling(hostLate * _announcedRateHz));
    }

    /// <summary>The rate between the previous stamp and this one, when it is plausible (within 1 % of the announced).</summary>
    private double LocalRate(long previousNs, long ns, int previousPacketSamples)
    {
        var rate = previousPacketSamples * 1e9 / (ns - previousNs);
        return Math.Abs((rate / _announcedRateHz) - 1) < 0.01 ? rate : _announcedRateHz;
    }

    private void Start(in KiwiSndFrame frame, long? stamp, DateTimeOffset arrivedUtc, int offset)
    {
        _started = true;
        _gnss = stamp is not null;
        var gnss = frame.Gnss;
        _startAge = gnss.IsZero || gnss.LastGpsSolution == KiwiGnssHeader.NoGpsClock ? null : gnss.LastGpsSolution;
        if (_gnss)
        {
            return;
        }

        _hostStartUtc = arrivedUtc - TimeSpan.FromSeconds((frame.SampleCount - offset) / _announcedRateHz);
        _warnings.Add(gnss switch
        {
            { IsZero: true } => "GNSS stamps absent: the packet headers are all zero (the admin may have switched GNSS stamps off; /status then shows tdoa_ch=-1). Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency.",
            { LastGpsSolution: KiwiGnssHeader.NoGpsClock } => "the KiwiSDR has no GPS clock (last_gps_solution=255): its stamps are free-running. Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency.",
            _ => Invariant($"GNSS solution stale: last_gps_solution = {gnss.LastGpsSolution} s at the start of the capture, above settings.maxGnssSolutionAgeSeconds = {_settings.MaxGnssSolutionAgeSeconds} s. Timed by the host clock: the start is the arrival of the samples, late by the network and buffer latency."),
        });
    }

    /// <summary>Say so when the first sample is later than the one at or after the requested start (more than a sample late).</summary>
    private string LateWarning(DateTimeOffset startUtc, double rate) =>
        (startUtc - _request.StartAtUtc).TotalSeconds > 1 / rate
            ? Invariant($"the first sample is {(startUtc - _request.StartAtUtc).TotalSeconds:0.000} s after startAtUtc: a session needs settings.discardSeconds ({_settings.DiscardSeconds} s) after tuning plus its handshake before it delivers; a start at least {_settings.DiscardSeconds + _settings.ConnectLeadSeconds} s ahead is met exactly.")
            : "";

    /// <summary>A Kiwi cannot resample: say so when the request asked for another rate.</summary>
    private string RateWarning(double rate) =>
        Math.Abs((_request.SampleRateHz / rate) - 1) > 0.01
            ? Invariant($"requested {_request.SampleRateHz:0.###} Hz, but a KiwiSDR cannot resample: the {_request.SampleCount} samples are at {rate:0.###} Hz and last {_request.SampleCount / rate:0.###} s.")
            : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
