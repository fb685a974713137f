#!/usr/bin/python3
"""Checks that PyTorch loads a tinytorch model holding a BatchNorm1d (or with --kind 2d a BatchNorm2d) as it is, with the Python snippet of
docs/model-files.md, and predicts what tinytorch predicts (run from anywhere; needs Maven, a JDK and Debian's
python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_loads_batchnorm_model.py [--backend plain|ejml|nd4j] [--kind 1d|2d]

It builds the modules (mvn package -DskipTests, into the target/ folders only), runs SaveBatchNormModel.java,
which trains Linear(5, 8), BatchNorm1d(8), ReLU, Linear(8, 3) for 30 SGD steps and saves it with its predictions
in evaluation mode on 50 inputs (with --kind 2d, BatchNorm2d(2) on rows of 2 channels of 2x2 pixels), then loads the model into torch.nn.Sequential with load_state_dict (strict: every
parameter and buffer, num_batches_tracked as a 0-dim int64) and compares the predictions: they must agree to
1e-12. The tests never run Python; this is the check docs/model-files.md reports.
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
# ---- end of the snippet ----


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="plain")
    parser.add_argument("--kind", default="1d", choices=["1d", "2d"])
    arguments = parser.parse_args()
    backend, kind = arguments.backend, arguments.kind
    classpath = os.path.join(ROOT, "nn", "target", "classpath.txt")
    subprocess.run(["mvn", "-B", "-q", "-pl", "nn", "-am", "package", "-DskipTests", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    nn_jar = [f for f in os.listdir(os.path.join(ROOT, "nn", "target"))
              if f.startswith("tinytorch-nn-") and f.endswith(".jar") and "tests" not in f][0]
    cp = open(classpath).read().strip() + os.pathsep + os.path.join(ROOT, "nn", "target", nn_jar)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["java", "--add-modules=jdk.incubator.vector", "-Dtinytorch.backend=" + backend, "-cp", cp,
                        os.path.join(HERE, "SaveBatchNormModel.java"), out, kind], check=True)

        # as docs/model-files.md goes on
        config = json.load(open(os.path.join(out, "model", "config.json")))
        model = torch.nn.Sequential(*[getattr(torch.nn, l["type"])(**l["args"]) for l in config["layers"]]).double()
        state = load_safetensors(os.path.join(out, "model", "model.safetensors"))
        model.load_state_dict(state)               # strict: every parameter and buffer, nothing else
        model.eval()

        bn = model[1]
        assert isinstance(bn, torch.nn.BatchNorm1d if kind == "1d" else torch.nn.BatchNorm2d), model
        if kind == "2d":  # tinytorch's rows are NCHW images; torch's BatchNorm2d wants [N, C, H, W] (H*W is what counts)
            bn.register_forward_pre_hook(lambda m, inputs: inputs[0].reshape(inputs[0].shape[0], m.num_features, -1, 1))
            bn.register_forward_hook(lambda m, inputs, output: output.reshape(output.shape[0], -1))
        assert bn.num_batches_tracked.dtype == torch.int64 and bn.num_batches_tracked.shape == (), bn.num_batches_tracked
        assert bn.num_batches_tracked.item() == 30, bn.num_batches_tracked
        x = torch.from_numpy(np.loadtxt(os.path.join(out, "inputs.csv"), delimiter=",", ndmin=2))
        expected = np.loadtxt(os.path.join(out, "predictions.csv"), delimiter=",", ndmin=2)
        with torch.no_grad():
            got = model(x).numpy()
        worst = np.max(np.abs(got - expected))
        layers = ", ".join(type(m).__name__ for m in model)
        print(f"{backend}: Sequential({layers}) loaded with load_state_dict; {got.shape[0]} predictions in eval mode"
              f" agree with tinytorch's to {worst:.3g} (max abs difference), largest |prediction|"
              f" {np.max(np.abs(expected)):.3g}")
        if not worst <= 1e-12:
            sys.exit(f"FAILED: difference {worst} > 1e-12")


if __name__ == "__main__":
    main()
