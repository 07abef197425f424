using System.Globalization;
using System.Text.Json.Nodes;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// The rendered NetworkPolicies (kubectl kustomize deploy/k8s) against the traffic each workload makes: a table of flows,
/// each source to a destination and port, allowed or denied by Kubernetes' rules (<see cref="NetworkPolicies"/>). The
/// Heimdall pods are the rendered Deployments and the migration Job; beside them the cluster holds what the ConfigMap's
/// examples and the monitoring assume: RabbitMQ and MinIO in namespace heimdall, Prometheus in monitoring, KEDA in
/// keda, DNS in kube-system, an OTLP collector, an ingress controller. Receivers, PostgreSQL and S3 may be outside.
/// The receivers' knob (the acquirer-receivers policy's destinations) is rendered too, narrowed by an overlay as
/// deploy/k8s/README.md shows.
/// </summary>
public sealed class NetworkPolicyFlowTests
{
    private const string Kiwi = "203.0.113.10";
    private const string RtlTcp = "198.51.100.20";
    private const string LanReceiver = "10.20.0.5";
    private const string ReceiverV6 = "2001:db8::7";
    private const string ExternalPostgres = "192.0.2.50";
    private const string ExternalS3 = "192.0.2.60";

    private static readonly Lazy<List<JsonObject>> Rendered = new(() => Yaml.Documents(Kustomize.Render(Kustomize.Manifests)));

    private static readonly Lazy<Dictionary<string, Pod>> Pods = new(() =>
    {
        var pods = Rendered.Value.Where(d => d.Text("kind") is "Deployment" or "Job").Select(Heimdall).ToDictionary(p => p.Name);
        foreach (var other in new[]
        {
            Other("rabbitmq", "heimdall", ("app.kubernetes.io/name", "rabbitmq"), ("amqp", 5672), ("management", 15672), ("prometheus", 15692)),
            Other("minio", "heimdall", ("app.kubernetes.io/name", "minio"), ("s3", 9000)),
            Other("prometheus", "monitoring", ("app.kubernetes.io/name", "prometheus")),
            Other("keda-operator", "keda", ("app", "keda-operator")),
            Other("coredns", "kube-system", ("k8s-app", "kube-dns"), ("dns", 53)),
            Other("otel-collector", "observability", ("app.kubernetes.io/name", "otel-collector"), ("otlp-grpc", 4317), ("otlp-http", 4318)),
            Other("ingress-nginx", "ingress-nginx", ("app.kubernetes.io/name", "ingress-nginx")),
            Other("some-app", "heimdall", ("app.kubernetes.io/name", "some-app"), ("http", 8080)),
            Other("heimdall-policies", "heimdall", ("run", "heimdall-policies")),
        })
        {
            pods[other.Name] = other;
        }

        return pods;
    });

    private static Pod Heimdall(JsonObject workload) => new(
        workload.Text("metadata.name")!.StartsWith("metricswriter-migrate", StringComparison.Ordinal) ? "migrate" : workload.Text("metadata.name")!,
        workload.Text("metadata.namespace")!,
        ((JsonObject)workload.Walk("spec.template.metadata.labels")!).ToDictionary(l => l.Key, l => l.Value!.GetValue<string>()),
        workload.Items("spec.template.spec.containers").SelectMany(c => c.Items("ports"))
            .Where(p => p.Text("name") is not null)
            .ToDictionary(p => p.Text("name")!, p => int.Parse(p.Text("containerPort")!, CultureInfo.InvariantCulture)));

    private static Pod Other(string name, string ns, (string Key, string Value) label, params (string Name, int Port)[] ports) =>
        new(name, ns, new Dictionary<string, string> { [label.Key] = label.Value }, ports.ToDictionary(p => p.Name, p => p.Port));

    private static Endpoint At(string where) => Pods.Value.TryGetValue(where, out var pod) ? Endpoint.Of(pod) : Endpoint.Outside(where);

