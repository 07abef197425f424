using Heimdall.Data.Receivers;

namespace Heimdall.Acquirer.Receivers;

/// <summary>Talks to one kind of receiver (simulated, kiwisdr, openwebrx, rtl_tcp, file).</summary>
public interface IReceiverDriver
{
    /// <summary>The receivers.kind this driver serves.</summary>
    string Kind { get; }

    /// <summary>Captures <see cref="CaptureRequest.SampleCount"/> samples starting at <see cref="CaptureRequest.StartAtUtc"/>.</summary>
    Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken);
}
