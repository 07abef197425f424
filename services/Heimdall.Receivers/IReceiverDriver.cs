using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers;

/// <summary>Talks to one kind of receiver (<c>receivers.kind</c>: simulated, kiwisdr, rtl_tcp, file).</summary>
public interface IReceiverDriver
{
    /// <summary>The <c>receivers.kind</c> this driver serves.</summary>
    string Kind { get; }

    /// <summary>
    /// What is wrong with the receiver's <c>url</c> and <c>settings</c> for this kind, one sentence each naming the field;
    /// empty when they are valid. Used when a receiver is registered or changed, and before every capture.
    /// </summary>
    IReadOnlyList<string> Validate(Receiver receiver);

    /// <summary>
    /// Captures <see cref="CaptureRequest.SampleCount"/> samples starting at the first sample at or after
    /// <see cref="CaptureRequest.StartAtUtc"/>. A refusal by the server is a <see cref="ReceiverRefusedException"/>.
    /// </summary>
    Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// How many captures Heimdall may run on this receiver at once (the server's channels Heimdall may hold); null when
    /// the kind sets no limit. The Acquirer schedules its own captures within it, so that a second capture waits for the
    /// channel Heimdall itself holds instead of being refused by the server.
    /// </summary>
    int? Channels(Receiver receiver) => null;

    /// <summary>A cheap, polite check of the receiver (no capture): reachability, latency and what it says of itself.</summary>
    Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken);
}
