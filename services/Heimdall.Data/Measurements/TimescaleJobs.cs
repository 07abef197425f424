using Dapper;
using Npgsql;

namespace Heimdall.Data.Measurements;

/// <summary>
/// The TimescaleDB background jobs of this database (compression, retention, continuous-aggregate refresh, and
/// TimescaleDB's own) and how their last run went, from <c>timescaledb_information.jobs</c> and <c>job_stats</c>, which any
/// role may read. Empty on plain PostgreSQL.
/// </summary>
public sealed class TimescaleJobs(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<TimescaleJobState>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from pg_extension where extname = 'timescaledb')", cancellationToken: cancellationToken)))
        {
            return [];
        }

        var rows = await connection.QueryAsync<TimescaleJobState>(new CommandDefinition("""
            select j.job_id as JobId, j.application_name as Name, j.proc_name as Procedure, j.hypertable_name as Hypertable,
                   j.scheduled as Scheduled, s.last_run_status as LastRunStatus, s.last_run_started_at as LastRunStartedAt,
                   s.last_successful_finish as LastSuccessfulFinish, coalesce(s.total_runs, 0) as TotalRuns,
                   coalesce(s.total_failures, 0) as TotalFailures
            from timescaledb_information.jobs j
            left join timescaledb_information.job_stats s on s.job_id = j.job_id
            order by j.job_id
            """, cancellationToken: cancellationToken));
        return [.. rows];
    }
}

/// <summary>One TimescaleDB job: its name as TimescaleDB gives it (e.g. <c>Compression Policy [1002]</c>) and its last run.</summary>
public sealed record TimescaleJobState
{
    public required int JobId { get; init; }
    public required string Name { get; init; }
    public required string Procedure { get; init; }
    public string? Hypertable { get; init; }
    public bool Scheduled { get; init; }

    /// <summary><c>Success</c>, <c>Failed</c>, or null before its first run.</summary>
    public string? LastRunStatus { get; init; }

    public DateTime? LastRunStartedAt { get; init; }
    public DateTime? LastSuccessfulFinish { get; init; }
    public long TotalRuns { get; init; }
    public long TotalFailures { get; init; }

    public bool Failing => string.Equals(LastRunStatus, "Failed", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"job {JobId} '{Name}' ({Procedure}{(Hypertable is null ? "" : " on " + Hypertable)})";
}
