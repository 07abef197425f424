namespace Heimdall.Signal;

/// <summary>
/// Raw interleaved I/Q bytes, fed in blocks of any size (a block may end inside a sample), decoded straight into a
/// <see cref="WelchAccumulator"/>'s segment buffer, counting samples and clipped samples and summing the power on the
/// way. What <see cref="CaptureAnalyzer"/> and <see cref="SpectrogramBuilder"/> both read their bytes through.
/// </summary>
internal sealed class IqSampleFeed(SampleFormat format, WelchAccumulator welch)
{
    private readonly byte[] _partial = new byte[format.BytesPerSample()];
    private int _partialLength;
    private double _floatPowerSum;
    private long _integerPowerSum;

    public SampleFormat Format => format;

    /// <summary>Complex samples decoded so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>Samples with I or Q at the integer format's full scale.</summary>
    public long Clipped { get; private set; }

    /// <summary>Bytes of a sample not yet complete (0 once the data ends on a sample boundary).</summary>
    public int PartialLength => _partialLength;

    /// <summary>Σ (I² + Q²) in the format's raw units (<see cref="IqBlockDecoder.RawPowerScale"/>): exact for the integer formats.</summary>
    public double RawPowerSum => format == SampleFormat.Cf32Le ? _floatPowerSum : _integerPowerSum;

    /// <exception cref="IqDataException">A cf32_le value is NaN or infinite.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        var bytesPerSample = _partial.Length;
        if (_partialLength > 0)
        {
            var take = Math.Min(bytesPerSample - _partialLength, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            data = data[take..];
            if (_partialLength < bytesPerSample)
            {
                return;
            }

            Decode(_partial);
            _partialLength = 0;
        }

        var whole = data.Length - (data.Length % bytesPerSample);
        Decode(data[..whole]);
        data[whole..].CopyTo(_partial);
        _partialLength = data.Length - whole;
    }

    private void Decode(ReadOnlySpan<byte> data)
    {
        var bytesPerSample = _partial.Length;
        while (!data.IsEmpty)
        {
            var free = welch.FreeSpace;
            var count = Math.Min(free.Length, data.Length / bytesPerSample);
            var totals = IqBlockDecoder.Decode(data[..(count * bytesPerSample)], format, free, SampleCount);
            Clipped += totals.Clipped;
            if (format == SampleFormat.Cf32Le)
            {
                _floatPowerSum += totals.RawPowerSum;
            }
            else
            {
                // Whole numbers, so the total is exact and independent of how the data was split into blocks.
                _integerPowerSum += (long)totals.RawPowerSum;
            }

            SampleCount += count;
            welch.Advance(count);
            data = data[(count * bytesPerSample)..];
        }
    }
}
