using System.Diagnostics;
using System.Globalization;
using System.Net;
using Heimdall.Domain.Receivers;
using Microsoft.Extensions.Logging;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// Kind <c>kiwisdr</c>: GNSS-timed IQ from a KiwiSDR over its sound WebSocket (<c>/&lt;ts&gt;/SND</c>, IQ mode). Connects
/// shortly before the start (the discard period after tuning plus the handshake), follows one redirect (HTTP on the
/// upgrade, or <c>MSG redirect=</c>), and delivers ci16_le at the rate measured from the stamps. Every refusal quotes the
/// server; <c>too_busy</c> and <c>ip_limit</c> carry a cool-down. Protocol, settings and timing: docs/receivers.md.
/// </summary>
public sealed class KiwiSdrDriver(TimeProvider clock, ILogger<KiwiSdrDriver> logger) : IReceiverDriver, IDisposable
{
    public const string KindName = "kiwisdr";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 1, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = ProbeTimeout,
    };

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(Receiver receiver)
    {
        var problems = new List<string>();
        if (KiwiEndpoint.Parse(receiver.Url).Problem is { } url)
        {
            problems.Add(url);
        }

        var (settings, settingProblems) = KiwiSdrSettings.Parse(receiver.Settings);
        problems.AddRange(settingProblems);
        if (settings is not null && receiver.TimeoutSeconds <= settings.DiscardSeconds + 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"timeout_seconds ({receiver.TimeoutSeconds}) must exceed settings.discardSeconds ({settings.DiscardSeconds}) by more than 1 s: a capture that starts now first discards that long after tuning."));
        }

        return problems;
    }

    /// <summary><c>settings.channels</c> (default 1); null for settings that do not parse (the capture fails validation anyway).</summary>
    public int? Channels(Receiver receiver) => KiwiSdrSettings.Parse(receiver.Settings).Settings?.Channels;

    public async Task<RawCapture> CaptureAsync(Receiver receiver, CaptureRequest request, CancellationToken cancellationToken)
    {
        var (endpoint, settings) = Prepare(receiver);

        // Connect just early enough to discard the samples after tuning before the start: a Kiwi counts connect time.
        await clock.UntilAsync(request.StartAtUtc - TimeSpan.FromSeconds(settings.DiscardSeconds + settings.ConnectLeadSeconds), cancellationToken);

        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var stream = endpoint.SoundStream(timestamp);
        Uri? redirectedFrom = null;
        while (true)
        {
            try
            {
                KiwiSdrLog.Connecting(logger, receiver.ReceiverId, stream);
                await using var socket = await KiwiWebSocket.ConnectAsync(stream, TimeSpan.FromSeconds(settings.HandshakeTimeoutSeconds), timestamp, cancellationToken);
                if (socket.RedirectedFrom is { } from)
                {
                    KiwiSdrLog.UpgradeRedirected(logger, receiver.ReceiverId, from, socket.Uri);
                }

                var capture = await new KiwiSoundSession(socket, receiver, request, settings, clock, logger).RunAsync(cancellationToken);
                KiwiSdrLog.Captured(logger, receiver.ReceiverId, capture.SampleCount, capture.CaptureStartUtc, capture.Timing.Source, capture.SampleRateHz,
                    capture.Timing.StampResidualRmsNs, capture.Timing.SequenceGaps, capture.Timing.Warnings.Length);
                return capture;
            }
            catch (KiwiRedirectException redirect)
            {
                var target = KiwiEndpoint.RedirectTarget(stream, redirect.Target, timestamp);
                if (redirectedFrom is not null || target is null)
                {
                    var refusal = new ReceiverRefusedException(redirect.Message + (target is null
                        ? " The target is not an http(s) or ws(s) URL."
                        : $" Not followed: this session was already redirected once (from {redirectedFrom})."));
                    KiwiSdrLog.Refused(logger, receiver.ReceiverId, refusal.Message);
                    throw refusal;
                }

                KiwiSdrLog.SessionRedirected(logger, receiver.ReceiverId, stream, target);
                redirectedFrom = stream;
                stream = target;
            }
            catch (ReceiverRefusedException ex)
            {
                KiwiSdrLog.Refused(logger, receiver.ReceiverId, ex.Message);
                throw;
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                KiwiSdrLog.Failed(logger, receiver.ReceiverId, ex.Message);
                throw;
            }
        }
    }

    public async Task<ReceiverHealth> ProbeAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        var probedAt = clock.GetUtcNow();
        if (KiwiEndpoint.Parse(receiver.Url) is not ({ } endpoint, _))
        {
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = false, Detail = $"not probed: url '{receiver.Url}' is not a Kiwi's http(s)://host:port." };
        }

        var started = Stopwatch.GetTimestamp();
        string detail;
        try
        {
            using var response = await _http.GetAsync(endpoint.Status, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                detail = $"GET {endpoint.Status} answered HTTP 404: offline (the kiwisdr.com proxy answers 404 for a Kiwi that is not connected to it).";
                return Health(probedAt, false, latency, null, detail, receiver);
            }

            if (!response.IsSuccessStatusCode)
            {
                detail = string.Create(CultureInfo.InvariantCulture, $"GET {endpoint.Status} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                return Health(probedAt, false, latency, null, detail, receiver);
            }

            var status = KiwiStatus.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!status.IsKiwi)
            {
                detail = $"GET {endpoint.Status} answered 200, but not with a KiwiSDR's status (no users_max, no sw_version).";
                return Health(probedAt, false, latency, null, detail, receiver);
            }

            detail = string.Create(CultureInfo.InvariantCulture,
                $"GET /status in {latency:0} ms: status={status.Status ?? "?"} offline={(status.Offline ? "yes" : "no")}, users {status.Users?.ToString(CultureInfo.InvariantCulture) ?? "?"}/{status.UsersMax?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {status.Gnss ?? "no GPS state"}, {status.Version ?? "no sw_version"}{(status.TdoaChannels == -1 ? "; GNSS stamps switched off (tdoa_ch=-1)" : "")}.");
            return Health(probedAt, !status.Offline, latency, status, detail, receiver);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            detail = ex is TaskCanceledException
                ? string.Create(CultureInfo.InvariantCulture, $"GET {endpoint.Status}: no answer within {ProbeTimeout.TotalSeconds:0} s.")
                : $"GET {endpoint.Status}: {ex.Message}";
            return Health(probedAt, false, null, null, detail, receiver);
        }
    }

    private ReceiverHealth Health(DateTimeOffset probedAt, bool reachable, double? latencyMs, KiwiStatus? status, string detail, Receiver receiver)
    {
        KiwiSdrLog.Probed(logger, receiver.ReceiverId, receiver.Url, detail);
        return new ReceiverHealth
        {
            ProbedAt = probedAt,
            Reachable = reachable,
            LatencyMs = latencyMs,
            Users = status?.Users,
            UsersMax = status?.UsersMax,
            Gnss = status?.Gnss,
            Version = status?.Version,
            Detail = detail,
        };
    }

    private static (KiwiEndpoint Endpoint, KiwiSdrSettings Settings) Prepare(Receiver receiver)
    {
        var (endpoint, urlProblem) = KiwiEndpoint.Parse(receiver.Url);
        var (settings, problems) = KiwiSdrSettings.Parse(receiver.Settings);
        if (endpoint is null || settings is null)
        {
            throw new ReceiverNotSupportedException($"{receiver} is misconfigured: {string.Join(" ", problems.Prepend(urlProblem).OfType<string>())}");
        }

        return (endpoint, settings);
    }

    public void Dispose() => _http.Dispose();
}
