namespace Heimdall.Contracts;

/// <summary>The receiver as it was when it captured (the receivers table may change later).</summary>
public sealed record ReceiverSnapshot
{
    public required string Name { get; init; }

    /// <summary>simulated, kiwisdr, openwebrx, rtl_tcp or file.</summary>
    public required string Kind { get; init; }

    public required double Latitude { get; init; }
    public required double Longitude { get; init; }
    public double? AltitudeM { get; init; }
}
