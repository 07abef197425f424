using System.ComponentModel.DataAnnotations;

namespace Heimdall.Acquirer.Health;

/// <summary>Section <c>ReceiverHealth</c>: the periodic, polite probe of every enabled receiver (each driver's ProbeAsync).</summary>
public sealed class ReceiverHealthOptions
{
    public const string Section = "ReceiverHealth";

    /// <summary>Probe at all (one replica probes for all: the others find the lock taken).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A receiver is probed at most this often, by whichever replica runs the round.</summary>
    [Range(1, 1440, ErrorMessage = "ReceiverHealth:IntervalMinutes must be between 1 and 1440 (a probe is a real connection to someone's receiver: at most one a minute).")]
    public double IntervalMinutes { get; set; } = 5;

    /// <summary>Longest a single probe may take.</summary>
    [Range(1, 120, ErrorMessage = "ReceiverHealth:ProbeTimeoutSeconds must be between 1 and 120.")]
    public double ProbeTimeoutSeconds { get; set; } = 15;

    /// <summary>Receivers probed at once.</summary>
    [Range(1, 64, ErrorMessage = "ReceiverHealth:ConcurrentProbes must be between 1 and 64.")]
    public int ConcurrentProbes { get; set; } = 4;

    /// <summary>Probes older than this are deleted.</summary>
    [Range(1, 3650, ErrorMessage = "ReceiverHealth:RetentionDays must be between 1 and 3650.")]
    public int RetentionDays { get; set; } = 30;

    /// <summary>The first round waits this long after start (a restart loop does not hammer the receivers).</summary>
    [Range(0, 3600, ErrorMessage = "ReceiverHealth:StartDelaySeconds must be between 0 and 3600.")]
    public double StartDelaySeconds { get; set; } = 30;
}
