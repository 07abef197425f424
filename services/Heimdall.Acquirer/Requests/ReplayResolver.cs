using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Receivers;
using Heimdall.Receivers.Replay;

namespace Heimdall.Acquirer.Requests;

/// <summary>
/// Turns a replay request (<see cref="AcquisitionRequested.ReplayOfAcquisitionId"/>) into an ordinary one: the original
/// acquisition's frequency and duration, and one receiver per stored recording, each the original receiver (name,
/// position, calibration, timeout, retries) as kind <c>file</c> replaying <c>{receiverId}.sigmf-meta</c> of the
/// original at full speed. Its nominal rate is the stored sample count over the duration, so the plan asks for exactly
/// the samples stored; the capture carries the recording's own rate. The request validator then checks it like any other.
/// </summary>
public sealed class ReplayResolver(AcquisitionRecordings recordings, ReceiverDirectory directory)
{
    public const string ReplaySettings = """{"speed": "full"}""";

    public async Task<ReplayResolution> ResolveAsync(AcquisitionRequested request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var originalId = request.ReplayOfAcquisitionId ?? throw new ArgumentException("not a replay request", nameof(request));
        var original = await recordings.FindAsync(originalId, cancellationToken);
        if (original is null)
        {
            return Rejected(request, $"replayOfAcquisitionId: acquisition {originalId} is unknown.");
        }

        var reasons = new List<string>();
        if (original.Recordings.Count == 0)
        {
            reasons.Add($"replayOfAcquisitionId: acquisition {originalId} ({original.Status}) has no stored recording to replay.");
        }

        if (request.FrequencyHz != 0 && request.FrequencyHz != original.FrequencyHz)
        {
            reasons.Add(Format($"frequencyHz {request.FrequencyHz} differs from the {original.FrequencyHz} Hz of the replayed acquisition {originalId}: leave it out (or 0) to use it."));
        }

        if (request.DurationSeconds != 0 && request.DurationSeconds != original.DurationSeconds)
        {
            reasons.Add(Format($"durationSeconds {request.DurationSeconds} differs from the {original.DurationSeconds} s of the replayed acquisition {originalId}: leave it out (or 0) to use it."));
        }

        if (request.SampleRateHz is not null)
        {
            reasons.Add("sampleRateHz must be absent in a replay: each recording is replayed at the rate it was taken at.");
        }

        var known = (await directory.LoadAsync(cancellationToken)).ToDictionary(r => r.ReceiverId);
        var receivers = new List<Receiver>();
        foreach (var recording in original.Recordings)
        {
            if (!known.TryGetValue(recording.ReceiverId, out var receiver))
            {
                reasons.Add($"replayOfAcquisitionId: receiver {recording.ReceiverId} of acquisition {originalId} is no longer in the receivers table.");
                continue;
            }

            receivers.Add(receiver with
            {
                Kind = SigMfReplayDriver.KindName,
                Url = MetaUriOf(recording.IqUri),
                Settings = ReplaySettings,
                SampleRateHz = recording.SampleCount / original.DurationSeconds,
                MinFrequencyHz = original.FrequencyHz,
                MaxFrequencyHz = original.FrequencyHz,
                Bands = [],
                Enabled = true,
                CoolDown = null,
            });
        }

        var replayed = request with { FrequencyHz = original.FrequencyHz, DurationSeconds = original.DurationSeconds };
        return new ReplayResolution(replayed, receivers, reasons);
    }

    /// <summary>The <c>.sigmf-meta</c> beside a stored <c>.sigmf-data</c>.</summary>
    public static string MetaUriOf(string iqUri) =>
        iqUri.EndsWith(ReplayLocation.DataExtension, StringComparison.Ordinal) ? iqUri[..^ReplayLocation.DataExtension.Length] + ReplayLocation.MetaExtension : iqUri;

    private static ReplayResolution Rejected(AcquisitionRequested request, string reason) => new(request, [], [reason]);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The replay as an ordinary request with its receivers, or the reasons it cannot be replayed.</summary>
public sealed record ReplayResolution(AcquisitionRequested Request, IReadOnlyList<Receiver> Receivers, IReadOnlyList<string> Reasons);
