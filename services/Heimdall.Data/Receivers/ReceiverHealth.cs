namespace Heimdall.Data.Receivers;

/// <summary>What the health monitoring last said of a receiver.</summary>
public sealed record ReceiverHealth(string State, DateTime? CheckedAt, string? Detail);

/// <summary>
/// Where receiver health comes from. The seam for the <c>receiver_health</c> table (another branch adds it): its reader
/// replaces <see cref="NoReceiverHealth"/>; until then every receiver's health is null (unknown).
/// </summary>
public interface IReceiverHealthSource
{
    Task<IReadOnlyDictionary<int, ReceiverHealth>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>No health table yet: nothing is known.</summary>
public sealed class NoReceiverHealth : IReceiverHealthSource
{
    public Task<IReadOnlyDictionary<int, ReceiverHealth>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<int, ReceiverHealth>>(new Dictionary<int, ReceiverHealth>());
}

/// <summary>A receiver as operators see it: its row and bands, its last capture and its health (null: unknown).</summary>
public sealed record ReceiverStatus(Receiver Receiver, DateTime? LastCapturedAt, ReceiverHealth? Health);
