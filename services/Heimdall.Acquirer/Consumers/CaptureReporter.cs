using System.Security.Cryptography;
using Heimdall.Data.Acquisitions;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Acquisitions;
using Heimdall.Domain.Receivers;
using Heimdall.Messaging;
using MassTransit;
using MassTransit.MessageData.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Publishes each receiver's outcome as soon as <see cref="CaptureCoordinator"/> has it (an <c>IqCaptured</c>, with its
/// claim check written as it is sent when the IQ is large, or a <c>ReceiverCaptureFailed</c>), through the consumer's
/// context, and records it as reported so that a resumed capture leaves that receiver out. The captured samples cannot
/// be had again, so while the object store (for a claim check) or the broker is away they are held in memory
/// (<c>Acquirer:HoldCaptureSeconds</c>, <see cref="OutagePolicy.WaitOutAsync"/>) instead of the receiver being
/// reported failed; beyond that the outage surfaces and the request goes back on its queue like any other.
/// </summary>
public sealed partial class CaptureReporter(
    CaptureCoordinator coordinator,
    AcquisitionClaims claims,
    ReceiverCoolDowns coolDowns,
    OutagePolicy outages,
    IOptions<AcquirerOptions> options,
    ILogger<CaptureReporter> logger)
{
    public async Task CaptureAndReportAsync(ConsumeContext context, AcquisitionPlan plan)
    {
        var ct = context.CancellationToken;
        var hold = TimeSpan.FromSeconds(options.Value.HoldCaptureSeconds);
        await foreach (var outcome in coordinator.CaptureAllAsync(plan, ct))
        {
            switch (outcome)
            {
                case CaptureSucceeded captured:
                    var bytes = captured.Capture.Iq;
                    var sha512 = Convert.ToHexStringLower(SHA512.HashData(bytes));
                    await outages.WaitOutAsync($"the capture of {captured.Receiver}", hold,
                        () => context.Publish(CaptureMessages.Captured(plan, captured, new BytesInlineMessageData(bytes), sha512), ct), ct);
                    await RecordReportedAsync(plan, captured.Receiver, CaptureOutcomes.Captured, sha512, ct);
                    break;
                case CaptureFailed failed:
                    if (failed.CoolDown is { } coolDown)
                    {
                        await coolDowns.RecordAsync(failed.Receiver.ReceiverId, DateTimeOffset.UtcNow + coolDown, failed.Reason, ct);
                    }

                    await outages.WaitOutAsync($"the failure of {failed.Receiver}", hold, () => context.Publish(CaptureMessages.Failed(plan, failed), ct), ct);
                    await RecordReportedAsync(plan, failed.Receiver, CaptureOutcomes.Failed, null, ct);
                    break;
            }
        }
    }

    /// <summary>
    /// Best effort, and deliberately so: the outcome is published already, and failing here would throw away the
    /// samples of the receivers still being captured. With the database away the record is lost, and a resumed capture
    /// may capture this receiver again (the IqArchiver keeps the recording that came first).
    /// </summary>
    private async Task RecordReportedAsync(AcquisitionPlan plan, Receiver receiver, string outcome, string? sha512, CancellationToken ct)
    {
        try
        {
            await claims.RecordReportedAsync(plan.AcquisitionId, receiver.ReceiverId, outcome, sha512, ct);
        }
        catch (Exception ex) when (outages.IsOutage(ex))
        {
            LogNotRecorded(logger, plan.AcquisitionId, receiver.ReceiverId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Acquisition {AcquisitionId}: the outcome of receiver {ReceiverId} was published but could not be recorded ({Reason}); a resumed capture would capture it again")]
    private static partial void LogNotRecorded(ILogger logger, Guid acquisitionId, int receiverId, string reason);
}
