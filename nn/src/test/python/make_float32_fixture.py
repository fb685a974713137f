#!/usr/bin/python3
"""Regenerates the PyTorch float32 training fixture (issue 17). Run from anywhere with Debian's python3 and
python3-torch (recorded with python3-torch 1.13.1, whose torch.__version__ says 1.13.0a0):

    /usr/bin/python3 nn/src/test/python/make_float32_fixture.py

It writes nn/src/test/resources/dev/tinytorch/nn/torch/float32_fixture.safetensors (relative to the repository
root), which the tests read through TorchFixture.float32(); the tests never run Python.

FORMAT. A safetensors file of F32 tensors only (PyTorch's default dtype, the one the fixture is about), each
row-major. Names, for OPT in adam, sgd:

  OPT.inputs [S, B, F], OPT.targets [S, B]     S = 20 batches of B = 8 rows of F = 10 random inputs, and their
      classes: the argmax of a fixed random linear map of the inputs, a rule the network learns
  OPT.initial.NAME, OPT.final.NAME              the state_dict of Sequential(Linear(10, 16), ReLU(), Linear(16, 4))
      before the first and after the last step: 0.weight [16, 10], 0.bias [16], 2.weight [4, 16], 2.bias [4]
  OPT.loss [S]                                  each step's mean cross entropy, before its update

Each step is cross entropy (mean over the batch), backward, then the optimizer: Adam(lr 0.01, betas 0.9 and 0.999,
eps 1e-8) for adam, SGD(lr 0.1, momentum 0.9) for sgd. Everything is float32, PyTorch's default, on one thread.
"""
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from fixture_safetensors import write_safetensors

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "nn/src/test/resources/dev/tinytorch/nn/torch")
STEPS, BATCH, FEATURES, HIDDEN, CLASSES = 20, 8, 10, 16, 4

torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

tensors = {}
metadata = {"torch_version": torch.__version__, "numpy_version": np.__version__,
            "generator": "nn/src/test/python/make_float32_fixture.py"}


def put(name, value):
    assert name not in tensors, name
    tensors[name] = torch.as_tensor(value, dtype=torch.float32).detach().clone().contiguous()


def training(name, make_optimizer, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    model = nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, CLASSES))
    p = name
    for key, value in model.state_dict().items():
        put(p + ".initial." + key, value)
    inputs = torch.rand(STEPS, BATCH, FEATURES, generator=gen) * 4 - 2
    teacher = torch.rand(FEATURES, CLASSES, generator=gen) * 2 - 1
    targets = (inputs @ teacher).argmax(-1)  # a rule the network can learn, so its loss falls
    put(p + ".inputs", inputs)
    put(p + ".targets", targets)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for s in range(STEPS):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs[s]), targets[s])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    put(p + ".loss", losses)
    for key, value in model.state_dict().items():
        put(p + ".final." + key, value)
    metadata[p] = "Sequential(Linear(%d, %d), ReLU, Linear(%d, %d)), cross entropy, %s, %d steps of batch %d, float32" % (
        FEATURES, HIDDEN, HIDDEN, CLASSES, optimizer.__class__.__name__, STEPS, BATCH)


def main():
    training("adam", lambda params: torch.optim.Adam(params, lr=0.01), 17)
    training("sgd", lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9), 18)
    path = os.path.join(OUT, "float32_fixture.safetensors")
    write_safetensors(path, tensors, metadata, "F32")
    print("wrote %d tensors to %s" % (len(tensors), os.path.relpath(path, ROOT)))


if __name__ == "__main__":
    main()
