using Heimdall.Contracts;

namespace Heimdall.MetricsWriter.Consumers;

/// <summary>What makes an <see cref="IqArchived"/> unstorable (a publisher that left out required fields).</summary>
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

        return missing.Count == 0 ? null : $"IqArchived {message.AcquisitionId}/{message.ReceiverId} lacks {string.Join(", ", missing)}";
    }
}
