using BenchmarkDotNet.Running;

namespace Heimdall.Benchmarks;

/// <summary>Entry point: pick benchmarks with BenchmarkDotNet's switcher (e.g. <c>--filter '*' --job short</c>).</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected by the command-line arguments.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
