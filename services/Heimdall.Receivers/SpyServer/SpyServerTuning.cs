using System.Globalization;
using Heimdall.Signal;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// What to ask a SpyServer for, decided from its DEVICE_INFO and CLIENT_SYNC before anything is sent: the IQ format
/// (the one set, unless the server forces another), the decimation stage (the slowest rate at least the requested one),
/// the IQ centre (the requested frequency, inside the band the controlling client allows when this client may not
/// control the device) and the settings in the order SDR++ sends them. A request the server cannot serve is refused
/// here, naming what it offers.
/// </summary>
public sealed record SpyServerTuning(
    SpyServerStreamFormat Format,
    SampleFormat SampleFormat,
    uint Stage,
    double RateHz,
    uint FrequencyHz,
    bool Controlling,
    IReadOnlyList<SpyServerSetting> Settings,
    IReadOnlyList<string> Warnings)
{
    /// <exception cref="ReceiverRefusedException">The server cannot capture the request: no device, a format Heimdall cannot store, a rate too fast, a frequency out of reach.</exception>
    public static SpyServerTuning Plan(SpyServerDeviceInfo info, SpyServerClientSync sync, SpyServerSettings settings, CaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(request);
        var url = settings.Url;
        if (info.DeviceType == (uint)SpyServerDeviceType.Invalid)
        {
            throw new ReceiverRefusedException($"{url} runs without a device (DEVICE_INFO device type 0): the server is up but its SDR is missing or failed.");
        }

        var warnings = new List<string>();
        var format = settings.IqFormat;
        if (info.ForcedIqFormat != (uint)SpyServerStreamFormat.None && info.ForcedIqFormat != (uint)format)
        {
            format = (SpyServerStreamFormat)info.ForcedIqFormat;
            warnings.Add(Invariant($"{url} forces IQ format {format.Name()} (its force_8bit or a bandwidth limit), not the {settings.IqFormat.Name()} of settings.iqFormat."));
        }

        if (SpyServerSettings.SampleFormatOf(format) is not { } sampleFormat)
        {
            throw new ReceiverRefusedException(Invariant($"{url} forces IQ format {info.ForcedIqFormat} ({format.Name()}), which has no SigMF datatype Heimdall stores (ci16_le, cu8, cf32_le)."));
        }

        if (info.StageFor(request.SampleRateHz) is not { } stage)
        {
            throw new ReceiverRefusedException(Invariant(
                $"{url} cannot capture at {request.SampleRateHz} Hz: its {info.DeviceName} offers {info.DescribeRates()} (maximum {info.MaximumSampleRate} Hz over 2^{info.MinimumIqDecimation}, the server's minimum_iq_decimation)."));
        }

        var rate = info.RateOf(stage);
        if (Math.Abs(rate - request.SampleRateHz) > request.SampleRateHz * 1e-6)
        {
            warnings.Add(Invariant($"{url} offers no IQ rate of exactly {request.SampleRateHz} Hz: captured at {rate:0.###} Hz (decimation stage {stage}), the slowest of its rates that holds the requested band; the capture lasts the requested duration."));
        }

        var frequency = Math.Round(request.FrequencyHz);
        if (!(frequency >= info.MinimumFrequency && frequency <= info.MaximumFrequency))
        {
            throw new ReceiverRefusedException(Invariant(
                $"{url} cannot tune to {request.FrequencyHz} Hz: its {info.DeviceName} covers {info.MinimumFrequency}–{info.MaximumFrequency} Hz."));
        }

        var hz = (uint)frequency;
        if (!sync.CanControl)
        {
            CheckWindow(info, sync, settings, hz, rate);
        }

        var commands = new List<SpyServerSetting>
        {
            new(SpyServerSettingType.StreamingMode, 1), // IQ only
            new(SpyServerSettingType.IqFormat, (uint)format),
            new(SpyServerSettingType.IqDecimation, stage),
            new(SpyServerSettingType.IqFrequency, hz),
        };
        if (settings.Gain is { } gain)
        {
            if (!sync.CanControl)
            {
                warnings.Add(Invariant($"settings.gain {gain} was not sent: another client controls the device, whose gain index {sync.Gain} applies."));
            }
            else if (gain > info.MaximumGainIndex)
            {
                throw new ReceiverRefusedException(Invariant($"{url} cannot set gain index {gain} (settings.gain): its {info.DeviceName}'s largest is {info.MaximumGainIndex}."));
            }
            else
            {
                commands.Add(new(SpyServerSettingType.Gain, gain));
            }
        }

        commands.Add(new(SpyServerSettingType.IqDigitalGain, settings.DigitalGainDb));
        commands.Add(new(SpyServerSettingType.StreamingEnabled, 1));
        return new SpyServerTuning(format, sampleFormat, stage, rate, hz, sync.CanControl, commands, warnings);
    }

    /// <summary>
    /// Another client controls the device: this client's IQ window must be centred where CLIENT_SYNC allows, and the
    /// whole window must lie in the device's band around its centre.
    /// </summary>
    private static void CheckWindow(SpyServerDeviceInfo info, SpyServerClientSync sync, SpyServerSettings settings, uint frequencyHz, double rateHz)
    {
        var url = settings.Url;
        if (settings.RequireControl)
        {
            throw new ReceiverRefusedException(Invariant(
                $"{url}: another client controls the device (CLIENT_SYNC CanControl 0; device centre {sync.DeviceCenterFrequency} Hz, gain index {sync.Gain}), and settings.requireControl is set."));
        }

        if (frequencyHz < sync.MinimumIqCenterFrequency || frequencyHz > sync.MaximumIqCenterFrequency)
        {
            throw new ReceiverRefusedException(Invariant(
                $"{url}: another client controls the device, tuned to {sync.DeviceCenterFrequency} Hz; an IQ window may be centred only between {sync.MinimumIqCenterFrequency} and {sync.MaximumIqCenterFrequency} Hz (CLIENT_SYNC), and {frequencyHz} Hz is outside."));
        }

        var half = info.MaximumBandwidth / 2.0;
        if (info.MaximumBandwidth > 0 && (frequencyHz - (rateHz / 2) < sync.DeviceCenterFrequency - half || frequencyHz + (rateHz / 2) > sync.DeviceCenterFrequency + half))
        {
            throw new ReceiverRefusedException(Invariant(
                $"{url}: another client controls the device, tuned to {sync.DeviceCenterFrequency} Hz with {info.MaximumBandwidth} Hz of band; a window of {rateHz:0.###} Hz centred on {frequencyHz} Hz would reach outside it."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
