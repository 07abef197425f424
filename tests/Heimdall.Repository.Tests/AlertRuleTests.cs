using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// The alert rules and the dashboard as an operator meets them: every <c>runbook_url</c> absolute (Alertmanager and
/// Grafana resolve a relative one against themselves) and pointing at its alert's section of the runbook, its base
/// configurable when the rules are rendered; and every expression on the broker's queues limited to Heimdall's six
/// queues and their <c>_error</c> queues, not every queue of a shared broker. (promtool tests the rules' behaviour:
/// deploy/prometheus/tests, run by ./heimdall test.)
/// </summary>
public sealed partial class AlertRuleTests
{
    private const string DefaultRunbook = "https://github.com/heimdall/heimdall/blob/main/docs/operations.md";
    private static readonly string[] WorkQueues = ["acquisition-requested", "iq-captured", "acquisition-collection", "iq-archived", "receiver-capture-failed", "acquisition-lifecycle"];
    private static readonly string[] ForeignQueues = ["orders", "orders_error", "iq-archived-replay", "iq-archived-replay_error", "my-observer"];

    private static string RulesPath => Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "heimdall.rules.yml");

    private static List<JsonNode> Rules(string yaml) =>
        [.. Yaml.Documents(yaml).Single().Items("groups").SelectMany(g => g.Items("rules"))];

    [Test]
    public void Every_runbook_url_should_be_absolute_and_name_its_alerts_section_of_the_runbook()
    {
        var rules = Rules(File.ReadAllText(RulesPath));
        var headings = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"))
            .Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..].Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.That(rules, Has.Count.EqualTo(13));
        Assert.Multiple(() =>
        {
            foreach (var rule in rules)
            {
                var alert = rule.Text("alert")!;
                Assert.That(rule.Text("annotations.runbook_url"), Is.EqualTo($"{DefaultRunbook}#{alert.ToLowerInvariant()}"), alert);
                Assert.That(headings, Does.Contain(alert), $"docs/operations.md has no section '### {alert}'");
            }
        });
    }

    [TestCase("--rules", TestName = "The rule file rendered with HEIMDALL_RUNBOOK_BASE_URL should link every alert there")]
    [TestCase("--prometheus-rule", TestName = "The PrometheusRule rendered with HEIMDALL_RUNBOOK_BASE_URL should link every alert there")]
    public async Task The_runbook_base_should_be_configurable_when_the_rules_are_rendered(string what)
    {
        const string Base = "https://runbooks.example.org/heimdall/operations.html";
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "render-prometheusrule.sh"), what, "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HEIMDALL_RUNBOOK_BASE_URL"] = Base;
        using var render = Process.Start(start)!;
        var output = await render.StandardOutput.ReadToEndAsync();
        var errors = await render.StandardError.ReadToEndAsync();
        await render.WaitForExitAsync();
        Assert.That(render.ExitCode, Is.Zero, errors);

        var document = Yaml.Documents(output).Single();
        var groups = what == "--rules" ? document.Items("groups") : document.Items("spec.groups");
        var rules = groups.SelectMany(g => g.Items("rules")).ToList();
        Assert.That(rules, Has.Count.EqualTo(13));
        Assert.That(rules.Select(r => r.Text("annotations.runbook_url")), Is.EqualTo(rules.Select(r => $"{Base}#{r.Text("alert")!.ToLowerInvariant()}")));
    }

    private static IEnumerable<string> BrokerExpressions()
    {
        var ruleExpressions = Rules(File.ReadAllText(RulesPath)).Select(r => r.Text("expr")!);
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "heimdall-pipeline.json")))!;
        return ruleExpressions.Concat(Expressions(dashboard)).Where(e => e.Contains("rabbitmq_detailed_queue_", StringComparison.Ordinal));
    }

    [TestCaseSource(nameof(BrokerExpressions))]
    public void Every_broker_expression_should_read_only_Heimdalls_queues(string expression)
    {
        var selectors = BrokerSelector().Matches(expression).ToList();
        Assert.That(selectors, Is.Not.Empty);
        foreach (var selector in selectors)
        {
            var queue = QueueMatcher().Match(selector.Groups["labels"].Value);
            Assert.That(queue.Success, Is.True, $"{selector.Value}: no queue=~\"…\" matcher, so it reads every queue of the broker");
            var matches = new Regex($"^(?:{queue.Groups["regex"].Value})$");
            var heimdall = WorkQueues.Concat(WorkQueues.Select(q => q + "_error")).Where(q => matches.IsMatch(q)).ToList();
            Assert.That(heimdall, Is.Not.Empty, $"{selector.Value} reads none of Heimdall's queues");
            Assert.That(ForeignQueues.Where(q => matches.IsMatch(q)), Is.Empty, $"{selector.Value} reads other applications' queues");
        }
    }

    private static IEnumerable<string> Expressions(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "expr" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : Expressions(p.Value)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Expressions),
        _ => [],
    };

    [GeneratedRegex(@"rabbitmq_detailed_queue_\w+(?:\{(?<labels>[^}]*)\})?")]
    private static partial Regex BrokerSelector();

    [GeneratedRegex(@"\bqueue\s*=~\s*""(?<regex>[^""]+)""")]
    private static partial Regex QueueMatcher();
}
