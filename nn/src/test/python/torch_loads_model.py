#!/usr/bin/python3
"""Checks that PyTorch loads models saved by tinytorch as they are, with the Python snippets of docs/model-files.md
(the layers built from config.json, image rows reshaped to [N, C, H, W] by input_shape, torch.nn's RNN, LSTM and
GRU subclassed to take and give tinytorch's rows, a LastStep module), and predicts what tinytorch predicts (run
from anywhere; needs Maven, a JDK and Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_loads_model.py [--backend plain|ejml|nd4j]
                                                             [--model batchnorm1d|batchnorm2d|conv|lenet|recurrent|all]

It builds the modules (mvn package -DskipTests, into the target/ folders only), runs SaveModelForTorch.java, which
trains the model in Java and saves it with its test inputs and its predictions in evaluation mode (see its Javadoc:
small Linear/BatchNorm1d, Linear/BatchNorm2d and convolutional networks on random data, LeNet-5 trained for one
epoch on the first 8,000 shipped MNIST digits, predicting class probabilities for the last 2,000, and a stacked
LSTM, GRU and RNN network on random sequences), then loads each model into torch.nn.Sequential with
load_state_dict (strict: every parameter and buffer, a batch norm's num_batches_tracked as a 0-dim int64),
predicts in float64 and compares: the largest absolute difference must be at most 1e-12. The tests never run
Python; this is the check docs/model-files.md reports.
"""
import argparse, json, os, struct, subprocess, sys, tempfile
import numpy as np, torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(ROOT, "examples", "src", "main", "resources", "dev", "tinytorch", "examples", "data", "mnist10k")
KINDS = ["batchnorm1d", "batchnorm2d", "conv", "lenet", "recurrent"]


# ---- the snippet of docs/model-files.md, as it stands there ----
def load_safetensors(path):                        # no safetensors package needed
    with open(path, "rb") as f:
        n, = struct.unpack("<Q", f.read(8))        # header length: 8 bytes, little-endian
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    dtypes = {"F64": "<f8", "I64": "<i8"}          # I64: a batch norm's num_batches_tracked
    return {name: torch.from_numpy(np.frombuffer(data[t["data_offsets"][0]:t["data_offsets"][1]],
                                                 dtypes[t["dtype"]]).reshape(t["shape"]).copy())
            for name, t in header.items()}
# ---- end of the snippet ----


# ---- the recurrent snippet of docs/model-files.md, as it stands there ----
def recurrent(kind):                               # torch.nn.RNN, LSTM or GRU on tinytorch's rows
    class Rows(getattr(torch.nn, kind)):           # a subclass: the state_dict keeps weight_ih_l0, ...
        def forward(self, x):                      # [N, T*F] -> [N, T, F] -> every step's output [N, T*H]
            y, _ = super().forward(x.reshape(x.shape[0], -1, self.input_size))
            return y.reshape(x.shape[0], -1)
    return Rows


class LastStep(torch.nn.Module):                   # output[:, -1, :] on rows of steps
    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        return x[:, -self.features:]


MODULES = {"RNN": recurrent("RNN"), "LSTM": recurrent("LSTM"), "GRU": recurrent("GRU"), "LastStep": LastStep}


def module(layer):
    return MODULES.get(layer["type"], getattr(torch.nn, layer["type"], None))(**layer["args"])
# ---- end of the recurrent snippet ----


