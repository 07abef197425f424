using System.ComponentModel.DataAnnotations;

namespace Heimdall.IqArchiver;

/// <summary>Section <c>IqArchiver</c>.</summary>
public sealed class IqArchiverOptions
{
    public const string Section = "IqArchiver";

    /// <summary>Captures archived at once (each holds its IQ in memory).</summary>
    [Range(1, 64, ErrorMessage = "IqArchiver:ConcurrentMessageLimit must be between 1 and 64.")]
    public int ConcurrentMessageLimit { get; set; } = 4;

    /// <summary>Also write <c>{receiverId}.npy</c> (complex64) beside each recording, for numpy users.</summary>
    public bool WriteNpy { get; set; }

    /// <summary>Remove a claim-check object once its capture is archived.</summary>
    public bool DeleteClaimChecks { get; set; } = true;

    /// <summary><c>core:recorder</c> of the recordings.</summary>
    [Required(ErrorMessage = "IqArchiver:Recorder is required.")]
    public string Recorder { get; set; } = "Heimdall IqArchiver";
}
