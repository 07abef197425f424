#!/usr/bin/python3
"""Side by side, on one core: Heimdall's full metric set against the predecessor's method in scipy, on the same files.

The predecessor's method (what the Python pipeline did per capture): decode ci16_le, scipy.signal.welch (Hann, 1024,
two-sided, density), then the peak of a zero-padded FFT of the whole capture for the frequency offset, the median PSD as
noise floor, and the power and SNR from those. Heimdall is timed in its own process by `Heimdall.Benchmarks time-file`
(in-process, after a warm-up, file already in memory), once with FFTW and once with the managed FFT.

Usage (Debian's python3-scipy; build the benchmarks first with
`dotnet build tests/Heimdall.Benchmarks -c Release`):
    /usr/bin/python3 tests/Heimdall.Benchmarks/scipy_reference.py [--runs 15] [--core 1] [--padding 2]
"""
import argparse
import json
import os
import pathlib
import subprocess
import tempfile
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import numpy as np  # noqa: E402  (after pinning the thread count)
import scipy  # noqa: E402
from scipy import signal  # noqa: E402

SAMPLE_RATE = 12_000.0
REPO = pathlib.Path(__file__).resolve().parents[2]
BENCHMARKS_DLL = REPO / "tests/Heimdall.Benchmarks/bin/Release/net10.0/Heimdall.Benchmarks.dll"


def make_capture(count, seed):
    """ci16_le bytes: a -20 dBFS tone at +1234.56 Hz in complex white noise 20 dB below it."""
    rng = np.random.default_rng(seed)
    n = np.arange(count)
    x = 0.1 * np.exp(2j * np.pi * 1234.56 * n / SAMPLE_RATE)
    x += np.sqrt(1e-4 / 2) * (rng.standard_normal(count) + 1j * rng.standard_normal(count))
    iq = np.empty(2 * count, dtype="<i2")
    iq[0::2] = np.clip(np.round(x.real * 32768), -32768, 32767)
    iq[1::2] = np.clip(np.round(x.imag * 32768), -32768, 32767)
    return iq.tobytes()


def decode(data):
    iq = np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0
    return iq[0::2] + 1j * iq[1::2]


def welch_only(data):
    x = decode(data)
    return signal.welch(x, fs=SAMPLE_RATE, window="hann", nperseg=1024, noverlap=512, detrend=False,
                        return_onesided=False, scaling="density")


def predecessor(data, padding):
    x = decode(data)
    _, pxx = signal.welch(x, fs=SAMPLE_RATE, window="hann", nperseg=1024, noverlap=512, detrend=False,
                          return_onesided=False, scaling="density")
    pxx = np.fft.fftshift(pxx)
    nfft = padding * (1 << (len(x) - 1).bit_length())
    spectrum = np.abs(np.fft.fft(x, n=nfft))
    peak = int(np.argmax(spectrum))
    offset = np.fft.fftfreq(nfft, d=1 / SAMPLE_RATE)[peak]
    power = float(np.mean(np.abs(x) ** 2))
    noise = float(np.median(pxx)) * SAMPLE_RATE
    snr = 10 * np.log10(max(power - noise, 1e-30) / noise)
    return {"offset": offset, "power_dbfs": 10 * np.log10(power), "snr_db": snr, "peak": float(pxx.max())}


def timed(function, runs):
    function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2]


def heimdall(path, runs, core, backend):
    environment = dict(os.environ, HEIMDALL_FFT=backend, DOTNET_gcServer="0")
    output = subprocess.run(
        ["taskset", "-c", str(core), "dotnet", str(BENCHMARKS_DLL), "time-file", str(path), "ci16_le", str(SAMPLE_RATE), str(runs)],
        check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per method and size (median reported)")
    parser.add_argument("--core", type=int, default=1, help="CPU core that every method is pinned to")
    parser.add_argument("--padding", type=int, default=2, help="zero padding of the predecessor's FFT: this times the next power of two")
    arguments = parser.parse_args()
    if not BENCHMARKS_DLL.exists():
        raise SystemExit(f"{BENCHMARKS_DLL} is missing: run `dotnet build tests/Heimdall.Benchmarks -c Release` first")

    os.sched_setaffinity(0, {arguments.core})
    print(f"scipy {scipy.__version__}, numpy {np.__version__}; all pinned to core {arguments.core}; "
          f"median of {arguments.runs} runs; ci16_le at {SAMPLE_RATE:.0f} Hz, 1024-sample segments")
    print(f"{'samples':>9} {'scipy welch':>12} {'predecessor':>12} {'Heimdall fftw':>14} {'Heimdall managed':>17} "
          f"{'pred/fftw':>10} {'pred/managed':>13} {'welch/fftw':>11}")
    with tempfile.TemporaryDirectory() as directory:
        for count in (120_000, 1_200_000):
            data = make_capture(count, seed=count)
            path = pathlib.Path(directory) / f"capture-{count}.ci16"
            path.write_bytes(data)
            welch_ms = timed(lambda: welch_only(data), arguments.runs)
            predecessor_ms = timed(lambda: predecessor(data, arguments.padding), arguments.runs)
            fftw = heimdall(path, arguments.runs, arguments.core, "fftw")
            managed = heimdall(path, arguments.runs, arguments.core, "managed")
            print(f"{count:>9} {welch_ms:>10.2f}ms {predecessor_ms:>10.2f}ms {fftw['medianMs']:>12.2f}ms "
                  f"{managed['medianMs']:>15.2f}ms {predecessor_ms / fftw['medianMs']:>9.1f}x "
                  f"{predecessor_ms / managed['medianMs']:>12.1f}x {welch_ms / fftw['medianMs']:>10.1f}x")


if __name__ == "__main__":
    main()
