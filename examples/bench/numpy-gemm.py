#!/usr/bin/python3
"""numpy's float64 (or, with --float32, float32) GFLOPS for square products, in the line format of reference.py.

reference.py measures numpy's GEMM at n = 1024 only; the plain backend's target is stated for n <= 256 too, so
this measures the comparison program's smaller squares (warm-up, then the median of timed samples) and leaves
n = 1024 to reference.py, whose figure the targets quote.
Usage: numpy-gemm.py [--float32] [n ...]   (default: 32 64 128 256 512)
"""
import os
import sys
import time

import numpy as np


def blas_description():
    """numpy's BLAS, its CPU kernel and threads: OpenBLAS picks its kernels by CPU, and may not know this one."""
    try:
        from threadpoolctl import threadpool_info
        infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        infos = []
    described = ["%s %s, core %s, %s threads" % (i.get("internal_api"), i.get("version"), i.get("architecture"),
                                                 i.get("num_threads")) for i in infos]
    return "; ".join(described) or "unknown (no threadpoolctl)"


def gflops(n, dtype=np.float64, samples=7, sample_seconds=0.1):
    rng = np.random.default_rng(0)
    a = rng.random((n, n)).astype(dtype)
    b = rng.random((n, n)).astype(dtype)
    c = np.empty((n, n), dtype=dtype)
    t = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - t < 0.3:  # warm-up, and the time of one call
        np.matmul(a, b, out=c)
        calls += 1
    per_call = (time.perf_counter() - t) / calls
    reps = max(1, int(sample_seconds / per_call))
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(reps):
            np.matmul(a, b, out=c)
        times.append((time.perf_counter() - t) / reps)
    return 2 * n ** 3 / sorted(times)[len(times) // 2] / 1e9


if __name__ == "__main__":
    args = sys.argv[1:]
    dtype, name = (np.float32, "f32") if "--float32" in args else (np.float64, "f64")
    sizes = [int(s) for s in args if s != "--float32"] or [32, 64, 128, 256, 512]
    print("numpy BLAS: %s (OPENBLAS_CORETYPE=%s)" % (blas_description(), os.environ.get("OPENBLAS_CORETYPE", "")))
    for n in sizes:
        print("numpy gemm %s %d: %.1f GFLOPS" % (name, n, gflops(n, dtype)), flush=True)
