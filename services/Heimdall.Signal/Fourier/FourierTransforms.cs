namespace Heimdall.Signal.Fourier;

/// <summary>
/// Chooses the FFT implementation: FFTW when the native library loads, the managed radix-2 transform otherwise.
/// The environment variable <c>HEIMDALL_FFT</c> = <c>managed</c> or <c>fftw</c> forces one (<c>fftw</c> fails if it is missing).
/// </summary>
internal static class FourierTransforms
{
    /// <summary>Name of the environment variable that forces a backend.</summary>
    public const string EnvironmentVariable = "HEIMDALL_FFT";

    private static readonly Lazy<FftBackend> Chosen = new(Choose);

    /// <summary>The backend every new transform uses.</summary>
    public static FftBackend Backend => Chosen.Value;

    /// <summary>A transform of <paramref name="size"/> points (a power of two) on <paramref name="backend"/>, or on <see cref="Backend"/>.</summary>
    public static IFourierTransform Create(int size, FftBackend? backend = null) => (backend ?? Backend) switch
    {
        FftBackend.Fftw when FftwNative.IsAvailable => new FftwFourierTransform(size),
        FftBackend.Fftw => throw new InvalidOperationException(
            "FFTW was requested but libfftw3 could not be loaded (Debian: apt-get install libfftw3-double3)."),
        _ => new ManagedFourierTransform(size),
    };

    private static FftBackend Choose()
    {
        var requested = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return requested?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => FftwNative.IsAvailable ? FftBackend.Fftw : FftBackend.Managed,
            "managed" => FftBackend.Managed,
            "fftw" => FftwNative.IsAvailable
                ? FftBackend.Fftw
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable}=fftw but libfftw3 could not be loaded (Debian: apt-get install libfftw3-double3)."),
            _ => throw new InvalidOperationException(
                $"{EnvironmentVariable}='{requested}' is not one of auto, managed, fftw."),
        };
    }
}
