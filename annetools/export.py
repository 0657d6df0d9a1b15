"""The files that make a network run on the Pico: anne/, the model and a main.py.

    files = pico_files(model)                # {"main.py": b"...", "model.json": b"...", "anne/layers.py": ...}
    files = pico_files(model, format="py")   # model.py: the weights as Python lists (paper, Tab. 2)
    write_folder(files, "pico")              # then: mpremote cp -r anne main.py model.json :

anne/ is read from this repository's anne/ folder every time (the one source of truth), so the
board always gets the same code the tests ran.
"""
import json
import os

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANNE_DIR = os.path.join(_ROOT, "anne")
# __main__.py is the CPython command line (argparse, subcommands); the board never runs it.
_HOST_ONLY = ("__main__.py",)
FORMATS = ("json", "py")


def pico_files(model, format="json", rows=None):
    """The Pico-ready file set for `model` -> {relative path with "/": bytes}.

    model: an anne Sequential, or a model dict as in a model.json file (it is checked).
    format: "json" writes model.json; "py" writes model.py, the weights as Python lists in the
        paper's Tab. 2 layout (w1 = [[...], ...], b1 = [...]) for students to read and edit.
    rows: input rows (lists of n_inputs numbers) whose predictions main.py prints; by default a
        model with the paper's 4 inputs prints the paper's table and no rows, any other model
        three sample rows.
    The paths are relative to the board's root folder: main.py (run at start-up), model.json or
    model.py, and anne/*.py with anne/iris.csv.
    """
    from anne.model import Sequential

    if isinstance(model, dict):
        model = Sequential.from_dict(model)
    if format not in FORMATS:
        raise ValueError("export format '%s' is not supported; use one of %s" % (format, ", ".join(FORMATS)))
    if rows is None and model.n_inputs != 4:
        rows = _sample_rows(model.n_inputs)
    for k, row in enumerate(rows or []):
        if len(row) != model.n_inputs:
            raise ValueError("input row %d has %d values, the network expects %d" % (k, len(row), model.n_inputs))
    files = anne_files()
    if format == "json":
        files["model.json"] = model_json(model.to_dict()).encode()
    else:
        files["model.py"] = model_py(model.to_dict()).encode()
    files["main.py"] = main_py(format, rows).encode()
    return files


def load_model(path=None, preset=None, notes_to=None):
    """The model to export: a preset by name, or a file: a Keras .keras/.h5 file (imported on
    the way, its notes written to notes_to) or else an anne model file, checked by anne.load."""
    from anne import io, presets
    if preset:
        return presets.get(preset)
    from .keras import KerasImportError, read_keras
    try:
        model, notes = read_keras(path)
    except KerasImportError as e:
        if "not a Keras model file" not in str(e):
            raise
        return io.load(path)
    for note in notes:
        print("note: %s" % note, file=notes_to)
    return model


