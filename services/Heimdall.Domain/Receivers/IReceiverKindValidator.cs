namespace Heimdall.Domain.Receivers;

/// <summary>
/// The rules of one receiver kind beyond the common ones (its URL scheme, its settings). The seam for the drivers: each
/// driver registers one for its kind (<c>Heimdall.Receivers</c>' <c>DriverKindValidator</c>), and the kinds registered
/// are the kinds <see cref="ReceiverValidator"/> accepts: a kind without one is refused, naming those there are.
/// </summary>
public interface IReceiverKindValidator
{
    /// <summary>The <c>receivers.kind</c> this validator checks (one of <see cref="ReceiverKinds"/>, the table's words).</summary>
    string Kind { get; }

    /// <summary>Every broken rule, each naming its field (empty when valid).</summary>
    IEnumerable<string> Validate(ReceiverDefinition receiver);
}