def classpath():
    """Builds the modules and returns the class path of nn with its test dependencies (the backends)."""
    listing = os.path.join(ROOT, "nn", "target", "classpath.txt")
    subprocess.run(["mvn", "-B", "-q", "-pl", "nn", "-am", "package", "-DskipTests", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    nn_jar = [f for f in os.listdir(os.path.join(ROOT, "nn", "target"))
              if f.startswith("tinytorch-nn-") and f.endswith(".jar") and "tests" not in f][0]
    return open(listing).read().strip() + os.pathsep + os.path.join(ROOT, "nn", "target", nn_jar)


def check(kind, backend, cp):
    """Saves the model KIND in Java on BACKEND, loads it in torch, returns the max abs difference of predictions."""
    with tempfile.TemporaryDirectory() as out:
        digits = [os.path.join(DIGITS, "mnist10k-images-idx3-ubyte.gz"),
                  os.path.join(DIGITS, "mnist10k-labels-idx1-ubyte.gz")] if kind == "lenet" else []
        subprocess.run(["java", "--add-modules=jdk.incubator.vector", "-Dtinytorch.backend=" + backend, "-cp", cp,
                        os.path.join(HERE, "SaveModelForTorch.java"), out, kind] + digits, check=True)

        # as docs/model-files.md goes on
        config = json.load(open(os.path.join(out, "model", "config.json")))
        model = torch.nn.Sequential(*[module(l) for l in config["layers"]]).double()  # torch.nn's, or the snippet's
        state = load_safetensors(os.path.join(out, "model", "model.safetensors"))
        model.load_state_dict(state)               # strict: every parameter and buffer, nothing else
        model.eval()

        x = torch.from_numpy(np.loadtxt(os.path.join(out, "inputs.csv"), delimiter=",", ndmin=2))
        if "input_shape" in config:                # an image network: each row is an image in NCHW order
            x = x.reshape(-1, *config["input_shape"])
        if kind.startswith("batchnorm"):
            bn = model[1]
            assert isinstance(bn, torch.nn.BatchNorm1d if kind == "batchnorm1d" else torch.nn.BatchNorm2d), model
            if kind == "batchnorm2d":  # rows of NCHW images; torch's BatchNorm2d wants [N, C, H, W] (H*W is what counts)
                bn.register_forward_pre_hook(lambda m, inputs: inputs[0].reshape(inputs[0].shape[0], m.num_features, -1, 1))
                bn.register_forward_hook(lambda m, inputs, output: output.reshape(output.shape[0], -1))
            assert bn.num_batches_tracked.dtype == torch.int64 and bn.num_batches_tracked.shape == (), bn
            assert bn.num_batches_tracked.item() == 30, bn.num_batches_tracked
        elif kind == "conv":
            assert isinstance(model[0], torch.nn.Conv2d) and tuple(x.shape[1:]) == (1, 10, 10), (model, x.shape)
        elif kind == "recurrent":
            assert isinstance(model[0], torch.nn.LSTM) and model[0].num_layers == 2 and x.shape == (50, 28), model
        else:
            assert len(model) == 12 and tuple(x.shape) == (2000, 1, 28, 28), (model, x.shape)
        expected = np.loadtxt(os.path.join(out, "predictions.csv"), delimiter=",", ndmin=2)
        with torch.no_grad():
            got = model(x)
            if kind == "lenet":                    # multiclass: logits, apply softmax (tinytorch wrote probabilities)
                got = torch.softmax(got, dim=1)
            got = got.numpy()
        worst = np.max(np.abs(got - expected))
        layers = ", ".join(type(m).__bases__[0].__name__ if type(m).__name__ == "Rows" else type(m).__name__
                           for m in model)
        what = "class probabilities" if kind == "lenet" else "predictions"
        print(f"{kind} on {backend}: Sequential({layers}) loaded with load_state_dict; {got.shape[0]} {what} in eval"
              f" mode agree with tinytorch's to {worst:.3g} (max abs difference), largest |value|"
              f" {np.max(np.abs(expected)):.3g}", flush=True)
        return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="plain")
    parser.add_argument("--model", default="all", choices=KINDS + ["all"])
    arguments = parser.parse_args()
    cp = classpath()
    kinds = KINDS if arguments.model == "all" else [arguments.model]
    failed = [kind for kind in kinds if not check(kind, arguments.backend, cp) <= 1e-12]
    if failed:
        sys.exit(f"FAILED: {', '.join(failed)} differ by more than 1e-12")


if __name__ == "__main__":
    main()
