using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// One Dockerfile builds every service image (<c>--build-arg SERVICE=…</c>). It restores the whole solution in a cached
/// layer that copies only the project files: a project missing from that list breaks `docker build` (restore fails),
/// which no test on this machine would otherwise notice; and a service the Dockerfile or Compose do not know has no image.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile");

    /// <summary>The hosts a container runs: every Web SDK project under services/ but the operator's command line.</summary>
    private static List<string> Hosts() => Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "services"))
        .Select(Path.GetFileName)
        .Where(name => name != "Heimdall.Cli" && File.ReadAllText(Path.Combine(RepositoryPaths.Root, "services", name!, name + ".csproj")).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
        .Select(name => name!).Order(StringComparer.Ordinal).ToList();

    [Test]
    public void There_should_be_one_Dockerfile_for_every_image()
    {
        var dockerfiles = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "deploy", "docker")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(dockerfiles, Is.EqualTo(new[] { "Dockerfile", "Dockerfile.dockerignore" }));
    }

    [Test]
    public void The_restore_layer_should_copy_every_project_of_the_solution()
    {
        var solution = SolutionProject().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Heimdall.sln")))
            .Select(m => m.Groups[1].Value.Replace('\\', '/')).Order().ToList();
        var copied = CopiedProject().Matches(File.ReadAllText(Dockerfile)).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.That(copied, Is.EqualTo(solution));
    }

    [Test]
    public void The_Dockerfile_should_accept_exactly_the_hosts_and_Compose_should_build_each_of_them_with_it()
    {
        var accepted = ServiceCase().Match(File.ReadAllText(Dockerfile)).Groups[1].Value.Split('|').Order(StringComparer.Ordinal);
        var compose = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "compose", "docker-compose.yml"));
        var built = ComposeService().Matches(compose).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(Hosts(), Is.EqualTo(new[] { "Heimdall.Acquirer", "Heimdall.Api", "Heimdall.IqArchiver", "Heimdall.Locator", "Heimdall.MetricsWriter" }));
            Assert.That(accepted, Is.EqualTo(Hosts()));
            Assert.That(built, Is.EqualTo(Hosts()));
            Assert.That(compose, Does.Contain("dockerfile: deploy/docker/Dockerfile"));
            Assert.That(compose, Does.Not.Contain(".Dockerfile"));
        });
    }

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex SolutionProject();

    [GeneratedRegex(@"^COPY (\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();

    [GeneratedRegex(@"case ""\$SERVICE"" in ([\w.|]+)\)")]
    private static partial Regex ServiceCase();

    [GeneratedRegex(@"^\s+SERVICE: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ComposeService();
}
