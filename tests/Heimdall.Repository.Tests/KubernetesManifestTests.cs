using System.Text.Json.Nodes;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// What `kubectl kustomize deploy/k8s` renders (kubectl must be on PATH; ./heimdall test installs it when missing): every
/// Deployment is probed, bounded, non-root, on a pinned image, covered by a PodDisruptionBudget and a NetworkPolicy,
/// scaled by KEDA on exactly the queues it consumes, counting unacknowledged messages too; the PrometheusRule is the
/// rule file that promtool tests.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly Lazy<List<JsonObject>> Rendered = new(() => Yaml.Documents(Kustomize.Render(Kustomize.Manifests)));

    private static readonly Dictionary<string, string[]> QueuesByDeployment = new()
    {
        ["acquirer"] = ["acquisition-requested"],
        ["iqarchiver"] = ["iq-captured", "acquisition-collection"],
        ["metricswriter"] = ["iq-archived", "receiver-capture-failed", "acquisition-lifecycle"],
        ["locator"] = ["acquisition-location"],
    };

    /// <summary>Every Deployment: the queue consumers and the API (which consumes none, so KEDA does not scale it).</summary>
    private static readonly string[] AllDeployments = [.. QueuesByDeployment.Keys, "api"];

    private static IEnumerable<JsonObject> OfKind(string kind) => Rendered.Value.Where(d => d.Text("kind") == kind);

    private static JsonObject Deployment(string name) => OfKind("Deployment").Single(d => d.Text("metadata.name") == name);

    private static string[] Deployments() => AllDeployments;

    private static string[] QueueConsumers() => [.. QueuesByDeployment.Keys];

    private static bool Selects(JsonNode? matchLabels, JsonNode? podLabels) =>
        matchLabels is JsonObject wanted && wanted.Count > 0 && podLabels is JsonObject labels
        && wanted.All(w => labels.TryGetPropertyValue(w.Key, out var v) && v?.GetValue<string>() == w.Value?.GetValue<string>());

    [Test]
    public void The_rendered_deployments_should_be_exactly_the_four_services() =>
        Assert.That(OfKind("Deployment").Select(d => d.Text("metadata.name")).Order(), Is.EqualTo(new[] { "acquirer", "api", "iqarchiver", "locator", "metricswriter" }));

    [TestCaseSource(nameof(Deployments))]
    public void Every_container_should_have_three_probes_and_bounded_resources(string name)
    {
        foreach (var container in Deployment(name).Items("spec.template.spec.containers"))
        {
            Assert.Multiple(() =>
            {
                Assert.That(container.Text("startupProbe.httpGet.path"), Is.EqualTo("/health/live"));
                Assert.That(container.Text("livenessProbe.httpGet.path"), Is.EqualTo("/health/live"));
                Assert.That(container.Text("readinessProbe.httpGet.path"), Is.EqualTo("/health/ready"));
                foreach (var bound in new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
                {
                    Assert.That(container.Walk("resources")?.Text(bound), Is.Not.Null.And.Not.Empty, $"{name}: resources.{bound}");
                }
            });
        }
    }

    [TestCaseSource(nameof(Deployments))]
    public void Every_pod_should_run_as_non_root_without_privilege_escalation(string name)
    {
        var pod = Deployment(name).Walk("spec.template.spec");
        Assert.That(pod.Text("securityContext.runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(int.Parse(pod.Text("securityContext.runAsUser")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(pod.Items("containers").Select(c => c.Text("securityContext.allowPrivilegeEscalation")), Is.All.EqualTo("false"));
    }

    [Test]
    public void Every_image_should_be_pinned_and_none_latest()
    {
        var images = Rendered.Value.SelectMany(d => d.Items("spec.template.spec.containers")).Select(c => c.Text("image")!).ToList();
        Assert.That(images, Has.Count.EqualTo(6), "five Deployments and the migration Job");
        foreach (var image in images)
        {
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf(':') + 1)..];
            Assert.That(image.LastIndexOf(':') > image.LastIndexOf('/') || image.Contains('@', StringComparison.Ordinal), Is.True, $"{image} has no tag");
            Assert.That(tag, Is.Not.EqualTo("latest"), image);
        }

        Assert.That(Kustomize.Render(Kustomize.Manifests), Does.Not.Contain(":latest"));
    }

    [TestCaseSource(nameof(Deployments))]
    public void Every_deployment_should_have_a_disruption_budget(string name)
    {
        var labels = Deployment(name).Walk("spec.template.metadata.labels");
        var budgets = OfKind("PodDisruptionBudget").Where(p => Selects(p.Walk("spec.selector.matchLabels"), labels)).ToList();
        Assert.That(budgets, Has.Count.EqualTo(1));
        Assert.That(budgets[0].Text("spec.maxUnavailable"), Is.EqualTo("1"));
    }

    [TestCaseSource(nameof(Deployments))]
    public void Every_deployment_should_have_its_own_network_policy_under_a_default_deny(string name)
    {
        // What each policy allows is checked flow by flow in NetworkPolicyFlowTests.
        var labels = Deployment(name).Walk("spec.template.metadata.labels");
        var own = OfKind("NetworkPolicy").Where(p => p.Text("metadata.name") == name).ToList();
        Assert.That(own, Has.Count.EqualTo(1));
        Assert.That(Selects(own[0].Walk("spec.podSelector.matchLabels"), labels), Is.True);
        Assert.That(own[0].Items("spec.policyTypes").Select(t => t.GetValue<string>()), Is.EquivalentTo(new[] { "Ingress", "Egress" }));
        var deny = OfKind("NetworkPolicy").Single(p => p.Text("metadata.name") == "default-deny");
        Assert.That(deny.Walk("spec.podSelector.matchLabels")?.ToJsonString(), Is.EqualTo("""{"app.kubernetes.io/part-of":"heimdall"}"""), "every Heimdall pod, and only Heimdall's");
        Assert.That(Selects(deny.Walk("spec.podSelector.matchLabels"), labels), Is.True);
        Assert.That(deny.Items("spec.policyTypes").Select(t => t.GetValue<string>()), Is.EquivalentTo(new[] { "Ingress", "Egress" }));
        Assert.That(deny.Walk("spec.ingress"), Is.Null);
        Assert.That(deny.Walk("spec.egress"), Is.Null);
    }

    [TestCase("iqarchiver", "5432", TestName = "The IqArchiver should not reach PostgreSQL")]
    [TestCase("metricswriter", "9000", TestName = "The MetricsWriter should not reach S3")]
    public void A_service_should_not_reach_what_it_never_uses(string name, string port)
    {
        var policy = OfKind("NetworkPolicy").Single(p => p.Text("metadata.name") == name);
        var ports = policy.Items("spec.egress").SelectMany(e => e.Items("ports")).Select(p => p.Text("port"));
        Assert.That(ports, Does.Not.Contain(port));
    }

    [TestCase("iqarchiver", "postgres-connection-string", TestName = "The IqArchiver should get no database secret")]
    [TestCase("metricswriter", "s3-access-key", TestName = "The MetricsWriter should get no S3 access key")]
    [TestCase("metricswriter", "s3-secret-key", TestName = "The MetricsWriter should get no S3 secret key")]
    public void A_service_should_not_get_a_secret_it_never_uses(string name, string key)
    {
        var keys = Deployment(name).Items("spec.template.spec.containers").SelectMany(c => c.Items("env")).Select(e => e.Text("valueFrom.secretKeyRef.key"));
        Assert.That(keys, Does.Not.Contain(key));
    }

    [TestCaseSource(nameof(QueueConsumers))]
    public void Every_queue_consumer_should_be_scaled_on_exactly_its_queues_counting_unacked_messages(string name)
    {
        var scaled = OfKind("ScaledObject").Where(s => s.Text("spec.scaleTargetRef.name") == name && s.Text("spec.scaleTargetRef.kind") == "Deployment").ToList();
        Assert.That(scaled, Has.Count.EqualTo(1));
        var triggers = scaled[0].Items("spec.triggers").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(triggers.Select(t => t.Text("metadata.queueName")), Is.EqualTo(QueuesByDeployment[name]));
            Assert.That(triggers.Select(t => t.Text("type")), Is.All.EqualTo("rabbitmq"));
            Assert.That(triggers.Select(t => t.Text("metadata.protocol")), Is.All.EqualTo("http"), "the management API counts unacknowledged (prefetched) messages; AMQP counts only the ready ones");
            Assert.That(triggers.Select(t => t.Text("metadata.mode")), Is.All.EqualTo("QueueLength"));
            Assert.That(triggers.Select(t => t.Text("metadata.excludeUnacknowledged")), Is.All.Null);
            Assert.That(triggers.Select(t => t.Text("authenticationRef.name")), Is.All.EqualTo("heimdall-rabbitmq"));
        });
    }

    [Test]
    public void The_metricswriter_target_should_exceed_its_prefetch()
    {
        // BatchMessageLimit (100) x BatchConcurrency (2) messages sit unacknowledged in every replica while it works.
        var trigger = OfKind("ScaledObject").Single(s => s.Text("metadata.name") == "metricswriter").Items("spec.triggers").Single(t => t.Text("metadata.queueName") == "iq-archived");
        Assert.That(int.Parse(trigger.Text("metadata.value")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(200));
    }

    [TestCaseSource(nameof(Deployments))]
    public void Every_deployment_should_expose_a_metrics_port_that_the_pod_monitor_scrapes(string name)
    {
        var deployment = Deployment(name);
        var ports = deployment.Items("spec.template.spec.containers").SelectMany(c => c.Items("ports")).ToList();
        Assert.That(ports.Single(p => p.Text("name") == "metrics").Text("containerPort"), Is.EqualTo("9464"));
        var monitor = OfKind("PodMonitor").Single();
        Assert.That(Selects(monitor.Walk("spec.selector.matchLabels"), deployment.Walk("spec.template.metadata.labels")), Is.True);
        Assert.That(monitor.Items("spec.podMetricsEndpoints").Select(e => e.Text("port")), Is.EqualTo(new[] { "metrics" }));
        var config = OfKind("ConfigMap").Single(c => c.Text("metadata.name") == "heimdall-config");
        Assert.That(config.Text("data.Telemetry__MetricsPort"), Is.EqualTo("9464"));
        Assert.That(config.Text("data.ASPNETCORE_HTTP_PORTS")!.Split(';'), Is.EquivalentTo(new[] { "8080", "9464" }));
    }

    [Test]
    public void The_prometheus_rule_should_hold_exactly_the_rule_file()
    {
        var rule = OfKind("PrometheusRule").Single();
        var file = Yaml.Documents(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "heimdall.rules.yml"))).Single();
        Assert.That(rule.Walk("spec.groups").Canonical(), Is.EqualTo(file["groups"].Canonical()),
            "deploy/k8s/prometheusrule.yaml is stale: run deploy/prometheus/render-prometheusrule.sh");
    }
}
