namespace Heimdall.Domain.Receivers;

/// <summary>
/// The rules of one receiver kind beyond the common ones (its URL scheme, its settings). The seam for the drivers:
/// register one per kind (<c>services.AddSingleton&lt;IReceiverKindValidator, KiwiSdrValidator&gt;()</c>); a kind
/// without one is accepted as it is.
/// </summary>
public interface IReceiverKindValidator
{
    /// <summary>The <c>receivers.kind</c> this validator checks (one of <see cref="ReceiverKinds"/>).</summary>
    string Kind { get; }

    /// <summary>Every broken rule, each naming its field (empty when valid).</summary>
    IEnumerable<string> Validate(ReceiverDefinition receiver);
}
