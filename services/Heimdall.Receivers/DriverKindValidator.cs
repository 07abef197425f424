using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers;

/// <summary>
/// The registry's per-kind rules (<see cref="IReceiverKindValidator"/>) are the driver's own <see cref="IReceiverDriver.Validate"/>:
/// a receiver is registered exactly when the Acquirer would accept it (url form, settings).
/// </summary>
public sealed class DriverKindValidator(IReceiverDriver driver) : IReceiverKindValidator
{
    public string Kind => driver.Kind;

    public IEnumerable<string> Validate(ReceiverDefinition receiver) => driver.Validate(new Receiver
    {
        ReceiverId = 0, Name = receiver.Name, Kind = receiver.Kind, Url = receiver.Url, Latitude = receiver.Latitude,
        Longitude = receiver.Longitude, AltitudeM = receiver.AltitudeM, MinFrequencyHz = receiver.MinFrequencyHz,
        MaxFrequencyHz = receiver.MaxFrequencyHz, SampleRateHz = receiver.SampleRateHz, CalibrationDb = receiver.CalibrationDb,
        TimeoutSeconds = receiver.TimeoutSeconds, RetryCount = receiver.RetryCount, Enabled = receiver.Enabled,
        Settings = receiver.Settings,
        Bands = [.. receiver.Bands.Select(b => (b.MinFrequencyHz, b.MaxFrequencyHz))],
    });
}
