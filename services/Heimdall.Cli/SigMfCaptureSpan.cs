namespace Heimdall.Cli;

/// <summary>
/// A run of consecutive SigMF capture segments tuned to one frequency: the unit <c>heimdall analyze</c> measures. A
/// segment whose <c>core:frequency</c> equals the one before it (or that has none, like the one before it) continues
/// the span, so a recording that never retunes is one span however many segments it has (Heimdall writes one segment
/// per GNSS time stamp, all at one frequency).
/// </summary>
/// <param name="CaptureIndex">Index in <c>captures</c> of the span's first segment.</param>
/// <param name="SampleStart">The first segment's <c>core:sample_start</c>; the first span always starts at sample 0.</param>
/// <param name="FrequencyHz">The span's <c>core:frequency</c>, or null when its segments have none.</param>
public sealed record SigMfCaptureSpan(int CaptureIndex, long SampleStart, double? FrequencyHz)
{
    /// <summary>Spans of the segments <paramref name="segments"/> (sample start and frequency, in file order).</summary>
    public static IReadOnlyList<SigMfCaptureSpan> FromSegments(IReadOnlyList<(long SampleStart, double? FrequencyHz)> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var spans = new List<SigMfCaptureSpan>();
        for (var index = 0; index < segments.Count; index++)
        {
            var (sampleStart, frequencyHz) = segments[index];
            if (spans.Count == 0)
            {
                spans.Add(new SigMfCaptureSpan(index, 0, frequencyHz));
            }
            else if (!Nullable.Equals(spans[^1].FrequencyHz, frequencyHz))
            {
                spans.Add(new SigMfCaptureSpan(index, sampleStart, frequencyHz));
            }
        }

        return spans.Count > 0 ? spans : [new SigMfCaptureSpan(0, 0, null)];
    }
}
