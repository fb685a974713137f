#!/usr/bin/python3
"""Regenerates the PyTorch fixture of the convolutional layers and of LeNet-5 (issue 15). Run from anywhere with
Debian's python3 and python3-torch (recorded with python3-torch 1.13.1+dfsg-4, whose torch.__version__ says
1.13.0a0; numpy 1.24.2):

    /usr/bin/python3 nn/src/test/python/make_torch_fixture.py

It reads the 10,000 shipped digits (examples/src/main/resources/dev/tinytorch/examples/data/mnist10k/) and writes,
relative to the repository root, into nn/src/test/resources/dev/tinytorch/nn/torch/:
- mnist160-images-idx3-ubyte.gz, mnist160-labels-idx1-ubyte.gz: the first 160 of those digits in the same IDX format
  (gzip without a time stamp, so the bytes are the same on every run), the batches of the LeNet-5 steps below;
- cnn_fixture.safetensors: every tensor below, float64.

The tests never run Python: they read these committed files (TorchFixture in nn's test sources loads them).

FORMAT. cnn_fixture.safetensors is a safetensors file (the format of dev.tinytorch.nn.io.SafeTensors) of F64
tensors only, each row-major (C order). Images are [N, C, H, W], which is exactly tinytorch's layout of a batch of
images: one sample per row, each row the image in NCHW order, so tensor.data() is the matrix N x (C*H*W) row-major.
`__metadata__` holds "torch_version", "numpy_version", "generator" (this script's path) and, per case, a
human-readable description under the case's prefix (e.g. "conv.case2": "in 3, out 4, kernel 3x2, ...").
Integer arguments are stored as small F64 tensors so one loader reads everything. Names:

  conv.caseK.{kernel, stride, padding}       [2] each: (kH, kW), (sH, sW), (pH, pW); K = 1..6
  conv.caseK.input                           [N, Cin, H, W]
  conv.caseK.{weight, bias}                  [Cout, Cin, kH, kW], [Cout]
  conv.caseK.output                          [N, Cout, Ho, Wo]
  conv.caseK.grad_output                     [N, Cout, Ho, Wo]   the fixed random upstream gradient G
  conv.caseK.{grad_input, grad_weight, grad_bias}   the gradients of sum(output * G), shapes as their tensors
  maxpool.caseK.{kernel, stride}             [2] each; K = 1..5 (padding 0, dilation 1, ceil_mode False)
  maxpool.caseK.{input, output, grad_output, grad_input}
  avgpool.caseK.{kernel, stride}             [2] each; K = 1..3 (padding 0, ceil_mode False)
  avgpool.caseK.{input, output, grad_output, grad_input}
  batchnorm1d.MODE.* and batchnorm2d.MODE.*  MODE = train or eval; input [N, F] for 1d, [N, C, H, W] for 2d:
      input, weight, bias                    (weight and bias random, not the default 1 and 0)
      running_mean_before, running_var_before, num_batches_tracked_before   ([F], [F], [] the state before)
      output, grad_output, grad_input, grad_weight, grad_bias
      running_mean, running_var, num_batches_tracked   the state after the forward pass (changed in train only)
  lenet.batches                              [20, 8] the indices (into the 160 digits) of each step's batch
  lenet.initial.NAME, lenet.final.NAME       the state_dict of the torch.nn.Sequential before the first and after
                                             the 20th step; NAME is 0.weight [6,1,5,5], 0.bias [6], 3.weight
                                             [16,6,5,5], 3.bias [16], 7.weight [120,400], 7.bias [120], 9.weight
                                             [84,120], 9.bias [84], 11.weight [10,84], 11.bias [10]
  lenet.loss                                 [20] the loss of step s's batch, computed before step s's update
  lenet.initial_logits, lenet.final_logits   [8, 10] the network's outputs on the first batch with the initial
                                             and the final weights

CONVENTIONS (PyTorch's, which tinytorch follows):
- the input pixels are the IDX bytes / 255 (torchvision's ToTensor), in float64;
- cross entropy is the mean over the batch of -log softmax(logits)[target];
- SGD with momentum 0.9, dampening 0, no Nesterov, no weight decay: at the first step the momentum buffer is the
  gradient itself (b = g; with dampening 0 this is the same as starting from b = 0), then b = 0.9 * b + g, and
  w = w - 0.05 * b, the gradient g being of the batch's mean loss;
- the state_dict's Linear weights are [out, in] (tinytorch's Linear holds their transpose, in x out);
- batch norm: training normalises with the biased batch variance and updates running_var with the unbiased one,
  running = (1 - 0.1) * running + 0.1 * batch statistic, eps 1e-5; eval uses the running statistics;
- max pooling routes the gradient to the first maximum of each window (row-major within the window) and
  propagates NaN; AvgPool2d divides by the window size.
"""
import gzip, os, struct
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from fixture_safetensors import write_safetensors

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
SHIPPED = os.path.join(ROOT, "examples/src/main/resources/dev/tinytorch/examples/data/mnist10k")
OUT = os.path.join(ROOT, "nn/src/test/resources/dev/tinytorch/nn/torch")
DIGITS = 160
STEPS, BATCH = 20, 8

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

