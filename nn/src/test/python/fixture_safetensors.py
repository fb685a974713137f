"""The safetensors writer the fixture scripts next to this one share (make_float32_fixture.py, make_rnn_fixture.py,
make_torch_fixture.py):
one place for the layout tinytorch's SafeTensors reads, so the fixtures cannot drift apart. Imported as a module
from the directory of the script that runs (Python puts it first on sys.path); it needs numpy through torch only.

LAYOUT. An 8-byte little-endian header length, then the header: compact JSON of "__metadata__" and, for each tensor
in name order, its dtype, shape and [begin, end) byte offsets into the data, padded with spaces to a multiple of 8
bytes (so the data starts 8-byte aligned); then each tensor's elements, row-major, little-endian, in name order, all
in the one dtype given. The CNN fixture (make_torch_fixture.py) predates this module and keeps its tensors in the
order its script recorded them (in_name_order=False), so that regenerating it gives the committed bytes.
"""
import json, struct

LAYOUTS = {"F32": "<f4", "F64": "<f8"}  # safetensors dtype -> numpy's little-endian element type


def write_safetensors(path, tensors, metadata, dtype, in_name_order=True):
    """Writes tensors (name -> contiguous torch tensor) to path, every one as dtype ("F32" or "F64"), with
    metadata (str -> str) as the header's __metadata__; in name order, or in the mapping's (insertion) order if
    in_name_order is False. Overwrites path; modifies none of its arguments."""
    layout = LAYOUTS[dtype]
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in (sorted(tensors) if in_name_order else tensors):
        data = tensors[name].numpy().astype(layout).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
