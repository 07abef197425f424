using Heimdall.Signal;

namespace Heimdall.Acquirer.Receivers;

/// <summary>What one receiver is asked to capture.</summary>
public sealed record CaptureRequest(Guid AcquisitionId, double FrequencyHz, double SampleRateHz, long SampleCount, DateTimeOffset StartAtUtc);

/// <summary>The samples exactly as the receiver delivered them.</summary>
public sealed record RawCapture(byte[] Iq, SampleFormat Format, double SampleRateHz, long SampleCount, DateTimeOffset CaptureStartUtc);

/// <summary>The receiver's kind has no driver in this build: retrying cannot help.</summary>
public sealed class ReceiverNotSupportedException(string message) : Exception(message);
