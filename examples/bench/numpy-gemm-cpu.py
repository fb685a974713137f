#!/usr/bin/python3
"""numpy's square GEMM in GFLOPS per second of CPU time (all of the process's threads), beside its wall-clock GFLOPS:
the figure to set against AbGemm.java -Dcpu=true on a machine other processes keep busy.
Usage: numpy-gemm-cpu.py [--float64] [--each] [n ...]   (float32 by default; OPENBLAS_NUM_THREADS=1 for one thread)
--each also prints every sample's wall-clock GFLOPS and the process's CPU seconds per wall second: with N threads, the
samples near N are what a quiet machine gives (GemmThreads.java does the same for plain).
"""
import sys
import time

import numpy as np


def main():
    args = sys.argv[1:]
    dtype = np.float64 if "--float64" in args else np.float32
    each = "--each" in args
    sizes = [int(s) for s in args if not s.startswith("--")] or [64, 128, 256, 512, 1024]
    for n in sizes:
        rng = np.random.default_rng(0)
        a = rng.random((n, n)).astype(dtype)
        b = rng.random((n, n)).astype(dtype)
        c = np.empty((n, n), dtype=dtype)
        start = time.perf_counter()
        while time.perf_counter() - start < 1.0:  # warm-up
            np.matmul(a, b, out=c)
        reps = max(1, int(0.15 * 50e9 / (2.0 * n ** 3)))  # about 150 ms at 50 GFLOPS
        cpu, wall = [], []
        for _ in range(9):
            p, w = time.process_time(), time.perf_counter()
            for _ in range(reps):
                np.matmul(a, b, out=c)
            cpu_seconds, wall_seconds = time.process_time() - p, time.perf_counter() - w
            cpu.append(2.0 * n ** 3 * reps / cpu_seconds / 1e9)
            wall.append(2.0 * n ** 3 * reps / wall_seconds / 1e9)
            if each:
                print("numpy %s n=%4d sample: %.1f GFLOPS per wall second, %.2f CPU seconds per wall second"
                      % (np.dtype(dtype).name, n, wall[-1], cpu_seconds / wall_seconds), flush=True)
        cpu.sort()
        wall.sort()
        print("numpy %s n=%4d: %.1f GFLOPS per CPU second (%.1f-%.1f), %.1f per wall second"
              % (np.dtype(dtype).name, n, cpu[4], cpu[0], cpu[-1], wall[4]), flush=True)


if __name__ == "__main__":
    main()
