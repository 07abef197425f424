using System.Diagnostics;
using Heimdall.Acquirer;
using Heimdall.Contracts;
using Heimdall.IqArchiver;
using Heimdall.MetricsWriter;
using Heimdall.ServiceDefaults;
using Heimdall.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;

namespace Heimdall.IntegrationTests;

/// <summary>
/// The Acquirer's, IqArchiver's and MetricsWriter's consumers on one bus (the test harness) with their real components on
/// PostgreSQL and S3, tracing into an in-memory exporter: one acquisition must be one trace, from the request to the
/// stored rows, with spans that say what they did.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TraceTests
{
    private readonly List<Activity> _spans = [];
    private TestStack _stack = null!;
    private HarnessHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _stack = await TestStack.CreateAsync();
        var settings = _stack.Settings;
        settings["Simulation:RealTime"] = "false";
        settings["MetricsWriter:ApplyMigrationsAtStart"] = "false";
        settings["MetricsWriter:BatchTimeLimitMs"] = "200";
        settings["Simulation:FailingReceiverIds:0"] = "4";
        _host = await HarnessHost.StartAsync(settings, builder =>
        {
            builder.AddAcquirerComponents();
            builder.AddIqArchiverComponents();
            builder.AddMetricsWriterComponents();

            // Two of the three register the same dependencies (S3, PostgreSQL): one health check of each name is enough.
            builder.Services.PostConfigure<HealthCheckServiceOptions>(o =>
            {
                var distinct = o.Registrations.DistinctBy(r => r.Name).ToList();
                o.Registrations.Clear();
                distinct.ForEach(o.Registrations.Add);
            });
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource([.. TelemetrySources.ActivitySources]).AddInMemoryExporter(_spans));
            return builder;
        }, bus =>
        {
            AcquirerRegistration.AddConsumers(bus);
            IqArchiverRegistration.AddConsumers(bus);
            MetricsWriterRegistration.AddConsumers(bus);
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _stack.DisposeAsync();
    }

    private List<Activity> Spans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    private static bool Of(Activity span, Guid acquisitionId) => Equals(span.GetTagItem("heimdall.acquisition_id"), acquisitionId);

    /// <summary>The span's outermost ancestor among the exported spans (the publish that started the trace).</summary>
    private static Activity Root(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        while (span.ParentSpanId != default && byId.TryGetValue(span.ParentSpanId, out var parent))
        {
            span = parent;
        }

        return span;
    }

    [Test]
    public async Task When_two_acquisitions_run_through_the_three_services_at_once_Should_make_one_trace_each_with_spans_that_say_what_they_did()
    {
        var complete = Guid.NewGuid();
        var partial = Guid.NewGuid();
        await Task.WhenAll(
            _host.Harness.Bus.Publish(new AcquisitionRequested { AcquisitionId = complete, FrequencyHz = 145_500_000, DurationSeconds = 0.5, ReceiverIds = [1, 2, 3] }),
            _host.Harness.Bus.Publish(new AcquisitionRequested { AcquisitionId = partial, FrequencyHz = 145_500_000, DurationSeconds = 0.5, ReceiverIds = [3, 4] }));
        var expected = new[] { (complete, new[] { 1, 2, 3 }, 3, "completed"), (partial, [3, 4], 1, "partial") };
        foreach (var (id, receivers, stored, _) in expected)
        {
            await Eventually.True(() => _host.Harness.Published.Select<AcquisitionCompleted>(x => x.Context.Message.AcquisitionId == id).Any(), $"AcquisitionCompleted of {id}", TimeSpan.FromSeconds(60));

            // A span is exported when it ends, and a parent ends after its children: wait until the request's, the
            // failures' and the owner's consume spans are in, the collection span too, and every span of the acquisition reaches the
            // publish through exported parents.
            await Eventually.True(() =>
            {
                var spans = Spans();
                var byId = spans.ToDictionary(a => a.SpanId);
                var ofId = spans.Where(a => Of(a, id)).ToList();
                return ofId.Any(a => a.OperationName == "collection")
                       && ofId.Any(a => a.DisplayName == "acquisition-requested process")
                       && ofId.Count(a => a.DisplayName == "receiver-capture-failed process") == receivers.Length - stored
                       && ofId.Count(a => a.DisplayName == "acquisition-lifecycle process") == 2
                       && ofId.All(a => Root(a, byId).DisplayName == "urn:message:Heimdall.Contracts:AcquisitionRequested send");
            }, $"every span of {id} exported with its parents");
        }

        var exported = Spans();
        var byId = exported.ToDictionary(a => a.SpanId);
        foreach (var (id, receivers, stored, status) in expected)
        {
            var spans = exported.Where(a => Of(a, id)).ToList();
            var roots = spans.Select(a => Root(a, byId)).Distinct().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(spans.Select(a => a.TraceId).Distinct().Count(), Is.EqualTo(1), $"one trace for {id}");
                Assert.That(roots.Select(r => r.DisplayName), Is.EqualTo(new[] { "urn:message:Heimdall.Contracts:AcquisitionRequested send" }), $"every span of {id} descends from the request's publish");

                var request = spans.Single(a => a.Source.Name == "MassTransit" && a.DisplayName == "acquisition-requested process");
                Assert.That(request.GetTagItem("heimdall.outcome"), Is.EqualTo("captured"));
                Assert.That(request.GetTagItem("heimdall.receivers"), Is.EqualTo(receivers.Length));

                var captures = spans.Where(a => a.Source.Name == AcquirerTelemetry.Name && a.OperationName == "capture").ToList();
                Assert.That(captures.Select(a => (int)a.GetTagItem("heimdall.receiver_id")!).Order(), Is.EqualTo(receivers));
                Assert.That(captures.Where(a => a.Status == ActivityStatusCode.Unset).Select(a => a.GetTagItem("heimdall.capture.bytes")), Is.EqualTo(Enumerable.Repeat<object>(24_000, stored)));
                Assert.That(captures.Count(a => a.Status == ActivityStatusCode.Error), Is.EqualTo(receivers.Length - stored));

                var archives = spans.Where(a => a.Source.Name == IqArchiverTelemetry.MeterName && a.OperationName == "archive").ToList();
                Assert.That(archives.Select(a => a.GetTagItem("heimdall.archive.bytes")), Is.EqualTo(Enumerable.Repeat<object>(24_000, stored)));
                Assert.That(archives.Select(a => a.GetTagItem("heimdall.archive.uri")), Is.All.StartsWith($"s3://{_stack.Bucket}/acquisitions/{id}/"));

                var stores = spans.Where(a => a.Source.Name == MetricsWriterTelemetry.MeterName && a.OperationName == "store acquisition").ToList();
                Assert.That(stores.Sum(a => (int)a.GetTagItem("heimdall.rows_stored")!), Is.EqualTo(stored));
                Assert.That(stores.Select(a => a.GetTagItem("heimdall.completed")).OfType<string>(), Is.EqualTo(new[] { status }).Or.Empty, "completion by a batch");
                var failures = spans.Where(a => a.DisplayName == "receiver-capture-failed process").ToList();
                Assert.That(failures, Has.Count.EqualTo(receivers.Length - stored));
                var announcements = spans.Where(a => a.DisplayName == "acquisition-lifecycle process").ToList();
                Assert.That(announcements, Has.Count.EqualTo(2), "AcquisitionStarted and AcquisitionCaptured heard by the acquisition's owner");
                Assert.That(stores.Concat(failures).Concat(announcements).Select(a => a.GetTagItem("heimdall.completed")).OfType<string>(), Is.EqualTo(new[] { status }), "completed once");

                Assert.That(spans.Single(a => a.OperationName == "collection").GetTagItem("heimdall.collection.recordings"), Is.EqualTo(stored));
            });
        }

        Assert.That(exported.First(a => Of(a, complete)).TraceId, Is.Not.EqualTo(exported.First(a => Of(a, partial)).TraceId));
    }
}
