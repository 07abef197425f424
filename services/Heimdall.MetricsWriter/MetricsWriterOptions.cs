using System.ComponentModel.DataAnnotations;
using Heimdall.Persistence.Migrations;

namespace Heimdall.MetricsWriter;

/// <summary>Section <c>MetricsWriter</c>.</summary>
public sealed class MetricsWriterOptions
{
    public const string Section = "MetricsWriter";

    /// <summary>Most <c>IqArchived</c> messages written in one COPY.</summary>
    [Range(1, 5000, ErrorMessage = "MetricsWriter:BatchMessageLimit must be between 1 and 5000.")]
    public int BatchMessageLimit { get; set; } = 100;

    /// <summary>How long a batch waits to fill before it is written anyway.</summary>
    [Range(1, 60_000, ErrorMessage = "MetricsWriter:BatchTimeLimitMs must be between 1 and 60000.")]
    public int BatchTimeLimitMs { get; set; } = 100;

    /// <summary>Batches written at once.</summary>
    [Range(1, 64, ErrorMessage = "MetricsWriter:BatchConcurrency must be between 1 and 64.")]
    public int BatchConcurrency { get; set; } = 2;

    /// <summary>Concurrent <c>ReceiverCaptureFailed</c> messages.</summary>
    [Range(1, 256, ErrorMessage = "MetricsWriter:FailureConcurrency must be between 1 and 256.")]
    public int FailureConcurrency { get; set; } = 8;

    /// <summary>Apply <c>db/migrations</c> when the service starts (the <c>migrate</c> command does it alone).</summary>
    public bool ApplyMigrationsAtStart { get; set; } = true;

    /// <summary>Folder of the numbered .sql files; relative paths are resolved against the binary's folder.</summary>
    [Required(ErrorMessage = "MetricsWriter:MigrationsPath is required.")]
    public string MigrationsPath { get; set; } = "migrations";

    /// <summary>Measurements older than this are deleted (a TimescaleDB retention policy where available).</summary>
    [Range(1, 36_500, ErrorMessage = "MetricsWriter:RetentionDays must be between 1 and 36500.")]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Plain PostgreSQL: how often retention runs and the daily view is refreshed.</summary>
    [Range(1, 10_080, ErrorMessage = "MetricsWriter:MaintenanceIntervalMinutes must be between 1 and 10080.")]
    public int MaintenanceIntervalMinutes { get; set; } = 60;

    /// <summary>
    /// <c>MetricsWriter:TimescaleDb</c>: <c>Auto</c> uses TimescaleDB where it is installed or installable and preloaded;
    /// <c>Off</c> keeps plain PostgreSQL tables; <c>Required</c> refuses to run without it.
    /// </summary>
    [EnumDataType(typeof(TimescaleMode), ErrorMessage = "MetricsWriter:TimescaleDb must be Auto, Off or Required.")]
    public TimescaleMode TimescaleDb { get; set; } = TimescaleMode.Auto;

    /// <summary>
    /// <c>MetricsWriter:ServiceRole</c>: the PostgreSQL role the services connect as; every migration run (as the schema
    /// owner) grants it row access and nothing more. Empty: no grants (the services connect as the owner).
    /// </summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "MetricsWriter:ServiceRole must be a plain PostgreSQL role name (lower-case letters, digits, underscores).")]
    public string? ServiceRole { get; set; }

    /// <summary><c>MetricsWriter:JobCheckIntervalSeconds</c>: how often the TimescaleDB jobs' last runs are read.</summary>
    [Range(5, 3_600, ErrorMessage = "MetricsWriter:JobCheckIntervalSeconds must be between 5 and 3600.")]
    public int JobCheckIntervalSeconds { get; set; } = 60;

    /// <summary><c>MetricsWriter:DeadlineCheckIntervalSeconds</c>: how often acquisitions past their deadline are completed.</summary>
    [Range(1, 3_600, ErrorMessage = "MetricsWriter:DeadlineCheckIntervalSeconds must be between 1 and 3600.")]
    public int DeadlineCheckIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// <c>MetricsWriter:CompletionGraceSeconds</c>: added to the instant every receiver's outcome is due
    /// (<c>AcquisitionStarted.outcomesDueAtUtc</c>: start, duration, timeouts and retries) to give the acquisition's
    /// deadline, after which it is completed without its missing receivers. Longer than the infrastructure outages to be
    /// waited out, so that an outage never becomes a failure. (Until migration 012 this was <c>Acquirer:CompletionGraceSeconds</c>.)
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "MetricsWriter:CompletionGraceSeconds must be between 0 and 86400.")]
    public double CompletionGraceSeconds { get; set; } = 900;

    /// <summary>
    /// <c>MetricsWriter:DefaultDeadlineMinutes</c>: for acquisitions without a due instant (claimed before migration 010,
    /// or started by a producer older than <c>outcomesDueAtUtc</c>), how long after their start plus duration they are given.
    /// </summary>
    [Range(1, 10_080, ErrorMessage = "MetricsWriter:DefaultDeadlineMinutes must be between 1 and 10080.")]
    public int DefaultDeadlineMinutes { get; set; } = 15;

    public MigrationSettings MigrationSettings => new(TimescaleDb, string.IsNullOrWhiteSpace(ServiceRole) ? null : ServiceRole);

    public string ResolvedMigrationsPath => Path.IsPathRooted(MigrationsPath) ? MigrationsPath : Path.Combine(AppContext.BaseDirectory, MigrationsPath);
}
