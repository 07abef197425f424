using System.Net;
using System.Text.Json.Nodes;

namespace Heimdall.Repository.Tests;

/// <summary>A pod: its namespace, labels and named container ports (what a NetworkPolicy can select and name).</summary>
public sealed record Pod(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, int> NamedPorts)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>One end of a connection: a pod of the cluster, or an address outside it.</summary>
public sealed record Endpoint(Pod? Pod, IPAddress? Address)
{
    public static Endpoint Of(Pod pod) => new(pod, null);

    public static Endpoint Outside(string address) => new(null, IPAddress.Parse(address));

    public override string ToString() => Pod?.ToString() ?? Address!.ToString();
}

/// <summary>
/// Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), for checking rendered manifests without a cluster. A
/// connection is allowed when the source's egress allows it (or no policy with Egress selects the source) and the
/// destination's ingress allows it (or no policy with Ingress selects the destination). Peers: podSelector (in the
/// policy's namespace), namespaceSelector (namespaces by label, kubernetes.io/metadata.name included), both (and), and
/// ipBlock, which is taken to match addresses outside the cluster only, as the API documents it should be used (CNIs
/// differ on pod addresses). Ports: number or named port (the destination pod's container port), endPort, protocol
/// (TCP by default). Selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).
/// </summary>
public sealed class NetworkPolicies(IEnumerable<JsonObject> policies)
{
    private readonly List<JsonObject> _policies = [.. policies];

    public bool Allows(Endpoint source, Endpoint destination, int port, string protocol = "TCP") =>
        (source.Pod is not { } from || Allows(from, "Egress", "egress", "to", destination, port, protocol))
        && (destination.Pod is not { } to || Allows(to, "Ingress", "ingress", "from", source, port, protocol, destination));

    private bool Allows(Pod subject, string type, string section, string peers, Endpoint other, int port, string protocol, Endpoint? destination = null)
    {
        var selecting = _policies.Where(p => Namespace(p) == subject.Namespace && Selects(p.Walk("spec.podSelector"), subject.Labels) && HasType(p, type)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }

        var portOwner = (destination ?? other).Pod;
        return selecting.SelectMany(p => p.Items($"spec.{section}").Select(rule => (Policy: p, Rule: rule)))
            .Any(r => PeersMatch(r.Rule.Walk(peers), Namespace(r.Policy), other) && PortsMatch(r.Rule.Walk("ports"), port, protocol, portOwner));
    }

    private static string Namespace(JsonNode policy) => policy.Text("metadata.namespace") ?? "default";

    /// <summary>policyTypes, or when absent: Ingress always, Egress when the policy has an egress section.</summary>
    private static bool HasType(JsonNode policy, string type) =>
        policy.Walk("spec.policyTypes") is JsonArray types
            ? types.Any(t => t!.GetValue<string>() == type)
            : type == "Ingress" || policy.Walk("spec.egress") is not null;

    private static bool PeersMatch(JsonNode? peers, string policyNamespace, Endpoint other) =>
        peers is not JsonArray list || list.Count == 0 || list.Any(peer => PeerMatches(peer!, policyNamespace, other));

    private static bool PeerMatches(JsonNode peer, string policyNamespace, Endpoint other)
    {
        if (peer.Walk("ipBlock") is { } block)
        {
            return other.Address is { } address && InBlock(block, address);
        }

        if (other.Pod is not { } pod)
        {
            return false;
        }

        var podSelector = peer.Walk("podSelector");
        var namespaceSelector = peer.Walk("namespaceSelector");
        var namespaceMatches = namespaceSelector is null
            ? pod.Namespace == policyNamespace
            : Selects(namespaceSelector, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = pod.Namespace });
        return namespaceMatches && (podSelector is null || Selects(podSelector, pod.Labels));
    }

    private static bool InBlock(JsonNode block, IPAddress address) =>
        Contains(block.Text("cidr")!, address) && !block.Items("except").Any(e => Contains(e.GetValue<string>(), address));

    private static bool Contains(string cidr, IPAddress address) =>
        IPNetwork.Parse(cidr) is var network && network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);

    private static bool PortsMatch(JsonNode? ports, int port, string protocol, Pod? destination) =>
        ports is not JsonArray list || list.Count == 0 || list.Any(p =>
        {
            if ((p!.Text("protocol") ?? "TCP") != protocol)
            {
                return false;
            }

            var given = p.Text("port");
            if (given is null)
            {
                return true;
            }

            int first;
            if (int.TryParse(given, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                first = number;
            }
            else if (destination is not null && destination.NamedPorts.TryGetValue(given, out var named))
            {
                first = named;
            }
            else
            {
                return false;
            }

            var last = p.Text("endPort") is { } end ? int.Parse(end, System.Globalization.CultureInfo.InvariantCulture) : first;
            return port >= first && port <= last;
        });

    /// <summary>A label selector against labels: every matchLabels pair and every matchExpression holds (empty selects all).</summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        var matchLabels = selector.Walk("matchLabels") as JsonObject ?? [];
        return matchLabels.All(w => labels.TryGetValue(w.Key, out var value) && value == w.Value!.GetValue<string>())
               && selector.Items("matchExpressions").All(e => Holds(e, labels));
    }

    private static bool Holds(JsonNode expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = expression.Text("key")!;
        var values = expression.Items("values").Select(v => v.GetValue<string>()).ToList();
        var has = labels.TryGetValue(key, out var value);
        return expression.Text("operator") switch
        {
            "In" => has && values.Contains(value!),
            "NotIn" => !has || !values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            var other => throw new NotSupportedException($"matchExpressions operator {other}"),
        };
    }
}