tensors = {}
metadata = {"torch_version": torch.__version__, "numpy_version": np.__version__,
            "generator": "nn/src/test/python/make_torch_fixture.py"}
gen = torch.Generator().manual_seed(20261203)


def put(name, value):
    assert name not in tensors, name
    tensors[name] = torch.as_tensor(value, dtype=torch.float64).detach().clone().contiguous()


def rand(*shape):
    return torch.rand(*shape, generator=gen) * 2 - 1


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def record_grads(prefix, module, x, extra):
    """Forward x through module, backward sum(output * G) for a random G; stores input, output, G and gradients."""
    x = x.clone().requires_grad_(True)
    put(prefix + ".input", x)
    y = module(x)
    g = rand(*y.shape)
    (y * g).sum().backward()
    put(prefix + ".output", y)
    put(prefix + ".grad_output", g)
    put(prefix + ".grad_input", x.grad)
    for name in extra:
        put(prefix + ".grad_" + name, getattr(module, name).grad)


def conv_cases():
    cases = [  # (N, Cin, Cout, H, W, kernel, stride, padding)
        (2, 1, 2, 5, 5, 3, 1, 0),
        (2, 3, 4, 7, 6, (3, 2), (2, 1), (1, 0)),
        (1, 2, 3, 6, 6, 1, 1, 0),
        (2, 2, 2, 5, 5, 3, 2, 2),
        (3, 3, 2, 8, 7, (4, 3), (3, 2), (1, 2)),
        (2, 2, 3, 4, 4, 6, 1, 1),  # the kernel covers the whole padded input: one output pixel
    ]
    for k, (n, cin, cout, h, w, kernel, stride, padding) in enumerate(cases, 1):
        p = "conv.case%d" % k
        conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding)
        with torch.no_grad():
            conv.weight.copy_(rand(*conv.weight.shape))
            conv.bias.copy_(rand(*conv.bias.shape))
        put(p + ".kernel", pair(kernel)); put(p + ".stride", pair(stride)); put(p + ".padding", pair(padding))
        put(p + ".weight", conv.weight); put(p + ".bias", conv.bias)
        metadata[p] = "in %d, out %d, kernel %s, stride %s, padding %s, input %dx%dx%dx%d" % (
            cin, cout, "x".join(map(str, pair(kernel))), "x".join(map(str, pair(stride))),
            "x".join(map(str, pair(padding))), n, cin, h, w)
        record_grads(p, conv, rand(n, cin, h, w), ["weight", "bias"])


def pool_cases():
    ties = lambda *s: torch.randint(0, 3, s, generator=gen).to(torch.float64)  # many equal maxima per window
    with_nan = rand(1, 2, 4, 4)
    with_nan[0, 0, 1, 0] = float("nan"); with_nan[0, 1, 3, 3] = float("nan")
    maxes = [  # (input, kernel, stride)
        (rand(2, 2, 6, 6), 2, 2),
        (ties(2, 3, 4, 6), 2, 2),
        (ties(1, 2, 7, 7), 3, 2),  # overlapping windows: a pixel can win in several
        (rand(2, 1, 7, 8), (2, 3), (3, 2)),  # gaps between windows, non-square
        (with_nan, 2, 2),
    ]
    for k, (x, kernel, stride) in enumerate(maxes, 1):
        p = "maxpool.case%d" % k
        put(p + ".kernel", pair(kernel)); put(p + ".stride", pair(stride))
        metadata[p] = "kernel %s, stride %s, input %s" % (pair(kernel), pair(stride), "x".join(map(str, x.shape)))
        record_grads(p, nn.MaxPool2d(kernel, stride), x, [])
    avgs = [(rand(2, 2, 6, 6), 2, 2), (rand(1, 3, 7, 7), 3, 2), (rand(2, 1, 5, 7), (2, 3), (2, 1))]
    for k, (x, kernel, stride) in enumerate(avgs, 1):
        p = "avgpool.case%d" % k
        put(p + ".kernel", pair(kernel)); put(p + ".stride", pair(stride))
        metadata[p] = "kernel %s, stride %s, input %s" % (pair(kernel), pair(stride), "x".join(map(str, x.shape)))
        record_grads(p, nn.AvgPool2d(kernel, stride), x, [])


