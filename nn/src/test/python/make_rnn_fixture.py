#!/usr/bin/python3
"""Regenerates the PyTorch fixture of the recurrent layers (issue 16). Run from anywhere with Debian's python3 and
python3-torch (recorded with python3-torch 1.13.1+dfsg-4, whose torch.__version__ says 1.13.0a0):

    /usr/bin/python3 nn/src/test/python/make_rnn_fixture.py

It writes nn/src/test/resources/dev/tinytorch/nn/torch/rnn_fixture.safetensors (relative to the repository root),
which the tests read through TorchFixture.recurrent(); the tests never run Python.

FORMAT. A safetensors file of F64 tensors only, each row-major (C order). A batch_first sequence batch [B, T, F] is
exactly tinytorch's layout, one sequence per row with its steps one after the other: tensor.data() is the matrix
B x (T*F) row-major. A state [L, B, H] is tinytorch's (L*B) x H. Biases [G] are tinytorch's 1 x G rows.
`__metadata__` holds "torch_version", "numpy_version", "generator" and a description per case. Names, for KIND in
rnn (tanh), lstm, gru:

  KIND.caseK.num_layers, KIND.caseK.last      [1] each: the layer count and 1 if the output is the last step only
  KIND.caseK.input                            [B, T, F]
  KIND.caseK.h0 (and lstm's c0)               [L, B, H], only in the cases with a given initial state
  KIND.caseK.{weight_ih_lN, weight_hh_lN, bias_ih_lN, bias_hh_lN}   torch.nn's parameters, [G*H, in], [G*H, H], [G*H]
  KIND.caseK.output                           [B, T, H] (every step) or [B, H] (output[:, -1])
  KIND.caseK.grad_output                      the fixed random upstream gradient G, shaped as the output
  KIND.caseK.grad_input, KIND.caseK.grad_PARAM   the gradients of sum(output * G)
      case1: one layer, every step, from zeros; case2: two layers, the last step, from a given state

  train.KIND.inputs [S, B, T, F], train.KIND.targets [S, B]   S = 20 batches of random sequences and classes
  train.KIND.initial.NAME, train.KIND.final.NAME   the state_dict before the first and after the last step of
      Sequential(KIND(4, 6, num_layers=2, batch_first=True) -> output[:, -1] -> Linear(6, 3)); NAME is
      0.weight_ih_l0 ... 0.bias_hh_l1, 2.weight [3, 6], 2.bias [3]
  train.KIND.loss [S]                          each step's mean cross entropy, before its update
  train.KIND.max_norm [1]                      the clipping bound: 1.0 (rnn), 0.3 (lstm), 0.5 (gru)

CONVENTIONS (PyTorch's, which tinytorch follows): gates i, f, g, o (LSTM) and r, z, n (GRU, the reset gate applied to
W_hn h + b_hn); each training step is cross entropy (mean over the batch), backward,
torch.nn.utils.clip_grad_norm_(parameters, max_norm) (the total 2-norm over every gradient; scaled by
max_norm / (norm + 1e-6) when that is below 1, which it is at some steps and not at others), then Adam(lr 0.01, betas 0.9 and 0.999,
eps 1e-8).
"""
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from fixture_safetensors import write_safetensors

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "nn/src/test/resources/dev/tinytorch/nn/torch")
KINDS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
STEPS, BATCH, SEQ, FEATURES, HIDDEN, CLASSES = 20, 5, 7, 4, 6, 3
MAX_NORM = {"rnn": 1.0, "lstm": 0.3, "gru": 0.5}  # each clipping at some steps only
LR = 0.01

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

tensors = {}
metadata = {"torch_version": torch.__version__, "numpy_version": np.__version__,
            "generator": "nn/src/test/python/make_rnn_fixture.py"}
torch.manual_seed(16)  # the training modules draw their initial weights from the default generator
gen = torch.Generator().manual_seed(20261216)


def put(name, value):
    assert name not in tensors, name
    tensors[name] = torch.as_tensor(value, dtype=torch.float64).detach().clone().contiguous()


def rand(*shape):
    return torch.rand(*shape, generator=gen) * 2 - 1


