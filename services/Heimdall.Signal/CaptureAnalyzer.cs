using System.Numerics;

namespace Heimdall.Signal;

/// <summary>
/// Measures one I/Q capture fed in blocks of any size (a block may end in the middle of a sample), in memory that depends
/// on the segment length only, never on the capture length. Call <see cref="Append(ReadOnlySpan{byte})"/> as data arrives,
/// then <see cref="Complete"/> once. See README.md for the definitions of the metrics.
/// </summary>
public sealed class CaptureAnalyzer
{
    /// <summary>Fewest complex samples a capture must hold to be measured.</summary>
    public const int MinSampleCount = 16;

    /// <summary>Largest segment length accepted.</summary>
    public const int MaxSegmentLength = 1 << 20;

    private readonly SampleFormat _format;
    private readonly double _sampleRateHz;
    private readonly SpectrumOptions _options;
    private readonly WelchAccumulator _welch;
    private readonly IqSampleFeed _feed;

    /// <summary>Prepares to measure a capture of <paramref name="format"/> samples taken at <paramref name="sampleRateHz"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is not a positive finite number, the segment length is not a power of two from 16 to 1 048 576, or the passband is not a band inside ±fs/2.</exception>
    public CaptureAnalyzer(SampleFormat format, double sampleRateHz, SpectrumOptions? options = null)
    {
        if (!(sampleRateHz > 0) || double.IsInfinity(sampleRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "The sample rate must be a positive, finite number of hertz.");
        }

        _options = options ?? SpectrumOptions.Default;
        var length = _options.SegmentLength;
        if (length < MinSampleCount || length > MaxSegmentLength || !BitOperations.IsPow2(length))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), length, $"The segment length must be a power of two from {MinSampleCount} to {MaxSegmentLength}.");
        }

        if (_options.Passband is { Problem: { } problem } passband)
        {
            throw new ArgumentOutOfRangeException(nameof(options), passband, problem);
        }

        if (_options.Passband is { } band && (band.HighHz < -sampleRateHz / 2 || band.LowHz >= sampleRateHz / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(options), band,
                $"The passband {band.LowHz} … {band.HighHz} Hz lies outside the captured band, ±{sampleRateHz / 2} Hz around the tuned frequency.");
        }

        _format = format;
        _sampleRateHz = sampleRateHz;
        _welch = new WelchAccumulator(length, _options.RemoveMean);
        _feed = new IqSampleFeed(format, _welch);
    }

    /// <summary>Complex samples received so far.</summary>
    public long SampleCount => _feed.SampleCount;

    /// <summary>Appends raw interleaved I/Q bytes of the analyzer's format.</summary>
    /// <exception cref="IqDataException">A cf32_le value is NaN or infinite.</exception>
    public void Append(ReadOnlySpan<byte> data) => _feed.Append(data);

    /// <summary>
    /// Finishes the measurement. A capture shorter than one segment is measured with one segment of the largest power of
    /// two it holds (at least <see cref="MinSampleCount"/> samples).
    /// </summary>
    /// <exception cref="IqDataException">No samples, a trailing partial sample, only zeros, or fewer than <see cref="MinSampleCount"/> samples.</exception>
    public SignalMeasurement Complete()
    {
        var bytesPerSample = _format.BytesPerSample();
        if (_feed.PartialLength > 0)
        {
            throw new IqDataException(
                $"The data is {(SampleCount * bytesPerSample) + _feed.PartialLength} bytes, not a whole number of {_format.ToSigMf()} samples "
                + $"({bytesPerSample} bytes each): {_feed.PartialLength} byte(s) left over at the end.");
        }

        if (SampleCount == 0)
        {
            throw new IqDataException("The capture holds no samples.");
        }

        if (SampleCount < MinSampleCount)
        {
            throw new IqDataException($"The capture holds {SampleCount} samples; at least {MinSampleCount} are needed to measure it.");
        }

        var rawPowerSum = _feed.RawPowerSum;
        if (rawPowerSum == 0)
        {
            throw new IqDataException($"All {SampleCount} samples are zero: the receiver delivered no signal and no noise, so nothing can be measured.");
        }

        var welch = _welch;
        if (welch.SegmentCount == 0)
        {
            welch = new WelchAccumulator(1 << BitOperations.Log2((uint)SampleCount), _options.RemoveMean);
            welch.Append(_welch.Pending);
        }

        var meanPower = rawPowerSum * IqBlockDecoder.RawPowerScale(_format) / SampleCount;
        return SpectrumMetrics.Measure(welch.ToSpectrum(_sampleRateHz), _options.Passband, meanPower, (double)_feed.Clipped / SampleCount, SampleCount);
    }
}
