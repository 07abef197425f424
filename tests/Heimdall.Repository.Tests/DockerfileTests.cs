using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// Each image restores the whole solution in a cached layer that copies only the project files: a project missing from
/// that list breaks `docker build` (restore fails), which no test on this machine would otherwise notice.
/// </summary>
public sealed partial class DockerfileTests
{
    private static IEnumerable<string> Dockerfiles() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "deploy", "docker"), "*.Dockerfile").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Dockerfiles))]
    public void The_restore_layer_should_copy_every_project_of_the_solution(string dockerfile)
    {
        var solution = SolutionProject().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Heimdall.sln")))
            .Select(m => m.Groups[1].Value.Replace('\\', '/')).Order().ToList();
        var copied = CopiedProject().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "docker", dockerfile)))
            .Select(m => m.Groups[1].Value).Order().ToList();
        Assert.That(copied, Is.EqualTo(solution));
    }

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex SolutionProject();

    [GeneratedRegex(@"^COPY (\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();
}
