namespace Heimdall.Signal;

/// <summary>Which FFT computes the spectra (see README.md, "FFT").</summary>
public enum FftBackend
{
    /// <summary>The managed radix-2 transform shipped with Heimdall (Apache-2.0).</summary>
    Managed,

    /// <summary>FFTW 3 in double precision, loaded from the system at run time (GPL-2.0-or-later).</summary>
    Fftw,
}
