using System.Diagnostics;
using System.Text.RegularExpressions;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>The documents are the repository's own: every relative link resolves inside it, and nothing points outside it.</summary>
public sealed partial class DocumentationTests
{
    private static readonly Lazy<IReadOnlyList<string>> Tracked = new(() => Git("ls-files").Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<string> MarkdownFiles() => Tracked.Value.Where(f => f.EndsWith(".md", StringComparison.Ordinal));

    [TestCaseSource(nameof(MarkdownFiles))]
    public void Every_relative_link_should_resolve_inside_the_repository(string document)
    {
        var folder = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, document))!;
        var broken = MarkdownLink().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, document)))
            .Select(m => m.Groups[1].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => !IsInside(Path.GetFullPath(Path.Combine(folder, target))) || !Exists(Path.GetFullPath(Path.Combine(folder, target))))
            .ToList();
        Assert.That(broken, Is.Empty, $"{document} links to what is not in the repository");
    }

    [Test]
    public void No_tracked_file_should_refer_to_the_folder_beside_the_repository()
    {
        var offending = Tracked.Value
            .Where(f => !f.StartsWith("tests/Heimdall.Repository.Tests/", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".cf32", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(RepositoryPaths.Root, f)).Contains("../shared/DESIGN", StringComparison.Ordinal)
                        || File.ReadAllText(Path.Combine(RepositoryPaths.Root, f)).Contains("DESIGN §", StringComparison.Ordinal))
            .ToList();
        Assert.That(offending, Is.Empty);
    }

    private static bool IsInside(string path) => path.StartsWith(RepositoryPaths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == RepositoryPaths.Root;

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static string Git(string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return output;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
