using Heimdall.Domain.Receivers;

namespace Heimdall.Data.Receivers;

/// <summary>Where the registry's view of receiver health comes from: the probes in <c>receiver_health</c>.</summary>
public interface IReceiverHealthSource
{
    Task<IReadOnlyDictionary<int, ReceiverHealthSummary>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The probes the Acquirer records (<see cref="ReceiverHealthLog.SummaryAsync"/>), by receiver.</summary>
public sealed class ProbedReceiverHealth(ReceiverHealthLog log) : IReceiverHealthSource
{
    public async Task<IReadOnlyDictionary<int, ReceiverHealthSummary>> ReadAsync(CancellationToken cancellationToken) =>
        (await log.SummaryAsync(cancellationToken)).ToDictionary(s => s.ReceiverId);
}

/// <summary>
/// A receiver as operators see it: its row and bands, its last capture and its health (uptime over 24 h and 7 d and the
/// latest probe; null: never probed), and how its last capture was timed (null: never captured, or not recorded).
/// </summary>
public sealed record ReceiverStatus(Receiver Receiver, DateTime? LastCapturedAt, ReceiverHealthSummary? Health, string? LastTimingSource = null);
