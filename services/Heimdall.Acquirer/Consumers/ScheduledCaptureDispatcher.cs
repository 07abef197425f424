using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Data.Acquisitions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heimdall.Acquirer.Consumers;

/// <summary>
/// Sends each scheduled request (<c>acquisition_claims.scheduled_request</c>, written by
/// <see cref="AcquisitionRequestedConsumer"/> for a start further ahead than Acquirer:ScheduleLeadSeconds) back to the
/// <c>acquisition-requested</c> queue when its start is that near, every Acquirer:SchedulePollSeconds. The consumer then
/// captures it at its start, or, when the start has passed (the Acquirer was down), reports its receivers not captured.
/// State lives in PostgreSQL, so a restart loses nothing; with several replicas a request may be sent twice, and the
/// consumer's claim makes the second a duplicate.
/// </summary>
public sealed partial class ScheduledCaptureDispatcher(
    AcquisitionClaims claims,
    IBus bus,
    IOptions<AcquirerOptions> options,
    TimeProvider clock,
    ILogger<ScheduledCaptureDispatcher> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    /// <summary>
    /// The exchange in front of the queue of <see cref="AcquisitionRequestedConsumerDefinition"/> (MassTransit binds one of
    /// the queue's name to it): sending there reaches that queue alone, and declares no queue (a send to
    /// <c>queue:…</c> would declare it again without its quorum type, which RabbitMQ refuses).
    /// </summary>
    public static readonly Uri Queue = new("exchange:acquisition-requested");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(AcquisitionRequested request) => JsonSerializer.Serialize(request, Json);

    public static AcquisitionRequested Deserialize(string json) =>
        JsonSerializer.Deserialize<AcquisitionRequested>(json, Json) ?? throw new JsonException("A scheduled request is null.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(options.Value.SchedulePollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the broker is away: the next round tries again (a start missed meanwhile is reported so).
                LogRoundFailed(logger, ex.Message, ex);
            }

            await Task.Delay(pause, clock, stoppingToken);
        }
    }

    /// <summary>Sends back every scheduled request whose start is within the lead; how many.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var startBy = clock.GetUtcNow() + TimeSpan.FromSeconds(options.Value.ScheduleLeadSeconds);
        var due = await claims.DueAsync(startBy, 100, cancellationToken);
        var endpoint = due.Count > 0 ? await bus.GetSendEndpoint(Queue) : null;
        foreach (var scheduled in due)
        {
            await endpoint!.Send(Deserialize(scheduled.RequestJson), cancellationToken);
            await claims.MarkDispatchedAsync(scheduled.AcquisitionId, cancellationToken);
            LogDispatched(logger, scheduled.AcquisitionId, new DateTimeOffset(DateTime.SpecifyKind(scheduled.StartAt, DateTimeKind.Utc)));
        }

        return due.Count;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Scheduled acquisition {AcquisitionId} sent back for its capture at {StartAtUtc:O}")]
    private static partial void LogDispatched(ILogger logger, Guid acquisitionId, DateTimeOffset startAtUtc);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Scheduled captures could not be dispatched this round: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason, Exception exception);
}
