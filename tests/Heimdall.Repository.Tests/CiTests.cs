using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>
/// Both ways CI runs the tests cover both database variants: <c>./heimdall test</c> (the local stack) and the
/// Testcontainers job of the workflow run the same database-facing projects a second time on plain PostgreSQL, and the
/// workflow names the variant of every pass (unset, tests that need one variant would be skipped, not failed).
/// </summary>
public sealed partial class CiTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([RepositoryPaths.Root, .. path]));

    [Test]
    public void The_workflows_plain_pass_should_run_the_projects_the_script_runs_twice()
    {
        var script = DatabaseProjects().Match(Read("heimdall")).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var workflow = Read(".github", "workflows", "ci.yml");
        var loop = WorkflowLoop().Match(workflow).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(script, Is.Not.Empty);
        Assert.That(loop, Is.EqualTo(script));
    }

    [Test]
    public void The_Testcontainers_job_should_name_the_database_variant_of_each_pass()
    {
        var job = Read(".github", "workflows", "ci.yml").Split("test-with-containers:")[1];
        Assert.That(job, Does.Contain("HEIMDALL_TEST_DATABASE_VARIANT: timescaledb").And.Contain("HEIMDALL_TEST_DATABASE_VARIANT: plain"));
    }

    [GeneratedRegex(@"^DATABASE_TEST_PROJECTS=\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex DatabaseProjects();

    [GeneratedRegex(@"for project in ([\w. ]+); do")]
    private static partial Regex WorkflowLoop();
}
