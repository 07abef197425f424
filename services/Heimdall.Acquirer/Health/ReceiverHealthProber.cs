using System.Diagnostics;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Health;

/// <summary>
/// Probes every enabled receiver at most every <see cref="ReceiverHealthOptions.IntervalMinutes"/> with its driver's
/// ProbeAsync and records each probe in <c>receiver_health</c>; deletes probes older than the retention. With several
/// replicas, a round runs under a PostgreSQL advisory lock (<see cref="ReceiverProbeLock"/>), and a receiver is due only
/// when its latest recorded probe is older than the interval, so replicas neither probe at once nor one after another.
/// A receiver in a cool-down (its server asked not to be contacted) and a kind without a driver are not probed.
/// </summary>
public sealed partial class ReceiverHealthProber(
    ReceiverDirectory directory,
    ReceiverHealthLog healthLog,
    ReceiverDrivers drivers,
    IOptions<ReceiverHealthOptions> options,
    TimeProvider clock,
    ILogger<ReceiverHealthProber> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    private static readonly TimeSpan CleanupEvery = TimeSpan.FromHours(1);
    private DateTimeOffset _cleanedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(settings.StartDelaySeconds), clock, stoppingToken);
        var pause = TimeSpan.FromMinutes(Math.Clamp(settings.IntervalMinutes / 5, 0.25, 1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away: the next round tries again; probing never stops the service.
                LogRoundFailed(logger, ex.Message, ex);
            }

            await Task.Delay(pause, clock, stoppingToken);
        }
    }

    /// <summary>
    /// One round: takes the lock (or returns at once when another replica holds it), probes the receivers that are due,
    /// records the probes, and deletes the old ones at most hourly.
    /// </summary>
    public async Task<ProbeRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var probing = await healthLog.TryLockProbingAsync(cancellationToken);
        if (probing is null)
        {
            LogLockHeld(logger);
            return new ProbeRound(LockTaken: false, Probed: [], Deleted: 0);
        }

        var now = clock.GetUtcNow();
        var interval = TimeSpan.FromMinutes(settings.IntervalMinutes);
        var lastProbed = await healthLog.LastProbedAsync(cancellationToken);
        var due = (await directory.LoadAsync(cancellationToken))
            .Where(r => r.Enabled && r.CoolDown is null && drivers.Kinds.Contains(r.Kind, StringComparer.OrdinalIgnoreCase))
            .Where(r => !lastProbed.TryGetValue(r.ReceiverId, out var at) || now - at >= interval)
            .ToList();

        var probed = new List<(int ReceiverId, ReceiverHealth Health)>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.ConcurrentProbes, CancellationToken = cancellationToken }, async (receiver, ct) =>
        {
            var health = await ProbeAsync(receiver, TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds), ct);
            await healthLog.RecordAsync(receiver.ReceiverId, health, ct);
            lock (probed)
            {
                probed.Add((receiver.ReceiverId, health));
            }

            if (!health.Reachable)
            {
                LogUnreachable(logger, receiver.ReceiverId, receiver.Name, health.Detail);
            }
        });

        var deleted = 0;
        if (now - _cleanedAt >= CleanupEvery)
        {
            deleted = await healthLog.DeleteOlderThanAsync(TimeSpan.FromDays(settings.RetentionDays), cancellationToken);
            _cleanedAt = now;
        }

        var reachable = probed.Count(p => p.Health.Reachable);
        LogRound(logger, probed.Count, reachable, deleted);
        return new ProbeRound(true, [.. probed.OrderBy(p => p.ReceiverId)], deleted);
    }

    /// <summary>The driver's probe within the timeout; a probe that throws or overruns is recorded as unreachable, saying why.</summary>
    private async Task<ReceiverHealth> ProbeAsync(Receiver receiver, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await drivers.For(receiver).ProbeAsync(receiver, limit.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var detail = ex is OperationCanceledException
                ? $"the probe did not answer within {timeout.TotalSeconds} s (ReceiverHealth:ProbeTimeoutSeconds)."
                : $"the probe failed: {ex.Message}";
            return new ReceiverHealth { ProbedAt = probedAt, Reachable = false, LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds, Detail = detail };
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Receiver health: {Probed} receivers probed, {Reachable} reachable; {Deleted} old probes deleted")]
    private static partial void LogRound(ILogger logger, int probed, int reachable, int deleted);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Receiver {ReceiverId} '{ReceiverName}' is unreachable: {Detail}")]
    private static partial void LogUnreachable(ILogger logger, int receiverId, string receiverName, string detail);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Receiver health: another replica is probing; this one waits for the next round")]
    private static partial void LogLockHeld(ILogger logger);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Receiver health round failed, tried again next round: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason, Exception exception);
}

/// <summary>
/// What a round did: whether this replica took the lock, the probes it recorded (by receiver), and how many old probes it deleted.
/// </summary>
public sealed record ProbeRound(bool LockTaken, IReadOnlyList<(int ReceiverId, ReceiverHealth Health)> Probed, int Deleted);
