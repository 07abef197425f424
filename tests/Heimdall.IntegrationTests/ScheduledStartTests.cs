using System.Globalization;
using Heimdall.Testing;

namespace Heimdall.IntegrationTests;

/// <summary>
/// issue 17, finding 1: a start ahead must not hold its request unacknowledged past the broker's <c>consumer_timeout</c>.
/// The local broker (RabbitMQ 3.10) knows only the global setting, so it is lowered to 60 s for this fixture (the
/// services' channels are opened after it) and put back as it was afterwards. A start 150 s ahead is more than twice
/// that: held unacknowledged, the delivery would be taken back by the broker (it checks about once a minute), and the
/// request delivered again.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class When_a_start_ahead_is_longer_than_the_brokers_consumer_timeout
{
    private const int ConsumerTimeoutMs = 60_000;
    private PipelineProcesses _pipeline = null!;
    private string _consumerTimeoutBefore = null!;

    [OneTimeSetUp]
    public async Task LowerTheTimeoutThenStartServices()
    {
        _consumerTimeoutBefore = await RabbitMqCtl.EvalAsync("application:get_env(rabbit, consumer_timeout).");
        await RabbitMqCtl.EvalAsync($"application:set_env(rabbit, consumer_timeout, {ConsumerTimeoutMs}).");
        try
        {
            // The Acquirer holds a scheduled request at most Acquirer:ScheduleLeadSeconds before its start: less than the timeout.
            _pipeline = await PipelineProcesses.StartAsync(["AcquisitionCompleted", "AcquisitionStarted", "IqArchived"],
                configure: (service, settings) =>
                {
                    settings["Acquirer:ScheduleLeadSeconds"] = "20";
                    settings["Acquirer:SchedulePollSeconds"] = "1";
                });
        }
        catch
        {
            await RestoreAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServicesThenRestore()
    {
        try
        {
            await _pipeline.DisposeAsync();
        }
        finally
        {
            await RestoreAsync();
        }
    }

    [TearDown]
    public void ShowServiceOutputOnFailure() => _pipeline.WriteOutputsIfTestFailed();

    private async Task RestoreAsync()
    {
        // {ok,1800000} as it was; undefined when the broker had no setting of its own.
        var before = _consumerTimeoutBefore.Trim();
        await RabbitMqCtl.EvalAsync(before.StartsWith("{ok,", StringComparison.Ordinal)
            ? $"application:set_env(rabbit, consumer_timeout, {before[4..^1]})."
            : "application:unset_env(rabbit, consumer_timeout).");
    }

    [Test]
    public async Task A_start_150_s_ahead_Should_be_captured_at_the_requested_instant_and_complete()
    {
        var id = Guid.NewGuid();
        var startAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(150).ToUnixTimeMilliseconds());
        var start = startAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await _pipeline.PublishRequestAsync(
            $$"""{"acquisitionId":"{{id}}","frequencyHz":145500000,"durationSeconds":0.5,"receiverIds":[1,2],"startAtUtc":"{{start}}"}""");

        var completed = await _pipeline.CompletedAsync(id, TimeSpan.FromSeconds(300));
        var archived = (await _pipeline.SeenAsync("IqArchived")).Where(m => m.Get<string>("acquisitionId") == id.ToString()).ToList();
        var started = (await _pipeline.SeenAsync("AcquisitionStarted")).Where(m => m.Get<string>("acquisitionId") == id.ToString()).ToList();
        var capturedAt = await _pipeline.Stack.Database.ScalarAsync<string>(
            $"select string_agg(to_char(captured_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), ',' order by receiver_id) from measurements where acquisition_id = '{id}'");
        Assert.Multiple(() =>
        {
            Assert.That((completed.Get<string>("status"), completed.Get<int>("receiversStored")), Is.EqualTo(("completed", 2)));

            // The simulated receivers start exactly at the start asked for, when they are asked before it.
            Assert.That(archived.Select(m => DateTimeOffset.Parse(m.Get<string>("captureStartUtc"), CultureInfo.InvariantCulture)).Distinct(), Is.EqualTo(new[] { startAt.ToUniversalTime() }),
                "every capture starts at the requested instant, none early");
            Assert.That(capturedAt, Is.EqualTo($"{start},{start}"));
            Assert.That(started.Select(m => DateTimeOffset.Parse(m.Get<string>("startAtUtc"), CultureInfo.InvariantCulture)).Distinct(), Is.EqualTo(new[] { startAt.ToUniversalTime() }),
                "AcquisitionStarted never announces another start");
        });
    }
}
