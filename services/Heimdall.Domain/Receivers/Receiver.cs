using System.Globalization;

namespace Heimdall.Domain.Receivers;

/// <summary>A row of the receivers table with the bands it covers.</summary>
public sealed record Receiver
{
    public required int ReceiverId { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Url { get; init; }
    public required double Latitude { get; init; }
    public required double Longitude { get; init; }
    public double? AltitudeM { get; init; }
    public required double MinFrequencyHz { get; init; }
    public required double MaxFrequencyHz { get; init; }
    public required double SampleRateHz { get; init; }
    public double? CalibrationDb { get; init; }
    public required double TimeoutSeconds { get; init; }
    public required int RetryCount { get; init; }
    public required bool Enabled { get; init; }

    /// <summary>The kind's settings as stored (<c>receivers.settings</c>, a JSON object; <c>{}</c> for the driver's defaults).</summary>
    public string Settings { get; init; } = "{}";

    /// <summary>Set while a refusing server has put this receiver in a cool-down: it is skipped without connecting.</summary>
    public ReceiverCoolDown? CoolDown { get; init; }

    /// <summary>Disjoint bands; empty means the whole [MinFrequencyHz, MaxFrequencyHz].</summary>
    public IReadOnlyList<(double MinHz, double MaxHz)> Bands { get; init; } = [];

    public bool Covers(double frequencyHz) => Bands.Count == 0
        ? frequencyHz >= MinFrequencyHz && frequencyHz <= MaxFrequencyHz
        : Bands.Any(b => frequencyHz >= b.MinHz && frequencyHz <= b.MaxHz);

    public string DescribeCoverage()
    {
        var bands = Bands.Count == 0 ? [(MinFrequencyHz, MaxFrequencyHz)] : Bands;
        return string.Join(", ", bands.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.MinHz / 1e6:0.###}–{b.MaxHz / 1e6:0.###} MHz")));
    }

    public override string ToString() => $"receiver {ReceiverId} '{Name}'";
}

/// <summary>A receiver is not to be contacted before <see cref="Until"/>, because its server said <see cref="Reason"/>.</summary>
public sealed record ReceiverCoolDown(DateTimeOffset Until, string Reason);
