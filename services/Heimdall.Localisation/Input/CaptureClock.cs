using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Input;

/// <summary>
/// A capture's time base on the GPS time scale: sample n was taken at <see cref="StartGpsNanoseconds"/> + n /
/// <see cref="SampleRateHz"/> seconds. <see cref="SigmaSeconds"/> is the standard deviation of that instant's error
/// that no correlation can see, the receiver's systematic timing error: the fitted line's own uncertainty and a floor
/// for what the stamps cannot show (antenna cable and receiver delays).
/// </summary>
/// <param name="StartGpsNanoseconds">GPS nanoseconds (since 1980-01-06T00:00:00Z, GPS time scale) of sample 0.</param>
/// <param name="SampleRateHz">The true sample rate, as measured by the stamps.</param>
/// <param name="SigmaSeconds">Systematic timing error, 1σ, seconds.</param>
/// <param name="Source">Where the time came from: <c>gnss</c>, <c>recorded</c>, <c>simulated</c>.</param>
public sealed record CaptureClock(long StartGpsNanoseconds, double SampleRateHz, double SigmaSeconds, string Source)
{
    /// <summary>Stamps in the fit (0 when the clock did not come from a fit).</summary>
    public int StampCount { get; init; }

    /// <summary>RMS of the stamps' residuals against the fitted line, ns.</summary>
    public double? ResidualRmsNs { get; init; }

    /// <summary>Largest absolute residual, ns.</summary>
    public double? ResidualMaxNs { get; init; }

    /// <summary>UTC of sample 0.</summary>
    public DateTimeOffset StartUtc => KiwiGnssClock.ToUtc(StartGpsNanoseconds);

    /// <summary>
    /// Floor of a KiwiSDR's GNSS timing error, 1σ: 100 ns. The stamps come from the Kiwi's own L1 C/A solution and sit
    /// on a line to 20–70 ns rms (the DCF77 set), but nothing in them shows the delays of the uncalibrated antenna cable
    /// (10–30 m of coax: 50–150 ns) and of the receiver itself.
    /// </summary>
    public const double KiwiSdrFloorSeconds = 100e-9;

    /// <summary>
    /// The clock of a stamp fit: its start and rate, and a σ of <paramref name="floorSeconds"/> combined with the fitted
    /// line's error at the ends of the capture, where it is largest (2·rms/√n for n stamps: the standard error of a
    /// least-squares line at the end of its span is √(1/n + 3/n) times the residual rms).
    /// </summary>
    public static CaptureClock FromFit(KiwiTimingFit fit, int stampCount, double floorSeconds, string source)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(stampCount, 2);
        var fitSigma = 2 * fit.ResidualRmsNs * 1e-9 / Math.Sqrt(stampCount);
        return new CaptureClock(fit.StartGpsNanoseconds, fit.SampleRateHz, Math.Sqrt((fitSigma * fitSigma) + (floorSeconds * floorSeconds)), source)
        {
            StampCount = stampCount,
            ResidualRmsNs = fit.ResidualRmsNs,
            ResidualMaxNs = fit.ResidualMaxNs,
        };
    }

    /// <summary>Seconds from sample 0 to sample <paramref name="index"/>.</summary>
    public double OffsetSeconds(double index) => index / SampleRateHz;
}
