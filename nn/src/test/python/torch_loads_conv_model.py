#!/usr/bin/python3
"""Checks that PyTorch loads a tinytorch convolutional network as it is, with the Python snippet of
docs/model-files.md (the layers built from config.json, the input rows reshaped to [N, C, H, W] by input_shape),
and predicts what tinytorch predicts (run from anywhere; needs Maven, a JDK and Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_loads_conv_model.py [--backend plain|ejml|nd4j]

It builds the modules (mvn package -DskipTests, into the target/ folders only), runs SaveConvModel.java, which
trains Conv2d, BatchNorm2d, ReLU, MaxPool2d, Conv2d (3x2 kernel, 0x1 padding), AvgPool2d (3x2, stride 1x2),
Flatten, Linear for 30 SGD steps on 1x10x10 images and saves it with its predictions in evaluation mode on 50
images, then loads the model into torch.nn.Sequential with load_state_dict (strict) and compares the predictions:
they must agree to 1e-12. The tests never run Python; this is the check docs/model-files.md reports.
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
    arguments = parser.parse_args()
    backend = arguments.backend
    classpath = os.path.join(ROOT, "nn", "target", "classpath.txt")
    subprocess.run(["mvn", "-B", "-q", "-pl", "nn", "-am", "package", "-DskipTests", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    nn_jar = [f for f in os.listdir(os.path.join(ROOT, "nn", "target"))
              if f.startswith("tinytorch-nn-") and f.endswith(".jar") and "tests" not in f][0]
    cp = open(classpath).read().strip() + os.pathsep + os.path.join(ROOT, "nn", "target", nn_jar)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["java", "--add-modules=jdk.incubator.vector", "-Dtinytorch.backend=" + backend, "-cp", cp,
                        os.path.join(HERE, "SaveConvModel.java"), out], check=True)

        # as docs/model-files.md goes on
        config = json.load(open(os.path.join(out, "model", "config.json")))
        model = torch.nn.Sequential(*[getattr(torch.nn, l["type"])(**l["args"]) for l in config["layers"]]).double()
        state = load_safetensors(os.path.join(out, "model", "model.safetensors"))
        model.load_state_dict(state)               # strict: every parameter and buffer, nothing else
        model.eval()

        x = torch.from_numpy(np.loadtxt(os.path.join(out, "inputs.csv"), delimiter=",", ndmin=2))
        if "input_shape" in config:                # an image network: each row is an image in NCHW order
            x = x.reshape(-1, *config["input_shape"])
        assert isinstance(model[0], torch.nn.Conv2d) and tuple(x.shape[1:]) == (1, 10, 10), (model, x.shape)
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
