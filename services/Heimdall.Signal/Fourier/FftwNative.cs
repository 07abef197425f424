using System.Reflection;
using System.Runtime.InteropServices;

namespace Heimdall.Signal.Fourier;

/// <summary>
/// The few FFTW 3 (double precision) entry points Heimdall calls, bound at run time to the system's
/// <c>libfftw3</c> (Debian: <c>libfftw3-double3</c>). FFTW is GPL-2.0-or-later: see README.md, "FFT".
/// </summary>
internal static class FftwNative
{
    /// <summary>FFTW_FORWARD: the e^(−j…) transform.</summary>
    public const int Forward = -1;

    /// <summary>FFTW_ESTIMATE: plan by heuristics, without timing trial transforms or touching the arrays.</summary>
    public const uint Estimate = 1u << 6;

    private const string LibraryName = "fftw3";

    private static readonly string[] Candidates = ["libfftw3.so.3", "libfftw3.so", "libfftw3.3.dylib", "libfftw3-3.dll"];
    private static readonly Lazy<bool> Loaded = new(Load);

    /// <summary>True if the native library could be loaded (checked once).</summary>
    public static bool IsAvailable => Loaded.Value;

    [DllImport(LibraryName, EntryPoint = "fftw_plan_dft_1d")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern IntPtr PlanDft1d(int n, IntPtr input, IntPtr output, int sign, uint flags);

    [DllImport(LibraryName, EntryPoint = "fftw_execute_dft")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern void ExecuteDft(IntPtr plan, IntPtr input, IntPtr output);

    private static bool Load()
    {
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                NativeLibrary.SetDllImportResolver(
                    typeof(FftwNative).Assembly,
                    (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);
                return true;
            }
        }

        return false;
    }
}
