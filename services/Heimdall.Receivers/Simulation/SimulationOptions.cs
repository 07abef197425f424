using System.ComponentModel.DataAnnotations;

namespace Heimdall.Receivers.Simulation;

/// <summary>
/// Section <c>Simulation</c>: the one transmitter that the simulated receiver network hears. Received power follows
/// free-space path loss over the distance to each station, noise is thermal over the captured band, and each station's
/// local oscillator is off by a small fixed amount (SimulatedStation.DefaultLocalOscillatorPpm).
/// </summary>
public sealed class SimulationOptions
{
    public const string Section = "Simulation";

    /// <summary>Same seed, same acquisition id, same receiver: same samples.</summary>
    public int Seed { get; set; } = 1;

    [Range(-90, 90, ErrorMessage = "Simulation:TransmitterLatitude must be between -90 and 90.")]
    public double TransmitterLatitude { get; set; } = 44.90;

    [Range(-180, 180, ErrorMessage = "Simulation:TransmitterLongitude must be between -180 and 180.")]
    public double TransmitterLongitude { get; set; } = 8.20;

    public double TransmitterAltitudeM { get; set; } = 200;

    /// <summary>EIRP, dBm (20 dBm = 100 mW).</summary>
    [Range(-50, 90, ErrorMessage = "Simulation:TransmitterPowerDbm must be between -50 and 90.")]
    public double TransmitterPowerDbm { get; set; } = 20;

    /// <summary>Carrier frequency; absent: the requested frequency plus TransmitterOffsetHz.</summary>
    public double? TransmitterFrequencyHz { get; set; }

    public double TransmitterOffsetHz { get; set; }

    /// <summary>
    /// FM deviation by a sine tone of <see cref="ModulationToneHz"/>; 0 (the default) sends an unmodulated carrier, whose
    /// spectrum has nothing but the carrier above the noise, so any independent SNR estimate agrees with the stored one.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "Simulation:DeviationHz must be between 0 and 100000.")]
    public double DeviationHz { get; set; }

    [Range(1, 100_000, ErrorMessage = "Simulation:ModulationToneHz must be between 1 and 100000.")]
    public double ModulationToneHz { get; set; } = 1_000;

    /// <summary>
    /// 0 (the default): the transmitter sends the carrier (FM by the tone), which has no usable delay. Above 0: it sends a
    /// band-limited noise-modulated signal this wide, each receiver hears it after its exact propagation delay, and every
    /// capture carries simulated GNSS stamps (timing source <c>simulated</c>): the network is TDoA-capable, and the
    /// Locator locates the transmitter (<c>./heimdall demo</c> sets 3000).
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Simulation:TdoaBandwidthHz must be between 0 and 1000000.")]
    public double TdoaBandwidthHz { get; set; }

    [Range(0, 40, ErrorMessage = "Simulation:NoiseFigureDb must be between 0 and 40.")]
    public double NoiseFigureDb { get; set; } = 6;

    /// <summary>Full scale of stations without a calibration_db, dBm.</summary>
    public double DefaultFullScaleDbm { get; set; } = -60;

    /// <summary>Stream in real time (a 1 s capture takes 1 s) like a real receiver; false returns at once.</summary>
    public bool RealTime { get; set; } = true;

    /// <summary>Receivers that fail every attempt (to exercise ReceiverCaptureFailed and partial acquisitions).</summary>
    public int[] FailingReceiverIds { get; set; } = [];

    /// <summary>Receivers whose first attempt at each capture fails (a throttled or dropped first connection); the next succeeds.</summary>
    public int[] FlakyReceiverIds { get; set; } = [];

    /// <summary>Receivers with a dead front end: they deliver every sample as zero, which cannot be measured (an unmeasurable capture).</summary>
    public int[] SilentReceiverIds { get; set; } = [];
}
