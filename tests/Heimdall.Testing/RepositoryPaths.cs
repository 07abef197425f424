namespace Heimdall.Testing;

/// <summary>Locations inside the repository, found from the test binary by walking up to Heimdall.sln.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Migrations => Path.Combine(Root, "db", "migrations");

    /// <summary>The built service assembly (tests reference the service projects, so they are built with the tests).</summary>
    public static string ServiceAssembly(string service)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Root, "services", service, "bin", configuration, "net10.0", service + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{service} is not built at {path}.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Heimdall.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Heimdall.sln not found above " + AppContext.BaseDirectory);
    }
}
