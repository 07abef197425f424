#!/usr/bin/python3
"""Regenerates the Welch golden vectors that Heimdall.Signal is checked against.

Needs Debian's python3-scipy (apt-get install python3-scipy); run from this directory:
    /usr/bin/python3 generate.py
For each case it writes <name>.cf32 (the input, interleaved little-endian float32 I/Q, i.e. SigMF cf32_le) and
<name>.json (the parameters and scipy's two-sided density PSD, fft-shifted so frequencies ascend from -fs/2).
The input is generated in float32 and the PSD computed from exactly those values, in float64.
"""
import json

import numpy as np
import scipy
from scipy import signal

CASES = [
    # name, sample rate, samples, segment length, detrend, components (amplitude, frequency Hz), DC offset, noise power, seed
    ("tone_in_noise", 12_000.0, 8192, 1024, False, [(0.1, 1234.5)], 0j, 1e-4, 1),
    ("dc_offset_mean_removed", 48_000.0, 5000, 256, "constant", [(0.3, -7000.0)], 0.05 + 0.02j, 1e-3, 2),
    ("two_tones_band_edge", 2_400_000.0, 4096, 512, False, [(0.5, 1_190_000.0), (0.05, -300_000.0)], 0j, 1e-5, 3),
]


def make_input(sample_rate, count, components, dc, noise_power, seed):
    rng = np.random.default_rng(seed)
    t = np.arange(count) / sample_rate
    x = np.full(count, dc, dtype=np.complex128)
    for amplitude, frequency in components:
        x += amplitude * np.exp(2j * np.pi * frequency * t)
    sigma = np.sqrt(noise_power / 2)
    x += sigma * (rng.standard_normal(count) + 1j * rng.standard_normal(count))
    return x.astype(np.complex64)


def main():
    for name, fs, count, nperseg, detrend, components, dc, noise_power, seed in CASES:
        x = make_input(fs, count, components, dc, noise_power, seed)
        x.tofile(f"{name}.cf32")  # complex64 is interleaved float32 I/Q in native (little-endian) order
        f, pxx = signal.welch(x.astype(np.complex128), fs=fs, window="hann", nperseg=nperseg, noverlap=nperseg // 2,
                              detrend=detrend, return_onesided=False, scaling="density", average="mean")
        f, pxx = np.fft.fftshift(f), np.fft.fftshift(pxx)
        with open(f"{name}.json", "w", encoding="utf-8") as out:
            json.dump({
                "generator": f"scipy {scipy.__version__}, numpy {np.__version__}",
                "sampleRateHz": fs,
                "segmentLength": nperseg,
                "removeMean": detrend == "constant",
                "frequenciesHz": [float(v) for v in f],
                "density": [float(v) for v in pxx],
            }, out, indent=0)
            out.write("\n")
        print(f"{name}: {count} samples, {nperseg}-sample segments, detrend={detrend}")


if __name__ == "__main__":
    main()
