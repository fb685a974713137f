#!/usr/bin/python3
"""numpy's square GEMM in GFLOPS per second of CPU time (all of the process's threads), beside its wall-clock GFLOPS:
the figure to set against AbGemm.java -Dcpu=true on a machine other processes keep busy.
Usage: numpy-gemm-cpu.py [--float64] [n ...]   (float32 by default; OPENBLAS_NUM_THREADS=1 for one thread)
"""
import sys
import time

import numpy as np


def main():
    args = sys.argv[1:]
    dtype = np.float64 if "--float64" in args else np.float32
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
            cpu.append(2.0 * n ** 3 * reps / (time.process_time() - p) / 1e9)
            wall.append(2.0 * n ** 3 * reps / (time.perf_counter() - w) / 1e9)
        cpu.sort()
        wall.sort()
        print("numpy %s n=%4d: %.1f GFLOPS per CPU second (%.1f-%.1f), %.1f per wall second"
              % (np.dtype(dtype).name, n, cpu[4], cpu[0], cpu[-1], wall[4]), flush=True)


if __name__ == "__main__":
    main()
