using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// How the demodulator is set for a request, from what the server offers: the mode (the widest single-sideband mode of
/// its <c>modes</c>, or the one settings name), its passband (within <see cref="PassbandShare"/> of the audio band), and
/// the dial placed so that the requested frequency is heard in the middle of the passband; the audio rate the server delivers it at (12 kHz for usb/lsb as
/// <c>output_rate</c>, 48 kHz for OpenWebRX+'s usbd/lsbd as <c>hd_output_rate</c>).
/// </summary>
public sealed record OpenWebRxTuning(string Mode, double LowCutHz, double HighCutHz, long DialHz, long OffsetHz, double AudioRateHz, bool HdAudio, double RequestedAudioHz, bool Inverted)
{
    /// <summary>The <c>output_rate</c> a browser on a 48 kHz sound card asks for (OpenWebRX's default too).</summary>
    public const int OutputRate = 12_000;

    /// <summary>The <c>hd_output_rate</c> a browser on a 48 kHz sound card asks for.</summary>
    public const int HdOutputRate = 48_000;

    /// <summary>
    /// The share of the audio band (0…rate/2) a passband may take: the rest holds only the codec's own noise, which the
    /// audio measurement sees there and takes out of the passband's (OpenWebRX+'s usbd, 0…24 kHz at 48 kHz, becomes
    /// 0…19.2 kHz).
    /// </summary>
    public const double PassbandShare = 0.8;

    /// <summary>The passband OpenWebRX 1.x gives usb when the server sends no modes.</summary>
    private static readonly OpenWebRxMode UpstreamUsb = new("usb", "USB", 300, 3000);

    /// <summary>The mode to demodulate in; a refusal when the server offers none that fits.</summary>
    public static OpenWebRxMode ChooseMode(OpenWebRxServerState state, OpenWebRxSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        var offered = state.ModesReceived ? state.Modes.Where(m => m.IsSingleSideband && m.LowCutHz is not null).ToList() : [UpstreamUsb];
        var chosen = settings.Mode == "auto"
            ? offered.OrderByDescending(m => m.Width).ThenBy(m => m.Modulation.StartsWith('l') ? 1 : 0).FirstOrDefault()
            : offered.FirstOrDefault(m => m.Modulation == settings.Mode);
        return chosen ?? throw new ReceiverRefusedException(settings.Mode == "auto"
            ? $"{settings.Url} offers no single-sideband mode with a passband (its modes: {string.Join(", ", state.Modes.Select(m => m.Modulation))}): Heimdall measures OpenWebRX through one-sideband audio."
            : $"{settings.Url} does not offer mode '{settings.Mode}' (settings.mode; its single-sideband modes: {string.Join(", ", offered.Select(m => m.Modulation))}).");
    }

    /// <summary>The tuning for <paramref name="frequencyHz"/> in <paramref name="mode"/> on the current profile; null when it does not fit in the profile.</summary>
    public static OpenWebRxTuning? Plan(OpenWebRxServerState state, OpenWebRxMode mode, double frequencyHz, double bandHz)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(mode);
        var hd = mode.Modulation is "usbd" or "lsbd";
        var rate = hd ? HdOutputRate : OutputRate;
        var limit = PassbandShare * rate / 2;
        var (low, high) = (Math.Clamp(mode.LowCutHz!.Value, -limit, limit), Math.Clamp(mode.HighCutHz!.Value, -limit, limit));
        var dial = (long)Math.Round(frequencyHz - ((low + high) / 2));
        var inverted = high <= 0;
        var centre = state.CenterFrequencyHz!.Value;
        var half = state.SampleRateHz!.Value / 2;
        var reach = Math.Max(bandHz / 2, Math.Max(Math.Abs(frequencyHz - (dial + low)), Math.Abs(dial + high - frequencyHz)));
        if (frequencyHz - reach < centre - (half * (1 - SpectrumMeasurement.EdgeShare)) || frequencyHz + reach > centre + (half * (1 - SpectrumMeasurement.EdgeShare)))
        {
            return null;
        }

        var audio = inverted ? dial - frequencyHz : frequencyHz - dial;
        return new OpenWebRxTuning(mode.Modulation, low, high, dial, dial - (long)Math.Round(centre), rate, hd, audio, inverted);
    }

    /// <summary><c>dspcontrol</c> with the demodulator's parameters, as the browser sends them before <c>start</c>.</summary>
    public string DspParameters() => JsonSerializer.Serialize(new
    {
        type = "dspcontrol",
        @params = new { low_cut = LowCutHz, high_cut = HighCutHz, offset_freq = OffsetHz, mod = Mode, squelch_level = -150 },
    });

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Mode} {LowCutHz}…{HighCutHz} Hz at dial {DialHz} Hz (offset_freq {OffsetHz}), audio at {AudioRateHz} Hz, the request heard at {RequestedAudioHz} Hz");
}
