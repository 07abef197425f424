using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Heimdall.DemoReceivers;
using Heimdall.Testing.OpenWebRx;
using Heimdall.Testing.RtlTcp;
using Heimdall.Testing.SpyServer;

// Heimdall.DemoReceivers MANIFEST: starts the three servers on 127.0.0.1 (ports chosen by the system), writes MANIFEST (the
// receivers as POST /api/receivers takes them, a JSON array) once all of them listen, and serves until SIGTERM or SIGINT.
if (args is not [var manifest])
{
    await Console.Error.WriteLineAsync("usage: Heimdall.DemoReceivers MANIFEST   (./heimdall demo --mixed starts it)");
    return 2;
}

var transmitter = DemoSites.Transmitter(Environment.GetEnvironmentVariable);
var tone = DemoSites.FrequencyHz + DemoSites.ToneOffsetHz;
var amplitude = DemoSites.All.ToDictionary(s => s.Kind, s => DemoSites.Amplitude(s, transmitter));
// The noise follows the carrier so that each server hears it at its tests' 20 dB SNR (the noise adds 1 % to the power,
// 0.04 dB). OpenWebRX's ADPCM coding noise scales with the carrier: a quieter noise would hide under it, and the audio
// basis refuses a capture whose own noise it cannot tell from the codec's.
const double Snr = 100;
await using var spyServer = new SpyServerEmulator(new SpyServerEmulatorOptions
{
    ToneFrequencyHz = tone, ToneAmplitude = amplitude["spyserver"], NoisePower = Math.Pow(amplitude["spyserver"], 2) / Snr,
});
// The Acquirer probes it and captures from it again and again: OpenWebRX+'s robot ban would end the demo's second run.
await using var openWebRx = new OpenWebRxEmulator(new OpenWebRxEmulatorOptions
{
    ToneFrequencyHz = tone, ToneAmplitude = amplitude["openwebrx"], NoiseDensityPerHz = Math.Pow(amplitude["openwebrx"], 2) / Snr / 12_000, BotBanEnabled = false,
});
await using var rtlTcp = new RtlTcpEmulator(new RtlTcpEmulatorOptions
{
    ToneFrequencyHz = tone, ToneAmplitude = amplitude["rtl_tcp"], NoisePower = Math.Pow(amplitude["rtl_tcp"], 2) / Snr,
});
var urls = new Dictionary<string, string> { ["spyserver"] = spyServer.Url, ["openwebrx"] = openWebRx.Url, ["rtl_tcp"] = rtlTcp.Url };

var stop = new TaskCompletionSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

foreach (var site in DemoSites.All)
{
    Console.WriteLine(FormattableString.Invariant(
        $"{site.Kind,-9} {urls[site.Kind],-26} {site.Name}: the carrier {DemoSites.ToneOffsetHz} Hz above {DemoSites.FrequencyHz / 1e6} MHz at {DemoSites.PowerDbm(site, transmitter):0.0} dBm ({20 * Math.Log10(amplitude[site.Kind]):0.0} dBFS)"));
}

var receivers = new JsonArray([.. DemoSites.All.Select(s => (JsonNode)DemoSites.Receiver(s, urls[s.Kind]))]);
// Written whole, then renamed (after the lines above): the script waits for the file and never reads half of it.
await File.WriteAllTextAsync(manifest + ".tmp", receivers.ToJsonString());
File.Move(manifest + ".tmp", manifest, overwrite: true);

await stop.Task;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
