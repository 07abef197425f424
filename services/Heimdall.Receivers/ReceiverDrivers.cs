using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers;

/// <summary>The registered drivers, by <c>receivers.kind</c>.</summary>
public sealed class ReceiverDrivers(IEnumerable<IReceiverDriver> drivers)
{
    private readonly Dictionary<string, IReceiverDriver> _byKind = drivers.ToDictionary(d => d.Kind, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public IReceiverDriver For(Receiver receiver) =>
        _byKind.TryGetValue(receiver.Kind, out var driver)
            ? driver
            : throw new ReceiverNotSupportedException(
                $"{receiver}: kind '{receiver.Kind}' has no driver in this build (available: {string.Join(", ", _byKind.Keys.Order())}).");

    /// <summary>How many channels of the receiver Heimdall may hold at once (<see cref="IReceiverDriver.Channels"/>); null: not counted, or no driver.</summary>
    public int? Channels(Receiver receiver) => _byKind.TryGetValue(receiver.Kind, out var driver) ? driver.Channels(receiver) : null;

    /// <summary>What is wrong with the receiver's kind, url and settings; empty when a capture may be attempted.</summary>
    public IReadOnlyList<string> Validate(Receiver receiver) =>
        _byKind.TryGetValue(receiver.Kind, out var driver)
            ? driver.Validate(receiver)
            : [$"kind '{receiver.Kind}' has no driver in this build (available: {string.Join(", ", _byKind.Keys.Order())})."];
}
