#!/usr/bin/python3
"""Prints the numbers BatchNorm1dTest compares with, from torch.nn.BatchNorm1d (Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/batchnorm1d_reference.py

A BatchNorm1d(3) in float64 with gamma and beta set by hand sees two training batches of 4 rows, then one
evaluation batch. Printed: the running statistics and num_batches_tracked after the two batches, the training
output of the second batch, the evaluation output, and the input gradient of the second batch for the loss
mean_i sum_j t_ij y_ij, multiplied by the batch size (this library's layers pass per-sample gradients backward,
see dev.tinytorch.nn.Loss), plus the weight and bias gradients of that mean loss. Recorded with torch 1.13.0a0;
the tests never run Python.
"""
import torch

torch.set_printoptions(precision=17)
bn = torch.nn.BatchNorm1d(3).double()
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.5, -0.5, 2.0], dtype=torch.float64))
    bn.bias.copy_(torch.tensor([0.25, 0.0, -1.0], dtype=torch.float64))
first = torch.tensor([[1.0, 2.0, -3.0], [0.5, -1.0, 4.0], [2.0, 0.0, 1.0], [-1.5, 3.0, 0.5]], dtype=torch.float64)
second = torch.tensor([[0.3, -2.0, 1.0], [1.7, 0.4, -0.6], [-0.8, 1.1, 2.2], [2.5, -0.3, 0.9]],
                      dtype=torch.float64, requires_grad=True)
targets = torch.tensor([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0], [-1.0, 0.5, 2.0], [2.0, 0.0, -1.0]], dtype=torch.float64)
evaluation = torch.tensor([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]], dtype=torch.float64)

bn.train()
bn(first)
y = bn(second)
loss = (y * targets).sum(dim=1).mean()
loss.backward()
bn.eval()
with torch.no_grad():
    y_eval = bn(evaluation)


def java(name, t):
    values = ", ".join(repr(v) for v in t.detach().reshape(-1).tolist())
    print(f"    private static final double[] {name} = {{{values}}};")


java("RUNNING_MEAN", bn.running_mean)
java("RUNNING_VAR", bn.running_var)
print(f"    // num_batches_tracked = {bn.num_batches_tracked.item()} ({bn.num_batches_tracked.dtype}, shape {list(bn.num_batches_tracked.shape)})")
java("TRAINING_OUTPUT", y)
java("EVAL_OUTPUT", y_eval)
java("PER_SAMPLE_INPUT_GRADIENT", second.grad * second.shape[0])
java("WEIGHT_GRADIENT", bn.weight.grad)
java("BIAS_GRADIENT", bn.bias.grad)
