using Heimdall.Data.Receivers;

namespace Heimdall.Acquirer.Receivers;

/// <summary>The registered drivers, by receivers.kind.</summary>
public sealed class ReceiverDrivers(IEnumerable<IReceiverDriver> drivers)
{
    private readonly Dictionary<string, IReceiverDriver> _byKind = drivers.ToDictionary(d => d.Kind, StringComparer.OrdinalIgnoreCase);

    public IReceiverDriver For(Receiver receiver) =>
        _byKind.TryGetValue(receiver.Kind, out var driver)
            ? driver
            : throw new ReceiverNotSupportedException(
                $"{receiver}: kind '{receiver.Kind}' has no driver in this build (available: {string.Join(", ", _byKind.Keys.Order())}).");
}
