using System.Text.Json;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// What each project may depend on, read from its restore closure (obj/project.assets.json: every package and project
/// it pulls in, directly or not), so that a reference that drags a client library in cannot slip through.
/// </summary>
public sealed class ProjectGraphTests
{
    [TestCase("services/Heimdall.Cli", "Npgsql", TestName = "The CLI should not depend on Npgsql")]
    [TestCase("services/Heimdall.Cli", "Minio", TestName = "The CLI should not depend on Minio")]
    [TestCase("services/Heimdall.Cli", "OpenTelemetry", TestName = "The CLI should not depend on OpenTelemetry")]
    [TestCase("services/Heimdall.Cli", "Heimdall.ServiceDefaults", TestName = "The CLI should not depend on the hosting defaults")]
    [TestCase("services/Heimdall.Cli", "Heimdall.Data", TestName = "The CLI should not depend on the data library (it reads through the API)")]
    [TestCase("services/Heimdall.Cli", "Heimdall.Api", TestName = "The CLI should not depend on the API project (its own JSON over HTTP)")]
    [TestCase("services/Heimdall.MetricsWriter", "Minio", TestName = "The MetricsWriter should not depend on Minio")]
    [TestCase("services/Heimdall.MetricsWriter", "Heimdall.Storage", TestName = "The MetricsWriter should not depend on the object store")]
    [TestCase("services/Heimdall.IqArchiver", "Npgsql", TestName = "The IqArchiver should not depend on Npgsql")]
    [TestCase("services/Heimdall.Locator", "Heimdall.Receivers", TestName = "The Locator should not depend on the receiver drivers (it reads recordings, never a receiver)")]
    [TestCase("services/Heimdall.Locator", "Heimdall.IqArchiver", TestName = "The Locator should not depend on the IqArchiver (it reads the archive by the contract's keys)")]
    [TestCase("services/Heimdall.Messaging", "Npgsql", TestName = "Messaging should not depend on Npgsql")]
    [TestCase("services/Heimdall.Messaging", "Minio", TestName = "Messaging should not depend on Minio")]
    [TestCase("services/Heimdall.Persistence", "MassTransit", TestName = "Persistence should not depend on MassTransit")]
    [TestCase("services/Heimdall.Storage", "Npgsql", TestName = "Storage should not depend on Npgsql")]
    [TestCase("services/Heimdall.Receivers", "Npgsql", TestName = "The receiver drivers should not depend on Npgsql")]
    [TestCase("services/Heimdall.Receivers", "Heimdall.Data", TestName = "The receiver drivers should not depend on the data library (the receiver they take is the domain's)")]
    [TestCase("services/Heimdall.Receivers", "Heimdall.Persistence", TestName = "The receiver drivers should not depend on persistence")]
    [TestCase("services/Heimdall.Domain", "Npgsql", TestName = "The domain should not depend on Npgsql")]
    [TestCase("services/Heimdall.Domain", "Dapper", TestName = "The domain should not depend on Dapper")]
    [TestCase("services/Heimdall.Domain", "Minio", TestName = "The domain should not depend on Minio")]
    [TestCase("services/Heimdall.Domain", "Polly", TestName = "The domain should not depend on Polly")]
    [TestCase("services/Heimdall.Domain", "RabbitMQ", TestName = "The domain should not depend on the RabbitMQ client")]
    [TestCase("services/Heimdall.Domain", "Microsoft.Extensions.Hosting", TestName = "The domain should not depend on hosting")]
    [TestCase("services/Heimdall.Domain", "OpenTelemetry", TestName = "The domain should not depend on OpenTelemetry")]
    [TestCase("services/Heimdall.ServiceDefaults", "Heimdall.", TestName = "The hosting defaults should depend on no other Heimdall project")]
    [TestCase("services/Heimdall.Signal", "Heimdall.", TestName = "The signal library should depend on no other Heimdall project")]
    [TestCase("services/Heimdall.Localisation", "Npgsql", TestName = "The localisation library should not depend on Npgsql")]
    [TestCase("services/Heimdall.Localisation", "Minio", TestName = "The localisation library should not depend on Minio")]
    [TestCase("services/Heimdall.Localisation", "MassTransit", TestName = "The localisation library should not depend on MassTransit")]
    [TestCase("services/Heimdall.Localisation", "Microsoft.AspNetCore", TestName = "The localisation library should not depend on ASP.NET Core")]
    [TestCase("services/Heimdall.Localisation", "Microsoft.Extensions", TestName = "The localisation library should not depend on the hosting extensions")]
    public void Closure_should_not_contain(string project, string forbiddenPrefix)
    {
        var offending = Closure(project).Where(name => name.StartsWith(forbiddenPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(offending, Is.Empty, $"{project} pulls in {string.Join(", ", offending)}");
    }

    [Test]
    public void The_localisation_library_should_depend_on_the_signal_library_only()
    {
        var heimdall = Closure("services/Heimdall.Localisation").Where(n => n.StartsWith("Heimdall.", StringComparison.Ordinal));
        Assert.That(heimdall, Is.EquivalentTo(new[] { "Heimdall.Signal" }));
    }

    [Test]
    public void The_domain_should_depend_on_the_contracts_alone_of_Heimdall_and_on_no_MassTransit_beyond_their_abstractions()
    {
        var closure = Closure("services/Heimdall.Domain");
        Assert.That(closure.Where(n => n.StartsWith("Heimdall.", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "Heimdall.Contracts" }));
        Assert.That(closure.Where(n => n.StartsWith("MassTransit", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "MassTransit.Abstractions" }));
    }

    [Test]
    public void Heimdall_Data_should_hold_SQL_only_no_rule_or_validator()
    {
        var data = Path.Combine(RepositoryPaths.Root, "services", "Heimdall.Data");
        var rules = Directory.GetFiles(data, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name!.EndsWith("Validator", StringComparison.Ordinal) || name.EndsWith("Rules", StringComparison.Ordinal) || name.EndsWith("Plan", StringComparison.Ordinal))
            .ToList();
        Assert.That(rules, Is.Empty, "rules, plans and validators belong in Heimdall.Domain");
    }

    [Test]
    public void The_contracts_should_depend_on_MassTransit_Abstractions_only()
    {
        var direct = Closure("contracts/Heimdall.Contracts").Where(n => n.StartsWith("MassTransit", StringComparison.Ordinal) || n.StartsWith("Heimdall.", StringComparison.Ordinal));
        Assert.That(direct, Is.EquivalentTo(new[] { "MassTransit.Abstractions" }));
    }

    [TestCase("services/Heimdall.Acquirer")]
    [TestCase("services/Heimdall.IqArchiver")]
    [TestCase("services/Heimdall.MetricsWriter")]
    [TestCase("services/Heimdall.Locator")]
    [TestCase("services/Heimdall.Api")]
    public void Each_service_should_reference_the_contracts_itself(string project)
    {
        var csproj = File.ReadAllText(Path.Combine(RepositoryPaths.Root, project, Path.GetFileName(project) + ".csproj"));
        Assert.That(csproj, Does.Contain(@"contracts\Heimdall.Contracts\Heimdall.Contracts.csproj"));
    }

    [Test]
    public void No_service_should_reference_or_compile_in_a_test_project_or_a_tool()
    {
        // The demo's servers (tools/Heimdall.DemoReceivers) compile in the in-test emulators; production code never does.
        var projects = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "services"), "*.csproj", SearchOption.AllDirectories)
            .Append(Path.Combine(RepositoryPaths.Root, "contracts", "Heimdall.Contracts", "Heimdall.Contracts.csproj")).ToList();
        var offending = projects.SelectMany(csproj =>
        {
            var project = Path.GetRelativePath(RepositoryPaths.Root, Path.GetDirectoryName(csproj)!);
            var text = File.ReadAllText(csproj);
            return Closure(project).Where(n => n is "Heimdall.Testing" or "Heimdall.DemoReceivers" or "Heimdall.Benchmarks" || n.StartsWith("NUnit", StringComparison.Ordinal))
                .Concat(new[] { @"..\tests\", "../tests/", @"..\tools\", "../tools/" }.Where(text.Contains))
                .Select(n => $"{project}: {n}");
        }).ToList();
        Assert.That(projects, Has.Count.GreaterThanOrEqualTo(17));
        Assert.That(offending, Is.Empty);
    }

    /// <summary>Names of every package and project in the project's restore closure.</summary>
    private static List<string> Closure(string project)
    {
        var assets = Path.Combine(RepositoryPaths.Root, project, "obj", "project.assets.json");
        Assert.That(File.Exists(assets), Is.True, $"{assets} is missing: restore the solution first");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        return document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
    }
}
