using Heimdall.Contracts;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>
/// What makes an <see cref="IqArchived"/> unstorable: a publisher that left out required fields, metrics that break the
/// detection rule, or attempts and warnings no capture can have.
/// </summary>
public static class IqArchivedValidation
{
    /// <summary>Why the message cannot be stored, or null when it can.</summary>
    public static string? Problem(IqArchived message)
    {
        var missing = new List<string>();
        if (message.AcquisitionId == Guid.Empty)
        {
            missing.Add("acquisitionId");
        }

        if (message.CaptureStartUtc == default)
        {
            missing.Add("captureStartUtc");
        }

        if (message.Metrics is null)
        {
            missing.Add("metrics");
        }

        if (string.IsNullOrWhiteSpace(message.IqUri))
        {
            missing.Add("iqUri");
        }

        if (string.IsNullOrWhiteSpace(message.IqSha512))
        {
            missing.Add("iqSha512");
        }

        var name = $"IqArchived {message.AcquisitionId}/{message.ReceiverId}";
        if (missing.Count > 0)
        {
            return $"{name} lacks {string.Join(", ", missing)}";
        }

        if (message.Metrics is { } metrics && DetectionProblem(metrics) is { } detection)
        {
            return $"{name}: {detection}";
        }

        return CaptureProblem(message) is { } capture ? $"{name}: {capture}" : null;
    }

    /// <summary>
    /// The additive <c>attempts</c> and <c>warnings</c>: absent is fine (an older producer), but a capture took at least
    /// one attempt (and fits <c>measurements.attempts</c>, a smallint), and a warning is a sentence, not null.
    /// </summary>
    private static string? CaptureProblem(IqArchived message)
    {
        if (message.Attempts is { } attempts and (< 1 or > short.MaxValue))
        {
            return $"attempts must be between 1 and {short.MaxValue} (got {attempts})";
        }

        var nulls = (message.Warnings ?? []).Select((w, i) => (w, i)).Where(p => p.w is null).Select(p => $"warnings[{p.i}]").ToList();
        return nulls.Count == 0 ? null : $"{string.Join(", ", nulls)} {(nulls.Count == 1 ? "is" : "are")} null (a warning is a sentence)";
    }

    /// <summary>
    /// The null rule of <see cref="SignalMetrics"/>: snrDb, frequencyOffsetHz and occupiedBandwidthHz are null exactly when
    /// signalDetected is false. A detected signal without one of them, or a no-signal capture with one of them, is refused
    /// naming the fields (the measurements table enforces the same rule with a check constraint).
    /// </summary>
    private static string? DetectionProblem(SignalMetrics metrics)
    {
        var signalFields = new (string Name, double? Value)[]
        {
            ("metrics.snrDb", metrics.SnrDb),
            ("metrics.frequencyOffsetHz", metrics.FrequencyOffsetHz),
            ("metrics.occupiedBandwidthHz", metrics.OccupiedBandwidthHz),
        };
        if (metrics.SignalDetected)
        {
            var absent = signalFields.Where(f => f.Value is null).Select(f => f.Name).ToList();
            return absent.Count == 0 ? null : $"metrics.signalDetected is true but {string.Join(", ", absent)} {(absent.Count == 1 ? "is" : "are")} null";
        }

        var present = signalFields.Where(f => f.Value is not null).Select(f => f.Name).ToList();
        return present.Count == 0 ? null : $"metrics.signalDetected is false but {string.Join(", ", present)} {(present.Count == 1 ? "is" : "are")} set (must be null when no signal is detected)";
    }
}
