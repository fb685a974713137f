#!/usr/bin/python3
"""The breast-cancer walk-through of the numpy tutorial, recomputed with numpy's legacy random stream, so that
every printed number can be compared with a reimplementation. Prints the 20 epoch lines and the scikit-learn score,
and with --dump DIR writes the random draws a reimplementation must reproduce (see --help).

Run with Debian's python3 (numpy, scikit-learn): /usr/bin/python3 tutorial.py [--dump DIR]

Copied unchanged (but for this paragraph) from the project's shared reference scripts (bench/tutorial.py, beside
the shared data), the spec the BreastCancer demo reproduces; make_numpy_fixtures.py runs it to record fixtures.
"""
import sys, os, json
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

SEED = 9
np.random.seed(SEED)                       # the global legacy RandomState: weights and shuffles draw from it
draws = {"weights": [], "permutations": []}

X, y = load_breast_cancer(return_X_y=True)
Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=0.2, random_state=SEED)   # its own RandomState(9)
mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)                                      # population std, train stats
Xtr, Xva = (Xtr - mu) / sd, (Xva - mu) / sd
ytr, yva = ytr.reshape(-1, 1).astype(float), yva.reshape(-1, 1).astype(float)

def linear(n_in, n_out):
    k = 1 / np.sqrt(n_in)
    w = np.random.uniform(-k, k, (n_in, n_out)); draws["weights"].append(w.tolist())
    return [w, np.zeros(n_out)]

def forward(params, x):
    acts, h = [x], x
    for i, (w, b) in enumerate(params):
        z = h @ w + b
        h = np.maximum(z, 0) if i < len(params) - 1 else np.where(z > 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
        acts.append(h)
    return acts

def bce(p, t):
    p = p.clip(1e-8, 1 - 1e-8)
    return -np.where(t == 1, np.log(p), np.log(1 - p)), (p - t) / (p * (1 - p))

order = [Xtr, ytr]                         # the loader keeps its shuffled copy: each epoch permutes the last order
def batches(bs=64):
    perm = np.random.permutation(len(order[1])); draws["permutations"].append(perm.tolist())
    order[0], order[1] = order[0][perm], order[1][perm]
    for i in range(len(order[1]) // bs):   # the last partial batch is dropped
        yield order[0][i * bs:(i + 1) * bs], order[1][i * bs:(i + 1) * bs]

def train(params, epochs=10, lr=0.1):
    for epoch in range(epochs):
        total, n = 0.0, 0
        for xb, yb in batches():
            acts = forward(params, xb)
            losses, g = bce(acts[-1], yb)
            g = acts[-1] * (1 - acts[-1]) * g           # sigmoid backward, on the unclipped output
            for i in range(len(params) - 1, -1, -1):
                w, b = params[i]
                gw, gb = (acts[i][:, :, None] @ g[:, None, :]).mean(axis=0), g.mean(axis=0)
                if i > 0:
                    g = np.where(acts[i] > 0, g @ w.T, 0)
                params[i][0] = w - lr * gw; params[i][1] = b - lr * gb
            total += losses.sum(); n += len(yb)
        pv = forward(params, Xva)[-1]
        vl, _ = bce(pv, yva)
        print(f"epoch= {epoch:2d} | loss= {total / n:.3f} | val_loss= {vl.sum() / len(yva):.3f} | "
              f"val_metric= {((pv > 0.5) == yva).mean():.3f}")

train([linear(30, 1)])
print(LogisticRegression(random_state=SEED).fit(Xtr, ytr.ravel()).score(Xva, yva.ravel()))
train([linear(30, 20), linear(20, 1)])
if "--dump" in sys.argv:
    d = sys.argv[sys.argv.index("--dump") + 1]; os.makedirs(d, exist_ok=True)
    split = np.random.RandomState(SEED).permutation(len(y))
    json.dump({"train_test_split_permutation": split.tolist(), "n_test": 114,
               "random_sample_seed9_first10": np.random.RandomState(SEED).random_sample(10).tolist(), **draws},
              open(os.path.join(d, "tutorial_draws.json"), "w"))
