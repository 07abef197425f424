using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Heimdall.Signal;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// Kind <c>openwebrx</c>: an OpenWebRX or OpenWebRX+ server, which streams no IQ. The driver connects as a browser does
/// (<see cref="OpenWebRxSession"/>), demodulates the widest single-sideband mode the server offers around the requested
/// frequency, and delivers that audio as real samples (<c>ri16_le</c>) with the server's FFT lines and S-meter readings
/// beside it, and a measurement made from the FFT lines (basis <c>spectrum</c>, <see cref="SpectrumMeasurement"/>) with
/// its uncertainty. One session per server at a time from this process: OpenWebRX+ bans an address that opens several
/// within seconds. Refusals carry the server's words and a cool-down (a ban: at least 12 hours).
/// </summary>
public sealed partial class OpenWebRxDriver(TimeProvider clock, ILogger<OpenWebRxDriver> logger) : IReceiverDriver, IDisposable
{
    public const string KindName = ReceiverKinds.OpenWebRx;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = ProbeTimeout,
    };

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(Receiver receiver) => ReceiverSettingsCheck.Problems(receiver, OpenWebRxSettings.Read);

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(request);
        var settings = ReceiverSettingsCheck.ForCapture(receiver, OpenWebRxSettings.Read);

        await clock.UntilAsync(request.StartAtUtc - TimeSpan.FromSeconds(settings.ConnectLeadSeconds), cancellationToken);

        // Never two sessions to one server at once from here: OpenWebRX+ scores an address's simultaneous connections as a robot's.
        var gate = _gates.GetOrAdd(settings.ServerKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await CaptureOnceAsync(receiver, settings, request, cancellationToken);
        }
        catch (ReceiverRefusedException ex)
        {
            LogRefused(logger, settings.Url, ex.Message);
            throw;
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, settings.Url, ex.Message);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RawCapture> CaptureOnceAsync(Receiver receiver, OpenWebRxSettings settings, CaptureRequest request, CancellationToken cancellationToken)
    {
        var bandHz = receiver.SampleRateHz;
        await using var socket = await OpenWebRxSocket.ConnectAsync(settings.WebSocket, TimeSpan.FromSeconds(settings.HandshakeTimeoutSeconds), cancellationToken);
        var session = new OpenWebRxSession(socket, settings, clock);
        await session.GreetAsync(cancellationToken);
        var mode = OpenWebRxTuning.ChooseMode(session.State, settings);
        var tuning = OpenWebRxTuning.Plan(session.State, mode, request.FrequencyHz, bandHz)
            ?? await session.SelectProfileAsync(mode, request.FrequencyHz, bandHz, ReadStatusAsync(settings), cancellationToken);
        await session.StartAsync(tuning, cancellationToken);
        var (profile, demodulating) = (session.State.DescribeProfile(), tuning.ToString());
        LogStarted(logger, settings.Url, session.State.Version ?? "?", profile, demodulating);

        var duration = request.SampleCount / request.SampleRateHz;
        var count = (long)Math.Round(duration * tuning.AudioRateHz);
        var stream = new OpenWebRxStream(socket, session, settings, tuning, request, count, clock);
        var (audio, firstSampleUtc, spectrum) = await stream.RunAsync(cancellationToken);
        var audioDescription = new AudioDescription
        {
            Demodulator = tuning.Mode,
            PassbandLowHz = tuning.LowCutHz,
            PassbandHighHz = tuning.HighCutHz,
            DialFrequencyHz = tuning.DialHz,
            RequestedAudioFrequencyHz = tuning.RequestedAudioHz,
            Inverted = tuning.Inverted,
            Decompression = stream.Decompression,
            SyncLosses = stream.SyncLosses,
        };
        var fromAudio = settings.Basis == "audio" || (settings.Basis == "auto" && spectrum.Compression == "adpcm" && spectrum.SMeter.Count > 0);
        var measurement = fromAudio
            ? AudioMeasurement.Measure(audio, tuning.AudioRateHz, audioDescription, spectrum.SMeter)
            : SpectrumMeasurement.Measure(spectrum, request.FrequencyHz, bandHz);
        var binHz = spectrum.SampleRateHz / spectrum.FftSize;
        var warnings = new List<string>
        {
            Invariant($"OpenWebRX streams no IQ and no time stamps: this is the server's {tuning.Mode} audio ({tuning.LowCutHz}…{tuning.HighCutHz} Hz at dial {tuning.DialHz} Hz, the requested frequency heard at {tuning.RequestedAudioHz} Hz), through its AGC; its start is the host clock at the audio's arrival less its duration, late by the server's demodulator, resampler and buffers (tens to hundreds of milliseconds), and jitters by up to an audio message ({stream.LargestAudioMessage} samples, {stream.LargestAudioMessage / tuning.AudioRateHz * 1000:0.#} ms)."),
            fromAudio
                ? Invariant($"The measurement is made from the audio (its spectrum: the SNR in the {tuning.Mode} passband of {tuning.HighCutHz - tuning.LowCutHz} Hz, and the carrier's audio frequency) and the server's S-meter ({spectrum.SMeter.Count} readings: the power in that passband before the AGC, in dBFS).")
                : Invariant($"The measurement is made from the server's FFT lines ({spectrum.Lines.Count} lines of {spectrum.FftSize} bins, {binHz:0.###} Hz each, Hamming window as csdr applies it): the frequency offset is known only within that resolution, and the SNR is that of a {bandHz} Hz band around the requested frequency."),
        };
        if (!fromAudio && spectrum.Compression == "adpcm")
        {
            warnings.Add("The server codes its FFT lines in ADPCM, whose slope overload flattens a narrow peak and shifts it a few bins: a carrier's level and offset from these lines are low and late (settings.basis \"audio\" measures from the audio instead).");
        }

        if (session.SelectedProfile is { } selected)
        {
            warnings.Add($"The profile was switched to {selected} for this capture: it applies to every listener of that SDR.");
        }

        if (stream.SyncLosses > 0)
        {
            warnings.Add(Invariant($"The audio lost its ADPCM sync {stream.SyncLosses} times: the samples between a loss and the next sync block were skipped."));
        }

        LogCaptured(logger, settings.Url, count, tuning.AudioRateHz, firstSampleUtc, spectrum.Lines.Count, spectrum.SMeter.Count, socket.BytesReceived);
        return new RawCapture(audio, SampleFormat.Ri16Le, tuning.AudioRateHz, count, firstSampleUtc, new CaptureTiming
        {
            Source = TimingSources.HostClock,
            AnnouncedSampleRateHz = tuning.AudioRateHz,
            ReceiverVersion = $"OpenWebRX {session.State.Version}",
            Warnings = [.. warnings],
        })
        {
            Measurement = measurement,
            Spectrum = spectrum,
            Audio = audioDescription,
        };
    }

    /// <summary>The status document, or null when it cannot be read (the profile choice then has nothing to match).</summary>
    private Func<CancellationToken, Task<OpenWebRxStatus?>> ReadStatusAsync(OpenWebRxSettings settings) => async ct =>
    {
        try
        {
            return OpenWebRxStatus.TryParse(await _http.GetStringAsync(settings.Status, ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    };

    public async Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var probedAt = clock.GetUtcNow();
        if (!ReceiverSettingsCheck.TryForProbe(receiver, OpenWebRxSettings.Read, probedAt, out var settings, out var notProbed))
        {
            return notProbed;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.GetAsync(settings.Status, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                return Unreachable(probedAt, latency, Invariant($"GET {settings.Status} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(response.StatusCode == HttpStatusCode.NotFound ? ": not an OpenWebRX at this address" : "")}."));
            }

            if (OpenWebRxStatus.TryParse(await response.Content.ReadAsStringAsync(cancellationToken)) is not { } status)
            {
                return Unreachable(probedAt, latency, $"GET {settings.Status} answered 200, but not with OpenWebRX's status document (no sdrs).");
            }

            var covering = status.Profiles.Where(p => Math.Abs(p.CenterFrequencyHz - ((receiver.MinFrequencyHz + receiver.MaxFrequencyHz) / 2)) <= p.SampleRateHz / 2)
                .Select(p => p.ListedName).ToList();
            var detail = Invariant($"GET /status.json in {latency:0} ms: {status.Describe()}; {(covering.Count == 0 ? "no profile centred within the receiver's registered band" : $"profiles around the registered band: {string.Join(", ", covering)}")}.");
            LogProbed(logger, settings.Url, detail);
            return new ReceiverHealth
            {
                ProbedAt = probedAt,
                Reachable = status.Profiles.Count > 0,
                LatencyMs = latency,
                UsersMax = status.MaxClients,
                Version = status.Version is null ? null : $"OpenWebRX {status.Version}",
                Detail = status.Profiles.Count > 0 ? detail : detail + " It lists no active SDR profile.",
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Unreachable(probedAt, null, ex is TaskCanceledException
                ? Invariant($"GET {settings.Status}: no answer within {ProbeTimeout.TotalSeconds:0} s.")
                : $"GET {settings.Status}: {ex.Message}");
        }
    }

    private static ReceiverHealth Unreachable(DateTimeOffset probedAt, double? latency, string detail) =>
        new() { ProbedAt = probedAt, Reachable = false, LatencyMs = latency, Detail = detail };

    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 780, Level = LogLevel.Information, Message = "OpenWebRX {Url} ({Version}), profile {Profile}: demodulating {Tuning}")]
    private static partial void LogStarted(ILogger logger, string url, string version, string profile, string tuning);

    [LoggerMessage(EventId = 781, Level = LogLevel.Information, Message = "OpenWebRX {Url}: {SampleCount} audio samples at {RateHz} Hz from {FirstSampleUtc:O}, {Lines} FFT lines, {SMeter} S-meter readings, {WireBytes} bytes received")]
    private static partial void LogCaptured(ILogger logger, string url, long sampleCount, double rateHz, DateTimeOffset firstSampleUtc, int lines, int sMeter, long wireBytes);

    [LoggerMessage(EventId = 782, Level = LogLevel.Warning, Message = "OpenWebRX {Url} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 783, Level = LogLevel.Warning, Message = "OpenWebRX {Url} capture failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 784, Level = LogLevel.Debug, Message = "OpenWebRX {Url} probe: {Detail}")]
    private static partial void LogProbed(ILogger logger, string url, string detail);
}
