using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Heimdall.Messaging;
using Heimdall.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The broker policy that deploy/rabbitmq/heimdall-policies.sh sets (what the local stack, compose and the Kubernetes
/// instructions run), on the real RabbitMQ, in a fresh vhost where Heimdall's bus already runs (an existing deployment):
/// the script's declarations agree with MassTransit's own (it runs after MassTransit declared one _error queue, and
/// MassTransit declares another after it), the policy takes effect on the existing quorum queues in place, and a message
/// returned to its queue past the delivery limit ends in that queue's _error queue, with the reason, instead of going
/// round for ever or being dropped.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DeliveryLimitTests
{
    /// <summary>What the script sets when HEIMDALL_DELIVERY_LIMIT is not given.</summary>
    private const int DeliveryLimit = 20;

    private TestEndpoints _endpoints = null!;
    private RabbitMqManagement _management = null!;
    private string _vhost = null!;

    [OneTimeSetUp]
    public async Task CreateVhost()
    {
        _endpoints = await TestEndpoints.GetAsync();
        _management = new RabbitMqManagement(_endpoints);
        _vhost = "heimdall-test-" + Guid.NewGuid().ToString("N")[..10];
        await _management.CreateVhostAsync(_vhost);
    }

    [OneTimeTearDown]
    public async Task DeleteVhost()
    {
        await _management.DeleteVhostAsync(_vhost);
        _management.Dispose();
    }

    [Test]
    public async Task A_message_returned_past_the_delivery_limit_Should_end_in_its_error_queue_with_the_reason()
    {
        using (var host = BusHost())
        {
            await host.StartAsync();
            var bus = host.Services.GetRequiredService<IBus>();

            // MassTransit declares receiver-capture-failed_error before the policy script runs ...
            await bus.Publish(new RefusedOnFailures { Id = Guid.NewGuid() });
            await MessagesAsync("receiver-capture-failed_error", 1);
            var (exit, output) = await ApplyPoliciesAsync();
            Assert.That(exit, Is.Zero, output);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(6), output);

            // ... and iq-archived_error after it: either order declares the same queue.
            await bus.Publish(new RefusedOnArchived { Id = Guid.NewGuid() });
            await MessagesAsync("iq-archived_error", 1);
            await host.StopAsync();
        }

        var queue = await _management.QueueAsync(_vhost, "iq-archived");
        Assert.Multiple(() =>
        {
            Assert.That(queue["type"]?.GetValue<string>(), Is.EqualTo("quorum"));
            Assert.That(queue["policy"]?.GetValue<string>(), Is.EqualTo("heimdall-iq-archived"), "the policy applies to the queue MassTransit declared before it");
            Assert.That(queue["effective_policy_definition"]?["delivery-limit"]?.GetValue<int>(), Is.EqualTo(DeliveryLimit));
            Assert.That(queue["effective_policy_definition"]?["dead-letter-exchange"]?.GetValue<string>(), Is.EqualTo("iq-archived_error"));
        });

        // A consumer that never acknowledges it: every delivery of the message is returned to the queue.
        var factory = new ConnectionFactory
        {
            HostName = _endpoints.RabbitMq.Host,
            Port = _endpoints.RabbitMq.Port,
            UserName = _endpoints.RabbitUser,
            Password = _endpoints.RabbitPassword,
            VirtualHost = _vhost,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var body = Encoding.UTF8.GetBytes($$"""{"poison":"{{Guid.NewGuid()}}"}""");
        await channel.BasicPublishAsync("", "iq-archived", mandatory: true, new BasicProperties { Persistent = true, ContentType = "application/json" }, body);

        var deliveryCounts = new List<long>();
        var deadline = Stopwatch.StartNew();
        while ((await channel.QueueDeclarePassiveAsync("iq-archived_error")).MessageCount < 2)
        {
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), $"the message is still going round after {deliveryCounts.Count} deliveries");
            if (await channel.BasicGetAsync("iq-archived", autoAck: false) is { } delivery)
            {
                Assert.That(delivery.Body.ToArray(), Is.EqualTo(body));
                deliveryCounts.Add(delivery.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var count) == true ? Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) : 0);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
            else
            {
                await Task.Delay(20);
            }
        }

        // Delivered once and returned DeliveryLimit times: the return beyond the limit dead-letters it.
        Assert.That(deliveryCounts, Is.EqualTo(Enumerable.Range(0, DeliveryLimit + 1).Select(i => (long)i)), "x-delivery-count of each delivery");
        Assert.That((await channel.QueueDeclarePassiveAsync("iq-archived")).MessageCount, Is.Zero);
        var dead = new List<BasicGetResult>();
        while (await channel.BasicGetAsync("iq-archived_error", autoAck: true) is { } message)
        {
            dead.Add(message);
        }

        var dealtWith = dead.Single(m => m.Body.ToArray().SequenceEqual(body));
        var headers = dealtWith.BasicProperties.Headers!;
        var death = (IDictionary<string, object?>)((IList<object?>)headers["x-death"]!)[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(Text(headers["x-first-death-reason"]), Is.EqualTo("delivery_limit"));
            Assert.That(Text(headers["x-first-death-queue"]), Is.EqualTo("iq-archived"));
            Assert.That(Text(death["reason"]), Is.EqualTo("delivery_limit"));
            Assert.That(Text(death["queue"]), Is.EqualTo("iq-archived"));
            Assert.That(dead, Has.Count.EqualTo(2), "the message MassTransit moved there, and the dead letter");
        });
    }

    private static string Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "";

    private IHost BusHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = _endpoints.RabbitMq.Host,
            ["RabbitMq:Port"] = _endpoints.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = _vhost,
            ["RabbitMq:Username"] = _endpoints.RabbitUser,
            ["RabbitMq:Password"] = _endpoints.RabbitPassword,
        });
        builder.AddHeimdallBus(x =>
        {
            x.AddConsumer<RefusingConsumer<RefusedOnArchived>, RefusingConsumerDefinition<RefusedOnArchived>>();
            x.AddConsumer<RefusingConsumer<RefusedOnFailures>, RefusingConsumerDefinition<RefusedOnFailures>>();
        });
        return builder.Build();
    }

    private async Task<(int Exit, string Output)> ApplyPoliciesAsync()
    {
        var management = new UriBuilder(_endpoints.RabbitMqManagement) { UserName = Uri.EscapeDataString(_endpoints.RabbitUser), Password = Uri.EscapeDataString(_endpoints.RabbitPassword), Path = "" };
        var start = new ProcessStartInfo("sh", [Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "heimdall-policies.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HEIMDALL_RABBITMQ_MANAGEMENT_URL"] = management.Uri.ToString();
        start.Environment["HEIMDALL_RABBITMQ_VHOST"] = _vhost;
        using var script = Process.Start(start)!;
        var output = await script.StandardOutput.ReadToEndAsync();
        var errors = await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        return (script.ExitCode, output + errors);
    }

    private async Task MessagesAsync(string queue, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var depths = await _management.QueueDepthsAsync(_vhost);
            if (depths.TryGetValue(queue, out var count) && count >= expected)
            {
                Assert.That(count, Is.EqualTo(expected), queue);
                return;
            }

            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), $"{queue} never held {expected} message(s)");
            await Task.Delay(250);
        }
    }

    public sealed record RefusedOnArchived
    {
        public required Guid Id { get; init; }
    }

    public sealed record RefusedOnFailures
    {
        public required Guid Id { get; init; }
    }

    /// <summary>Refuses every message for good: MassTransit moves it to the endpoint's _error queue.</summary>
    public sealed class RefusingConsumer<T> : IConsumer<T>
        where T : class
    {
        public Task Consume(ConsumeContext<T> context) => throw new InvalidMessageException($"{typeof(T).Name} is refused by the test.");
    }

    /// <summary>Pins the endpoint to one of Heimdall's queues: iq-archived or receiver-capture-failed.</summary>
    public sealed class RefusingConsumerDefinition<T>() : BoundedConsumerDefinition<RefusingConsumer<T>>(
        typeof(T) == typeof(RefusedOnArchived) ? "iq-archived" : "receiver-capture-failed", concurrency: 1, prefetch: 2)
        where T : class;
}
