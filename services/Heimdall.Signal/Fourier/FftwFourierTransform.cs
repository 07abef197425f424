using System.Numerics;
using System.Runtime.InteropServices;

namespace Heimdall.Signal.Fourier;

/// <summary>
/// FFTW's complex forward transform, in place on a pinned, 64-byte aligned buffer. Plans are made once per size
/// (FFTW's planner is not thread-safe, so under a lock) and executed on each instance's own buffer with
/// <c>fftw_execute_dft</c>, which is thread-safe.
/// </summary>
internal sealed class FftwFourierTransform : IFourierTransform
{
    private const int Alignment = 64;

    private static readonly Dictionary<int, IntPtr> Plans = [];
    private static readonly Lock PlannerLock = new();

    private readonly double[] _storage;
    private readonly int _offset;
    private readonly IntPtr _pointer;
    private readonly IntPtr _plan;

    /// <summary>Prepares a transform of <paramref name="size"/> points. FFTW must be available (<see cref="FftwNative.IsAvailable"/>).</summary>
    public FftwFourierTransform(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        Size = size;
        (_storage, _offset, _pointer) = AllocateAligned(size);
        _plan = PlanFor(size);
    }

    /// <inheritdoc />
    public int Size { get; }

    /// <inheritdoc />
    public Span<Complex> Buffer => MemoryMarshal.Cast<double, Complex>(_storage.AsSpan(_offset, 2 * Size));

    /// <inheritdoc />
    public void Forward() => FftwNative.ExecuteDft(_plan, _pointer, _pointer);

    private static IntPtr PlanFor(int size)
    {
        lock (PlannerLock)
        {
            if (!Plans.TryGetValue(size, out var plan))
            {
                // The planning buffer only fixes the alignment and in-place layout; FFTW_ESTIMATE never touches it.
                var (_, _, scratch) = AllocateAligned(size);
                plan = FftwNative.PlanDft1d(size, scratch, scratch, FftwNative.Forward, FftwNative.Estimate);
                if (plan == IntPtr.Zero)
                {
                    throw new InvalidOperationException($"FFTW could not plan a {size}-point transform.");
                }

                Plans[size] = plan;
            }

            return plan;
        }
    }

    private static (double[] Storage, int Offset, IntPtr Pointer) AllocateAligned(int size)
    {
        var storage = GC.AllocateArray<double>((2 * size) + (Alignment / sizeof(double)), pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(storage, 0);
        var offset = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(double);
        return (storage, offset, address + (offset * sizeof(double)));
    }
}
