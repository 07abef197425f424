using Heimdall.Localisation.Input;

namespace Heimdall.Cli;

/// <summary>
/// The <c>timing</c> of <c>heimdall analyze</c>'s report: the recording's GNSS time base as <c>heimdall locate</c> would
/// use it (the KiwiSDR driver's fit of its stamps), or why it has none.
/// </summary>
/// <param name="Source">Where the time came from (<c>gnss</c>, <c>recorded</c>); null without a usable time base.</param>
/// <param name="SampleRateHz">The rate the stamps measure.</param>
/// <param name="StartUtc">UTC of the first sample (of the first kept sample for a kiwi-wav file).</param>
/// <param name="StampCount">Stamps in the fit.</param>
/// <param name="SigmaSeconds">The receiver's timing σ the locator uses (the fit's and the floor's).</param>
/// <param name="Problem">Why there is no usable time base (null when there is one).</param>
public sealed record TimingReport(
    string? Source, double? SampleRateHz, DateTimeOffset? StartUtc, int StampCount, double? ResidualRmsNs, double? ResidualMaxNs, double? SigmaSeconds,
    string? Problem, IReadOnlyList<string> Warnings)
{
    public static TimingReport From(CaptureClock? clock, string? problem, IReadOnlyList<string> warnings) =>
        new(clock?.Source, clock?.SampleRateHz, clock?.StartUtc, clock?.StampCount ?? 0, clock?.ResidualRmsNs, clock?.ResidualMaxNs, clock?.SigmaSeconds,
            clock is null ? problem ?? "no time base" : null, warnings);
}
