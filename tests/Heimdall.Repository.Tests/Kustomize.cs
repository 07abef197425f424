using System.Diagnostics;
using Heimdall.Testing;

namespace Heimdall.Repository.Tests;

/// <summary>`kubectl kustomize` of a folder (kubectl must be on PATH; ./heimdall test installs it when missing).</summary>
public static class Kustomize
{
    /// <summary>deploy/k8s.</summary>
    public static string Manifests { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "k8s");

    public static string Render(string folder)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process kubectl;
        try
        {
            kubectl = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("kubectl is not on PATH (./heimdall test installs Debian's kubernetes-client when it is missing).", ex);
        }

        using (kubectl)
        {
            var stderr = kubectl.StandardError.ReadToEndAsync();
            var output = kubectl.StandardOutput.ReadToEnd();
            kubectl.WaitForExit();
            Assert.That(kubectl.ExitCode, Is.Zero, $"kubectl kustomize {folder} failed: {stderr.Result}");
            return output;
        }
    }
}
