using System.Buffers;

namespace Heimdall.Signal;

/// <summary>One-call measurement of a whole capture, in memory or streamed; both go through <see cref="CaptureAnalyzer"/>.</summary>
public static class SignalAnalyzer
{
    private const int ReadBlockBytes = 1 << 16;

    /// <summary>The FFT implementation in use (FFTW when libfftw3 loads, else managed; <c>HEIMDALL_FFT</c> forces one).</summary>
    public static FftBackend FftBackend => Fourier.FourierTransforms.Backend;

    /// <summary>Measures raw interleaved I/Q bytes.</summary>
    /// <exception cref="IqDataException">The data cannot be measured; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bad sample rate or segment length.</exception>
    public static SignalMeasurement Measure(ReadOnlySpan<byte> data, SampleFormat format, double sampleRateHz, SpectrumOptions? options = null)
    {
        var analyzer = new CaptureAnalyzer(format, sampleRateHz, options);
        analyzer.Append(data);
        return analyzer.Complete();
    }

    /// <summary>Reads <paramref name="data"/> to its end in 64 KiB blocks and measures it, in constant memory.</summary>
    /// <exception cref="IqDataException">The data cannot be measured; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bad sample rate or segment length.</exception>
    public static Task<SignalMeasurement> MeasureAsync(
        Stream data, SampleFormat format, double sampleRateHz, SpectrumOptions? options = null, CancellationToken cancellationToken = default) =>
        MeasureAsync(data, format, sampleRateHz, options, progress: null, cancellationToken);

    /// <summary>Reads <paramref name="data"/> to its end in 64 KiB blocks and measures it, in constant memory, reporting progress.</summary>
    /// <param name="progress">Told the number of bytes read so far after each block.</param>
    /// <exception cref="IqDataException">The data cannot be measured; the message says why.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bad sample rate or segment length.</exception>
    public static async Task<SignalMeasurement> MeasureAsync(
        Stream data,
        SampleFormat format,
        double sampleRateHz,
        SpectrumOptions? options,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var analyzer = new CaptureAnalyzer(format, sampleRateHz, options);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBlockBytes);
        try
        {
            long total = 0;
            int read;
            while ((read = await data.ReadAsync(buffer.AsMemory(0, ReadBlockBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                analyzer.Append(buffer.AsSpan(0, read));
                total += read;
                progress?.Report(total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return analyzer.Complete();
    }
}
