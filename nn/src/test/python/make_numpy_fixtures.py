#!/usr/bin/python3
"""Regenerates the numpy fixtures of the tests (run from anywhere with Debian's python3: numpy, scikit-learn):

    /usr/bin/python3 nn/src/test/python/make_numpy_fixtures.py

Writes, relative to the repository root:
- nn/src/test/resources/dev/tinytorch/nn/random/numpy_draws.json: draws of numpy's legacy RandomState, which
  NumpyRandomTest compares with dev.tinytorch.nn.random.NumpyRandom bit for bit;
- nn/src/test/resources/dev/tinytorch/nn/data/tutorial_draws.json: the random draws of the breast-cancer
  walk-through (tutorial.py --dump): the split permutation, every initial weight matrix and every epoch's shuffle;
- examples/src/main/resources/dev/tinytorch/examples/tutorial_output.txt: the lines the walk-through prints,
  which the BreastCancer demo compares its own with.
The tests never run Python: they read these committed files. Recorded with numpy 1.24.2 and scikit-learn 1.2.1.
"""
import decimal, json, math, os, subprocess, sys, tempfile
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))


def numpy_draws():
    R = np.random.RandomState
    d = {"numpy_version": np.__version__}
    # raw 32-bit outputs: randint over the full 32-bit range returns them unmasked
    d["raw32"] = {str(s): R(s).randint(0, 2**32, size=8, dtype=np.uint64).tolist() for s in (0, 1, 9, 2**32 - 1)}
    d["raw32_after_1000"] = R(5489).randint(0, 2**32, size=1010, dtype=np.uint64).tolist()[1000:]
    d["random_sample"] = {str(s): R(s).random_sample(10).tolist() for s in (0, 9, 123456789)}
    d["uniform_seed3"] = R(3).uniform(-0.3, 0.7, 10).tolist()
    r = R(9); d["uniform_30x20_after_30x1_seed9"] = [r.uniform(-1 / np.sqrt(30), 1 / np.sqrt(30), (30, 1)).ravel().tolist(),
                                                      r.uniform(-1 / np.sqrt(30), 1 / np.sqrt(30), (30, 20)).ravel().tolist()]
    d["permutation"] = {"seed": 1, "n": [10, 1, 0, 1000], "values": []}
    r = R(1)
    for n in d["permutation"]["n"]:
        d["permutation"]["values"].append(r.permutation(n).tolist())
    x = np.arange(100, 120); R(4).shuffle(x); d["shuffle_100_to_119_seed4"] = x.tolist()
    d["randint"] = []
    for seed, low, high, size in [(2, 0, 10, 20), (2, -5, 1000, 20), (7, 0, 2**31 - 1, 10), (7, 0, 2**31 + 5, 10),
                                  (8, -2**31, 2**31, 10), (8, 0, 2**32 - 1, 10), (11, 0, 2**40 + 3, 10),
                                  (11, -2**62, 2**62, 10), (12, 5, 6, 3)]:
        d["randint"].append({"seed": seed, "low": low, "high": high,
                             "values": R(seed).randint(low, high, size=size, dtype=np.int64).tolist()})
    d["standard_normal_seed9_201"] = R(9).standard_normal(201).tolist()
    d["normal_seed5"] = R(5).normal(2.0, 3.0, 7).tolist()
    r = R(6)  # the cached second value survives other draws in between
    d["interleaved_seed6"] = [r.standard_normal(), r.random_sample(), r.standard_normal(), r.standard_normal(),
                              float(r.randint(0, 100)), r.standard_normal()]
    # the correctly rounded natural logarithm (45 significant digits, then rounded once), on arguments like the
    # Box-Muller step's r^2 in (0, 1) and a few others; "libm_differs" lists those where the C library's log is off
    ctx = decimal.Context(prec=45)
    cr = lambda v: float(ctx.ln(decimal.Decimal(v)))
    r = R(13)
    pool = [v for v in (r.random_sample(20000) ** 2 + r.random_sample(20000) ** 2).tolist() if 0 < v < 1]
    args = pool[:300] + [v for v in pool[300:] if math.log(v) != cr(v)] + [
        1e-300, 2.2250738585072014e-308, 0.5, 1.0, 1 + 2**-52, 1 - 2**-53, 2.0, 3.0, 1e300, 1.7976931348623157e308]
    logs = [cr(v) for v in args]
    d["log_correctly_rounded"] = {"x": args, "log": logs,
                                  "libm_differs": [i for i, (v, l) in enumerate(zip(args, logs)) if math.log(v) != l]}
    return d


def main():
    draws = os.path.join(ROOT, "nn/src/test/resources/dev/tinytorch/nn/random/numpy_draws.json")
    os.makedirs(os.path.dirname(draws), exist_ok=True)
    with open(draws, "w") as f:
        json.dump(numpy_draws(), f)
        f.write("\n")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, os.path.join(HERE, "tutorial.py"), "--dump", tmp],
                             check=True, capture_output=True, text=True).stdout
        with open(os.path.join(tmp, "tutorial_draws.json")) as f:
            tutorial = json.load(f)
    tutorial_file = os.path.join(ROOT, "nn/src/test/resources/dev/tinytorch/nn/data/tutorial_draws.json")
    with open(tutorial_file, "w") as f:
        json.dump(tutorial, f)
        f.write("\n")
    with open(os.path.join(ROOT, "examples/src/main/resources/dev/tinytorch/examples/tutorial_output.txt"), "w") as f:
        f.write(out)


if __name__ == "__main__":
    main()
