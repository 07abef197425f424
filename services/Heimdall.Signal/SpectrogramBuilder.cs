using System.Buffers;
using System.Numerics;

namespace Heimdall.Signal;

/// <summary>
/// Streams a recording of known length into its <see cref="Spectrogram"/>: segments of N samples (a power of two),
/// 50 % overlap, periodic Hann window, density scaling as <c>WelchAccumulator</c> (so the average is the Welch PSD
/// <see cref="CaptureAnalyzer"/> measures with the same N); the S segments are split into R consecutive runs, each
/// averaged into one waterfall row (segment s goes to row ⌊s·R/S⌋, so every row holds ⌊S/R⌋ or ⌈S/R⌉ segments). Memory
/// is O(N·R), whatever the recording's length: feed blocks with <see cref="Append"/>, then call <see cref="Complete"/>.
/// </summary>
public sealed class SpectrogramBuilder
{
    /// <summary>Fewest bins.</summary>
    public const int MinBins = 16;

    /// <summary>Most bins.</summary>
    public const int MaxBins = 1 << 16;

    private const int ReadBlockBytes = 1 << 16;

    private readonly double _sampleRateHz;
    private readonly long _expectedSamples;
    private readonly int _bins;
    private readonly int _segments;
    private readonly int _rows;
    private readonly WelchAccumulator _welch;
    private readonly IqSampleFeed _feed;
    private readonly double[] _rowSums;
    private readonly double[] _rowDensities;
    private readonly double[] _rowStarts;
    private readonly int[] _rowSegments;
    private int _segment;
    private int _row;

    /// <summary>Prepares for <paramref name="sampleCount"/> samples of <paramref name="format"/> at <paramref name="sampleRateHz"/>.</summary>
    /// <param name="bins">N: a power of two from <see cref="MinBins"/> to <see cref="MaxBins"/>, at most <paramref name="sampleCount"/>.</param>
    /// <param name="rows">Rows wanted (at least 1); fewer when the recording holds fewer segments (<see cref="SegmentsIn"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bad rate, N or row count, or fewer samples than N.</exception>
    public SpectrogramBuilder(SampleFormat format, double sampleRateHz, long sampleCount, int bins, int rows)
    {
        if (!(sampleRateHz > 0) || double.IsInfinity(sampleRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "The sample rate must be a positive, finite number of hertz.");
        }

        if (bins < MinBins || bins > MaxBins || !BitOperations.IsPow2(bins))
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"The bins must be a power of two from {MinBins} to {MaxBins}.");
        }

        if (sampleCount < bins)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, $"A spectrum of {bins} bins needs at least {bins} samples.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _sampleRateHz = sampleRateHz;
        _expectedSamples = sampleCount;
        _bins = bins;
        _segments = SegmentsIn(sampleCount, bins);
        _rows = Math.Min(rows, _segments);
        _rowSums = new double[2 * bins];
        _rowDensities = new double[_rows * bins];
        _rowStarts = new double[_rows];
        _rowSegments = new int[_rows];
        _welch = new WelchAccumulator(bins, removeMean: false, onSegment: AddSegment);
        _feed = new IqSampleFeed(format, _welch);
    }

    /// <summary>Segments of <paramref name="bins"/> samples at 50 % overlap in <paramref name="sampleCount"/> samples (0 when fewer than N).</summary>
    public static int SegmentsIn(long sampleCount, int bins) => sampleCount < bins ? 0 : (int)Math.Min(int.MaxValue, ((sampleCount - bins) / (bins / 2)) + 1);

    /// <summary>Appends raw interleaved I/Q bytes (a block may end inside a sample).</summary>
    /// <exception cref="IqDataException">A cf32_le value is NaN or infinite, or more samples than announced.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        _feed.Append(data);
        if (_feed.SampleCount > _expectedSamples)
        {
            throw new IqDataException($"The data holds more than the {_expectedSamples} samples announced.");
        }
    }

    /// <summary>The spectrogram, once every announced sample has been appended.</summary>
    /// <exception cref="IqDataException">Fewer samples than announced, or a trailing partial sample.</exception>
    public Spectrogram Complete()
    {
        if (_feed.SampleCount != _expectedSamples || _feed.PartialLength > 0)
        {
            throw new IqDataException(
                $"The data holds {_feed.SampleCount} whole samples (and {_feed.PartialLength} byte(s) over); {_expectedSamples} were announced.");
        }

        var average = _welch.ToSpectrum(_sampleRateHz).Density;
        return new Spectrogram(_sampleRateHz, _bins, _feed.SampleCount, _segment, [.. average.Select(Decibels.FromPower)], _rows,
            [.. _rowDensities.Select(Decibels.FromPower)], _rowStarts, _rowSegments);
    }

    /// <summary>Reads <paramref name="data"/> to its end in 64 KiB blocks and completes.</summary>
    public static async Task<Spectrogram> ReadAsync(
        Stream data, SampleFormat format, double sampleRateHz, long sampleCount, int bins, int rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var builder = new SpectrogramBuilder(format, sampleRateHz, sampleCount, bins, rows);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBlockBytes);
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer.AsMemory(0, ReadBlockBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                builder.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return builder.Complete();
    }

    private void AddSegment(ReadOnlySpan<Complex> spectrum)
    {
        var row = (int)((long)_segment * _rows / _segments);
        if (row != _row)
        {
            CloseRow();
            _row = row;
        }

        if (_rowSegments[row] == 0)
        {
            _rowStarts[row] = (double)_segment * (_bins / 2) / _sampleRateHz;
        }

        SpectralKernels.AccumulateSquares(spectrum, _rowSums);
        _rowSegments[row]++;
        _segment++;
        if (_segment == _segments)
        {
            CloseRow();
        }
    }

    /// <summary>The current row's density, fft-shifted and scaled as the Welch average is, into its place; its sums cleared.</summary>
    private void CloseRow()
    {
        var count = _rowSegments[_row];
        if (count == 0)
        {
            return;
        }

        var scale = 1.0 / (_sampleRateHz * _welch.WindowEnergy * count);
        var offset = _row * _bins;
        for (var k = 0; k < _bins; k++)
        {
            _rowDensities[offset + ((k + (_bins / 2)) % _bins)] = (_rowSums[2 * k] + _rowSums[(2 * k) + 1]) * scale;
        }

        Array.Clear(_rowSums);
    }
}