    private static int ConfiguredPort(string key, int fallback)
    {
        var config = Rendered.Value.Single(d => d.Text("kind") == "ConfigMap" && d.Text("metadata.name") == "heimdall-config");
        var value = config.Text($"data.{key}")!;
        return value.Contains(':', StringComparison.Ordinal) ? int.Parse(value[(value.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)
            : int.TryParse(value, CultureInfo.InvariantCulture, out var port) ? port : fallback;
    }

    /// <summary>(source, destination, port, protocol, why): pod names of the model, or addresses outside the cluster.</summary>
    private static IEnumerable<TestCaseData> AllowedFlows()
    {
        var amqp = ConfiguredPort("RabbitMq__Port", 5672);
        var s3 = ConfiguredPort("S3__Endpoint", 9000);
        TestCaseData Flow(string from, string to, int port, string why, string protocol = "TCP") =>
            new TestCaseData(from, to, port, protocol).SetName($"{from} -> {to}:{port}/{protocol} should be allowed ({why})");

        foreach (var service in new[] { "acquirer", "iqarchiver", "metricswriter", "api" })
        {
            yield return Flow(service, "rabbitmq", amqp, "the broker of the ConfigMap, in the namespace");
            yield return Flow(service, "coredns", 53, "DNS", "UDP");
            yield return Flow(service, "coredns", 53, "DNS over TCP");
            yield return Flow(service, "otel-collector", 4317, "OTLP");
            yield return Flow("prometheus", service, 9464, "the PodMonitor's scrape of metrics");
        }

        foreach (var service in new[] { "acquirer", "iqarchiver", "api" })
        {
            yield return Flow(service, "minio", s3, "the object store of the ConfigMap, in the namespace");
            yield return Flow(service, ExternalS3, 443, "S3 outside the cluster over HTTPS");
        }

        foreach (var service in new[] { "acquirer", "metricswriter", "api", "migrate" })
        {
            yield return Flow(service, ExternalPostgres, 5432, "PostgreSQL outside the cluster");
        }

        yield return Flow("acquirer", Kiwi, 8073, "a KiwiSDR");
        yield return Flow("acquirer", RtlTcp, 1234, "an rtl_tcp server");
        yield return Flow("acquirer", LanReceiver, 4242, "a receiver on any port of a private network");
        yield return Flow("acquirer", ReceiverV6, 8073, "a KiwiSDR over IPv6");
        yield return Flow("keda-operator", "rabbitmq", 15672, "KEDA reads queue lengths from the management API");
        yield return Flow("heimdall-policies", "rabbitmq", 15672, "the broker policy script run as README.md shows");
        yield return Flow("prometheus", "rabbitmq", 15692, "the queue alerts' rabbitmq_prometheus");
        yield return Flow("ingress-nginx", "api", 8080, "the API's clients");
        yield return Flow("some-app", "acquirer", 8080, "health from inside the namespace");
    }

    private static IEnumerable<TestCaseData> DeniedFlows()
    {
        TestCaseData Flow(string from, string to, int port, string why) =>
            new TestCaseData(from, to, port, "TCP").SetName($"{from} -> {to}:{port} should be denied ({why})");

        yield return Flow("iqarchiver", Kiwi, 8073, "only the Acquirer talks to receivers");
        yield return Flow("metricswriter", RtlTcp, 1234, "only the Acquirer talks to receivers");
        yield return Flow("api", Kiwi, 8073, "only the Acquirer talks to receivers");
        yield return Flow("iqarchiver", ExternalPostgres, 5432, "the IqArchiver never touches the database");
        yield return Flow("metricswriter", "minio", 9000, "the MetricsWriter never touches the object store");
        yield return Flow("migrate", "rabbitmq", 5672, "the migration Job needs PostgreSQL only");
        yield return Flow("ingress-nginx", "acquirer", 8080, "the workers' HTTP is for the namespace");
        yield return Flow("ingress-nginx", "acquirer", 9464, "metrics are for the monitoring namespace");
        yield return Flow("some-app", "migrate", 8080, "nothing connects to the migration Job");
    }

    [TestCaseSource(nameof(AllowedFlows))]
    public void An_allowed_flow(string from, string to, int port, string protocol) =>
        Assert.That(new NetworkPolicies(Rendered.Value.Where(d => d.Text("kind") == "NetworkPolicy")).Allows(At(from), At(to), port, protocol), Is.True);

    [TestCaseSource(nameof(DeniedFlows))]
    public void A_denied_flow(string from, string to, int port, string protocol) =>
        Assert.That(new NetworkPolicies(Rendered.Value.Where(d => d.Text("kind") == "NetworkPolicy")).Allows(At(from), At(to), port, protocol), Is.False);

    [Test]
    public void The_receivers_knob_narrowed_by_an_overlay_should_allow_exactly_those_networks()
    {
        var overlay = Directory.CreateTempSubdirectory("heimdall-k8s-overlay-");
        try
        {
            // What deploy/k8s/README.md shows: the acquirer-receivers policy's destinations replaced by the receivers' networks.
            File.WriteAllText(Path.Combine(overlay.FullName, "kustomization.yaml"), $$"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {{Path.GetRelativePath(overlay.FullName, Kustomize.Manifests)}}
                patches:
                  - target:
                      kind: NetworkPolicy
                      name: acquirer-receivers
                    patch: |-
                      - op: replace
                        path: /spec/egress/0/to
                        value:
                          - ipBlock:
                              cidr: 203.0.113.0/24
                """);
            var policies = new NetworkPolicies(Yaml.Documents(Kustomize.Render(overlay.FullName)).Where(d => d.Text("kind") == "NetworkPolicy"));
            Assert.Multiple(() =>
            {
                Assert.That(policies.Allows(At("acquirer"), At(Kiwi), 8073), Is.True, "a receiver inside the networks");
                Assert.That(policies.Allows(At("acquirer"), At("203.0.113.99"), 1234), Is.True, "on any port");
                Assert.That(policies.Allows(At("acquirer"), At(RtlTcp), 1234), Is.False, "a receiver outside them");
                Assert.That(policies.Allows(At("acquirer"), At(ExternalPostgres), 5432), Is.True, "PostgreSQL still");
            });
        }
        finally
        {
            overlay.Delete(recursive: true);
        }
    }
}
