namespace Heimdall.Domain.Receivers;

/// <summary>What an operator writes of a receiver (add or replace): every column of <c>receivers</c> but the id and the bands.</summary>
public sealed record ReceiverDefinition
{
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Url { get; init; } = "";
    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public double MinFrequencyHz { get; init; }
    public double MaxFrequencyHz { get; init; }
    public double SampleRateHz { get; init; }
    public double? CalibrationDb { get; init; }
    public double TimeoutSeconds { get; init; } = 10;
    public int RetryCount { get; init; } = 2;
    public bool Enabled { get; init; } = true;

    /// <summary>The kind's settings, a JSON object (<c>{}</c>: the driver's defaults); validated by the kind's driver.</summary>
    public string Settings { get; init; } = "{}";

    /// <summary>Disjoint bands inside [MinFrequencyHz, MaxFrequencyHz]; empty covers the whole range.</summary>
    public IReadOnlyList<FrequencyBand> Bands { get; init; } = [];

    public static ReceiverDefinition From(Receiver receiver) => new()
    {
        Name = receiver.Name, Kind = receiver.Kind, Url = receiver.Url, Latitude = receiver.Latitude,
        Longitude = receiver.Longitude, AltitudeM = receiver.AltitudeM, MinFrequencyHz = receiver.MinFrequencyHz,
        MaxFrequencyHz = receiver.MaxFrequencyHz, SampleRateHz = receiver.SampleRateHz, CalibrationDb = receiver.CalibrationDb,
        TimeoutSeconds = receiver.TimeoutSeconds, RetryCount = receiver.RetryCount, Enabled = receiver.Enabled,
        Settings = receiver.Settings,
        Bands = [.. receiver.Bands.Select(b => new FrequencyBand(b.MinHz, b.MaxHz))],
    };
}

/// <summary>A band of <c>receiver_bands</c>, inclusive at both ends.</summary>
public sealed record FrequencyBand(double MinFrequencyHz, double MaxFrequencyHz);
