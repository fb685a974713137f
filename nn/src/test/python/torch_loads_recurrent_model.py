#!/usr/bin/python3
"""Checks that PyTorch loads a tinytorch recurrent network as it is, with the Python snippet of
docs/model-files.md (torch.nn's RNN, LSTM and GRU subclassed to take and give tinytorch's rows, a LastStep module),
and predicts what tinytorch predicts (run from anywhere; needs Maven, a JDK and Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_loads_recurrent_model.py [--backend plain|ejml|nd4j]

It builds the modules (mvn package -DskipTests, into the target/ folders only), runs SaveRecurrentModel.java, which
trains LSTM(4, 6, 2 layers), GRU(6, 5), RNN(5, 4), LastStep(4), Linear(4, 3) for 30 Adam steps on sequences of 7
steps and saves it with its predictions on 50 sequences, then loads the model into torch.nn.Sequential with
load_state_dict (strict) and compares the predictions: they must agree to 1e-12. The tests never run Python; this
is the check docs/model-files.md reports.
"""
import argparse, json, os, struct, subprocess, sys, tempfile
import numpy as np, torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))


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
# ---- end of the snippet ----


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="plain")
    backend = parser.parse_args().backend
    classpath = os.path.join(ROOT, "nn", "target", "classpath.txt")
    subprocess.run(["mvn", "-B", "-q", "-pl", "nn", "-am", "package", "-DskipTests", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    nn_jar = [f for f in os.listdir(os.path.join(ROOT, "nn", "target"))
              if f.startswith("tinytorch-nn-") and f.endswith(".jar") and "tests" not in f][0]
    cp = open(classpath).read().strip() + os.pathsep + os.path.join(ROOT, "nn", "target", nn_jar)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["java", "--add-modules=jdk.incubator.vector", "-Dtinytorch.backend=" + backend, "-cp", cp,
                        os.path.join(HERE, "SaveRecurrentModel.java"), out], check=True)

        # as docs/model-files.md goes on
        config = json.load(open(os.path.join(out, "model", "config.json")))
        model = torch.nn.Sequential(*[module(l) for l in config["layers"]]).double()
        model.load_state_dict(load_safetensors(os.path.join(out, "model", "model.safetensors")))  # strict
        model.eval()

        x = torch.from_numpy(np.loadtxt(os.path.join(out, "inputs.csv"), delimiter=",", ndmin=2))
        assert isinstance(model[0], torch.nn.LSTM) and model[0].num_layers == 2, model
        expected = np.loadtxt(os.path.join(out, "predictions.csv"), delimiter=",", ndmin=2)
        with torch.no_grad():
            got = model(x).numpy()
        worst = np.max(np.abs(got - expected))
        layers = ", ".join(type(m).__bases__[0].__name__ if type(m).__name__ == "Rows" else type(m).__name__
                           for m in model)
        print(f"{backend}: Sequential({layers}) loaded with load_state_dict; {got.shape[0]} predictions agree with"
              f" tinytorch's to {worst:.3g} (max abs difference), largest |prediction| {np.max(np.abs(expected)):.3g}")
        if not worst <= 1e-12:
            sys.exit(f"FAILED: difference {worst} > 1e-12")


if __name__ == "__main__":
    main()
