using Dapper;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Npgsql;

namespace Heimdall.Data.Receivers;

/// <summary><c>receiver_health</c>: one row per probe of a receiver, and the uptime they add up to.</summary>
public sealed class ReceiverHealthLog(NpgsqlDataSource dataSource, DatabaseRetry retry)
{
    public Task RecordAsync(int receiverId, ReceiverHealth probe, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into receiver_health (receiver_id, probed_at, reachable, latency_ms, users, users_max, gnss, version, detail)
                values (@receiverId, @ProbedAt, @Reachable, @LatencyMs, @Users, @UsersMax, @Gnss, @Version, @Detail)
                on conflict do nothing
                """, new { receiverId, ProbedAt = probe.ProbedAt.UtcDateTime, probe.Reachable, probe.LatencyMs, probe.Users, probe.UsersMax, probe.Gnss, probe.Version, probe.Detail },
                cancellationToken: ct));
        }, cancellationToken).AsTask();

    /// <summary>When each receiver was last probed (receivers never probed are absent).</summary>
    public Task<IReadOnlyDictionary<int, DateTimeOffset>> LastProbedAsync(CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<(int ReceiverId, DateTime ProbedAt)>(new CommandDefinition(
                "select receiver_id, max(probed_at) from receiver_health group by receiver_id", cancellationToken: ct));
            return (IReadOnlyDictionary<int, DateTimeOffset>)rows.ToDictionary(r => r.ReceiverId, r => new DateTimeOffset(DateTime.SpecifyKind(r.ProbedAt, DateTimeKind.Utc)));
        }, cancellationToken).AsTask();

    /// <summary>
    /// Per receiver, the share of probes in the last <paramref name="window"/> that reached it (null without probes), and
    /// the latest probe.
    /// </summary>
    public Task<IReadOnlyList<ReceiverUptime>> UptimeAsync(TimeSpan window, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ReceiverUptime>(new CommandDefinition("""
                select r.receiver_id as ReceiverId,
                       (avg(case when h.reachable then 1.0 else 0.0 end) filter (where h.receiver_id is not null))::double precision as Uptime,
                       count(h.receiver_id)::int as Probes
                from receivers r
                left join receiver_health h on h.receiver_id = r.receiver_id and h.probed_at > now() - @window
                group by r.receiver_id
                order by r.receiver_id
                """, new { window }, cancellationToken: ct));
            return (IReadOnlyList<ReceiverUptime>)rows.ToList();
        }, cancellationToken).AsTask();

    /// <summary>
    /// Takes the probing lock (<see cref="ReceiverProbeLock"/>) for one round, or null when another replica holds it.
    /// </summary>
    public Task<ReceiverProbeLock?> TryLockProbingAsync(CancellationToken cancellationToken) =>
        retry.ExecuteAsync(ct => new ValueTask<ReceiverProbeLock?>(ReceiverProbeLock.TryTakeAsync(dataSource, ct)), cancellationToken).AsTask();

    /// <summary>
    /// Per receiver (every row of <c>receivers</c>): the share of probes that reached it over the last 24 hours and the
    /// last 7 days (null without probes in the window) with their counts, and its latest probe (null fields: never
    /// probed). What an operator's <c>receivers list</c> shows.
    /// </summary>
    public Task<IReadOnlyList<ReceiverHealthSummary>> SummaryAsync(CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition("""
                select r.receiver_id as ReceiverId,
                       (avg(case when h.reachable then 1.0 else 0.0 end) filter (where h.probed_at > now() - interval '24 hours'))::double precision as Uptime24h,
                       (count(*) filter (where h.probed_at > now() - interval '24 hours'))::int as Probes24h,
                       (avg(case when h.reachable then 1.0 else 0.0 end) filter (where h.receiver_id is not null))::double precision as Uptime7d,
                       count(h.receiver_id)::int as Probes7d,
                       last.probed_at as LastProbedAt, last.reachable as LastReachable, last.latency_ms as LastLatencyMs,
                       last.users as LastUsers, last.users_max as LastUsersMax, last.gnss as LastGnss, last.version as LastVersion,
                       last.detail as LastDetail
                from receivers r
                left join receiver_health h on h.receiver_id = r.receiver_id and h.probed_at > now() - interval '7 days'
                left join lateral (
                    select * from receiver_health l where l.receiver_id = r.receiver_id order by l.probed_at desc limit 1
                ) last on true
                group by r.receiver_id, last.probed_at, last.reachable, last.latency_ms, last.users, last.users_max, last.gnss, last.version, last.detail
                order by r.receiver_id
                """, cancellationToken: ct));
            return (IReadOnlyList<ReceiverHealthSummary>)rows.Select(r => r.ToSummary()).ToList();
        }, cancellationToken).AsTask();

    private sealed record SummaryRow(
        int ReceiverId, double? Uptime24h, int Probes24h, double? Uptime7d, int Probes7d, DateTime? LastProbedAt, bool? LastReachable,
        double? LastLatencyMs, int? LastUsers, int? LastUsersMax, string? LastGnss, string? LastVersion, string? LastDetail)
    {
        public ReceiverHealthSummary ToSummary() => new(
            ReceiverId, Uptime24h, Probes24h, Uptime7d, Probes7d,
            LastProbedAt is { } at
                ? new ReceiverHealth
                {
                    ProbedAt = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), Reachable = LastReachable ?? false, LatencyMs = LastLatencyMs,
                    Users = LastUsers, UsersMax = LastUsersMax, Gnss = LastGnss, Version = LastVersion, Detail = LastDetail ?? "",
                }
                : null);
    }

    /// <summary>A receiver's probes after <paramref name="from"/> up to <paramref name="to"/>, oldest first.</summary>
    public Task<IReadOnlyList<ReceiverHealth>> HistoryAsync(int receiverId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition("""
                select probed_at as ProbedAt, reachable as Reachable, latency_ms as LatencyMs, users as Users, users_max as UsersMax,
                       gnss as Gnss, version as Version, detail as Detail
                from receiver_health
                where receiver_id = @receiverId and probed_at > @from and probed_at <= @to
                order by probed_at
                """, new { receiverId, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
            return (IReadOnlyList<ReceiverHealth>)rows.Select(r => new ReceiverHealth
            {
                ProbedAt = new DateTimeOffset(DateTime.SpecifyKind(r.ProbedAt, DateTimeKind.Utc)), Reachable = r.Reachable, LatencyMs = r.LatencyMs,
                Users = r.Users, UsersMax = r.UsersMax, Gnss = r.Gnss, Version = r.Version, Detail = r.Detail ?? "",
            }).ToList();
        }, cancellationToken).AsTask();

    private sealed record HistoryRow(DateTime ProbedAt, bool Reachable, double? LatencyMs, int? Users, int? UsersMax, string? Gnss, string? Version, string? Detail);

    /// <summary>Deletes probes older than <paramref name="age"/>; the number deleted.</summary>
    public Task<int> DeleteOlderThanAsync(TimeSpan age, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition(
                "delete from receiver_health where probed_at < now() - @age", new { age }, cancellationToken: ct));
        }, cancellationToken).AsTask();
}

/// <summary>Share of probes that reached a receiver in a window (null without probes in it).</summary>
public sealed record ReceiverUptime(int ReceiverId, double? Uptime, int Probes);

/// <summary>
/// A receiver's health as <see cref="ReceiverHealthLog.SummaryAsync"/> reports it: uptime (share of probes that reached
/// it, 0…1) over 24 hours and 7 days with the number of probes behind each (null uptime: no probe in the window), and its
/// latest probe (null: never probed).
/// </summary>
public sealed record ReceiverHealthSummary(int ReceiverId, double? Uptime24h, int Probes24h, double? Uptime7d, int Probes7d, ReceiverHealth? Latest);