def layer_cases(kind, module_type):
    cases = [  # (num_layers, last step only, given initial state, B, T, F, H)
        (1, False, False, 3, 5, 3, 4),
        (2, True, True, 2, 6, 3, 5),
    ]
    for k, (layers, last, given, b, t, f, h) in enumerate(cases, 1):
        p = "%s.case%d" % (kind, k)
        module = module_type(f, h, num_layers=layers, batch_first=True)
        with torch.no_grad():  # wider than the default init, so that the gates leave their linear range
            for param in module.parameters():
                param.copy_(rand(*param.shape) * 0.8)
        put(p + ".num_layers", [layers])
        put(p + ".last", [1 if last else 0])
        metadata[p] = "%d layer(s), %s, %s, batch %d, %d steps of %d features, hidden %d" % (
            layers, "last step" if last else "every step", "given state" if given else "zero state", b, t, f, h)
        x = rand(b, t, f).requires_grad_(True)
        put(p + ".input", x)
        state = None
        if given:
            h0 = rand(layers, b, h)
            put(p + ".h0", h0)
            if kind == "lstm":
                c0 = rand(layers, b, h)
                put(p + ".c0", c0)
                state = (h0, c0)
            else:
                state = h0
        for name, param in module.named_parameters():
            put(p + "." + name, param)
        y, _ = module(x, state)
        if last:
            y = y[:, -1, :]
        g = rand(*y.shape)
        (y * g).sum().backward()
        put(p + ".output", y)
        put(p + ".grad_output", g)
        put(p + ".grad_input", x.grad)
        for name, param in module.named_parameters():
            put(p + ".grad_" + name, param.grad)


class LastStep(nn.Module):
    def forward(self, x):
        return x[:, -1, :]


class Unpack(nn.Module):
    """nn.LSTM and friends return (output, state): keep the output, under the wrapped module's own names."""
    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, x):
        return self.module(x)[0]


def training(kind, module_type):
    p = "train." + kind
    rnn = module_type(FEATURES, HIDDEN, num_layers=2, batch_first=True)
    model = nn.Sequential(Unpack(rnn), LastStep(), nn.Linear(HIDDEN, CLASSES))

    def state_dict():  # the names tinytorch's Sequential saves: 0.weight_ih_l0, ..., 2.weight
        return {k.replace("0.module.", "0."): v for k, v in model.state_dict().items()}

    for name, value in state_dict().items():
        put(p + ".initial." + name, value)
    inputs = torch.rand(STEPS, BATCH, SEQ, FEATURES, generator=gen) * 4 - 2
    targets = torch.randint(0, CLASSES, (STEPS, BATCH), generator=gen)
    put(p + ".inputs", inputs)
    put(p + ".targets", targets)
    adam = torch.optim.Adam(model.parameters(), lr=LR)
    losses, clipped = [], 0
    for s in range(STEPS):
        adam.zero_grad()
        loss = F.cross_entropy(model(inputs[s]), targets[s])
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM[kind])
        clipped += int(norm > MAX_NORM[kind])
        adam.step()
        losses.append(loss.item())
    assert 0 < clipped < STEPS, (kind, clipped)  # both branches of clipping are taken
    put(p + ".loss", losses)
    put(p + ".max_norm", [MAX_NORM[kind]])
    for name, value in state_dict().items():
        put(p + ".final." + name, value)
    metadata[p] = ("Sequential(%s(%d, %d, num_layers=2), last step, Linear(%d, %d)), cross entropy, clip_grad_norm_"
                   " %g (active at %d of the steps), Adam lr %g, %d steps of batch %d, %d steps") % (
        module_type.__name__, FEATURES, HIDDEN, HIDDEN, CLASSES, MAX_NORM[kind], clipped, LR, STEPS, BATCH, SEQ)


def main():
    for kind, module_type in KINDS.items():
        layer_cases(kind, module_type)
    for kind, module_type in KINDS.items():
        training(kind, module_type)
    path = os.path.join(OUT, "rnn_fixture.safetensors")
    write_safetensors(path, tensors, metadata, "F64")
    print("wrote %d tensors to %s" % (len(tensors), os.path.relpath(path, ROOT)))


if __name__ == "__main__":
    main()