def write_folder(files, folder):
    """Write a file set from pico_files under `folder` (made if missing) -> the paths written."""
    written = []
    for relative, data in sorted(files.items()):
        path = os.path.join(folder, *relative.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written.append(path)
    return written


def anne_files():
    """Every file of the repository's anne/ package the board needs -> {"anne/...": bytes}."""
    files = {}
    for folder, subfolders, names in os.walk(ANNE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if name in _HOST_ONLY or name.startswith(".") or name.endswith(".pyc"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, os.path.dirname(ANNE_DIR)).replace(os.sep, "/")
            with open(path, "rb") as f:
                files[relative] = f.read()
    if "anne/__init__.py" not in files:
        raise ValueError("no anne package at %s" % ANNE_DIR)
    return files


def _sample_rows(n_inputs):
    # Enough to see the network answer: all zeros, all ones, alternating -1/+1.
    return [[0.0] * n_inputs, [1.0] * n_inputs, [(-1.0) ** (i + 1) for i in range(n_inputs)]]


def model_json(model):
    """A model dict as JSON with one kernel row a line, so a student can read it; floats exact."""
    lines = ['{"format": %s, "version": %s, "layers": [' % (json.dumps(model["format"]),
                                                            json.dumps(model["version"]))]
    for k, layer in enumerate(model["layers"]):
        rows = (",\n" + " " * 13).join(json.dumps(row) for row in layer["kernel"])
        lines.append(' {"units": %d, "activation": %s,\n  "kernel": [%s],\n  "bias": %s}%s'
                     % (layer["units"], json.dumps(layer["activation"]), rows, json.dumps(layer["bias"]),
                        "," if k < len(model["layers"]) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def _describe(model):
    first = model["layers"][0]
    return "%d -> %s" % (len(first["kernel"]), " -> ".join(
        "%d %s" % (layer["units"], layer["activation"]) for layer in model["layers"]))


def model_py(model):
    """A model dict as a Python module: w1, b1, ... in Keras layout (paper, Tab. 2), and build()."""
    out = ["# The network %s, written by `python -m anne export --format py`." % _describe(model),
           "# Keras layout, as in the paper's Tab. 2: wK[i][j] is the weight from input i to unit j",
           "# of layer K, bK[j] the bias of unit j. Change a number, save, and run main.py again.",
           "from anne import Dense, Sequential", ""]
    for k, layer in enumerate(model["layers"]):
        w = "w%d = [" % (k + 1)
        out.append(w + (",\n" + " " * len(w)).join(repr(list(row)) for row in layer["kernel"]) + "]")
        out.append("b%d = %r" % (k + 1, list(layer["bias"])))
        out.append("")
    out += ["", "def build():", '    """The network as an anne Sequential."""', "    return Sequential(["]
    for k, layer in enumerate(model["layers"]):
        out.append("        Dense(%d, %r, kernel=w%d, bias=b%d)," % (layer["units"], layer["activation"], k + 1, k + 1))
    out += ["    ])", ""]
    return "\n".join(out)


_MAIN = '''# main.py, written by `python -m anne export`. The Pico runs it at start-up; on a computer,
# `python main.py` in this folder does the same. It loads the network and shows its predictions.
import anne
from anne import metrics

%(load)s
# Input rows to show predictions for (None: only the paper's table).
ROWS = %(rows)s


def show_paper_table(model):
    """The paper's 20 test rows (Tab. 3): output, predicted class, true class, then the accuracy."""
    from anne import datasets
    _, _, X_test, y_test = datasets.iris_paper()
    outputs = model.predict(X_test)
    predicted = metrics.classes(outputs)
    print("%%4s  %%-24s %%9s %%5s" %% ("row", "output", "predicted", "true"))
    for i in range(len(outputs)):
        shown = " ".join("%%.6f" %% v for v in outputs[i])
        mark = "" if predicted[i] == y_test[i] else "  <- wrong"
        print("%%4d  %%-24s %%9d %%5d%%s" %% (i, shown, predicted[i], y_test[i], mark))
    right = sum(1 for i in range(len(outputs)) if predicted[i] == y_test[i])
    print("accuracy: %%.2f (%%d of %%d)" %% (metrics.accuracy(y_test, outputs), right, len(outputs)))


def show_predictions(model, rows):
    for row in rows:
        print("%%s -> %%s" %% (row, model.forward(row)))


print(model)
if model.n_inputs == 4:
    show_paper_table(model)
if ROWS:
    show_predictions(model, ROWS)
'''

_LOAD = {
    "json": 'model = anne.load("model.json")\n',
    "py": "from model import build  # model.py: the weights as Python lists\n\nmodel = build()\n",
}


def main_py(format, rows=None):
    """The start-up script for a model saved as model.json or model.py."""
    shown = "None" if not rows else "[\n%s]" % "".join("    %r,\n" % [float(v) for v in row] for row in rows)
    return _MAIN % {"load": _LOAD[format], "rows": shown}
