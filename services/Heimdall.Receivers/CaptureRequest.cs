namespace Heimdall.Receivers;

/// <summary>What one receiver is asked to capture: <see cref="SampleCount"/> samples from <see cref="StartAtUtc"/>.</summary>
public sealed record CaptureRequest(Guid AcquisitionId, double FrequencyHz, double SampleRateHz, long SampleCount, DateTimeOffset StartAtUtc);