def batchnorm_cases():
    for kind, shape in (("batchnorm1d", (5, 3)), ("batchnorm2d", (3, 2, 3, 4))):
        channels = shape[1]
        for mode in ("train", "eval"):
            p = "%s.%s" % (kind, mode)
            bn = (nn.BatchNorm1d if kind == "batchnorm1d" else nn.BatchNorm2d)(channels)
            with torch.no_grad():
                bn.weight.copy_(rand(channels) + 1.5)
                bn.bias.copy_(rand(channels))
                bn.running_mean.copy_(rand(channels))
                bn.running_var.copy_(torch.rand(channels, generator=gen) + 0.5)
            bn.train(mode == "train")
            put(p + ".weight", bn.weight); put(p + ".bias", bn.bias)
            put(p + ".running_mean_before", bn.running_mean); put(p + ".running_var_before", bn.running_var)
            put(p + ".num_batches_tracked_before", bn.num_batches_tracked)
            metadata[p] = "%s(%d) in %s mode, input %s, momentum 0.1, eps 1e-5" % (
                "BatchNorm1d" if kind == "batchnorm1d" else "BatchNorm2d", channels,
                "training" if mode == "train" else "eval", "x".join(map(str, shape)))
            record_grads(p, bn, rand(*shape) * 2 + 0.5, ["weight", "bias"])
            put(p + ".running_mean", bn.running_mean); put(p + ".running_var", bn.running_var)
            put(p + ".num_batches_tracked", bn.num_batches_tracked)


def read_idx(path, magic):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    assert struct.unpack(">I", data[:4])[0] == magic
    return data[:4 + 4 * dims], data[4 + 4 * dims:], struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])


def write_idx_gz(path, magic, sizes, body):
    raw = struct.pack(">I" + "I" * len(sizes), magic, *sizes) + body
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)


def mnist160():
    _, pixels, (n, rows, cols) = read_idx(os.path.join(SHIPPED, "mnist10k-images-idx3-ubyte.gz"), 0x803)
    _, labels, _ = read_idx(os.path.join(SHIPPED, "mnist10k-labels-idx1-ubyte.gz"), 0x801)
    pixels, labels = pixels[:DIGITS * rows * cols], labels[:DIGITS]
    write_idx_gz(os.path.join(OUT, "mnist160-images-idx3-ubyte.gz"), 0x803, (DIGITS, rows, cols), pixels)
    write_idx_gz(os.path.join(OUT, "mnist160-labels-idx1-ubyte.gz"), 0x801, (DIGITS,), labels)
    x = torch.tensor(np.frombuffer(pixels, dtype=np.uint8).astype(np.float64) / 255).reshape(DIGITS, 1, rows, cols)
    return x, torch.tensor(np.frombuffer(labels, dtype=np.uint8).astype(np.int64))


def lenet():
    x, y = mnist160()
    torch.manual_seed(0)  # PyTorch's default initialisation, drawn from this seed
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    for name, value in model.state_dict().items():
        put("lenet.initial." + name, value)
    batches = torch.arange(STEPS * BATCH).reshape(STEPS, BATCH)  # step s trains on digits 8s .. 8s+7
    put("lenet.batches", batches)
    with torch.no_grad():
        put("lenet.initial_logits", model(x[batches[0]]))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for s in range(STEPS):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[batches[s]]), y[batches[s]])  # mean over the batch
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    put("lenet.loss", losses)
    for name, value in model.state_dict().items():
        put("lenet.final." + name, value)
    with torch.no_grad():
        put("lenet.final_logits", model(x[batches[0]]))
    metadata["lenet"] = ("LeNet-5 (Conv2d(1,6,5,padding=2), ReLU, MaxPool2d(2), Conv2d(6,16,5), ReLU, MaxPool2d(2),"
                         " Flatten, Linear(400,120), ReLU, Linear(120,84), ReLU, Linear(84,10)), torch.manual_seed(0)"
                         " default init, cross entropy (mean), SGD lr 0.05 momentum 0.9, %d steps of batch %d"
                         % (STEPS, BATCH))


def main():
    os.makedirs(OUT, exist_ok=True)
    conv_cases()
    pool_cases()
    batchnorm_cases()
    lenet()
    path = os.path.join(OUT, "cnn_fixture.safetensors")
    write_safetensors(path, tensors, metadata, "F64", in_name_order=False)  # the order the cases recorded them
    print("wrote %d tensors, %d bytes, to %s" % (len(tensors), os.path.getsize(path), path))
    print("LeNet-5 losses:", " ".join("%.6f" % v for v in tensors["lenet.loss"].tolist()))


if __name__ == "__main__":
    main()
