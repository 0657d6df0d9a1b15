"""The files that make a network run on the Pico, on the host: read the model or the project,
build the files with annetools/boardfiles.py (the builder the browser runs too), write them.

    files = pico_files(model)                # {"main.py": b"...", "model.json": b"...", "anne/layers.py": ...}
    files = pico_files(model, format="py")   # model.py: the weights as Python lists (paper, Tab. 2)
    write_folder(files, "pico")              # then: mpremote cp -r anne main.py model.json :

anne/ is read from this repository's anne/ folder every time (the one source of truth), so the
board always gets the same code the tests ran.
"""
import os
import zipfile

from . import boardfiles

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANNE_DIR = os.path.join(_ROOT, "anne")
FORMATS = boardfiles.FORMATS


def pico_files(model, format="json", rows=None):
    """The Pico-ready file set for `model` -> {relative path with "/": bytes}.

    model: an anne Sequential, or a model dict as in a model.json file (it is checked).
    format: "json" writes model.json; "py" writes model.py, the weights as Python lists in the
        paper's Tab. 2 layout (w1 = [[...], ...], b1 = [...]) for students to read and edit.
    rows: input rows (lists of n_inputs numbers) whose predictions main.py prints; by default a
        model with the paper's 4 inputs prints the paper's table and no rows, any other model
        three sample rows.
    """
    from anne.model import Sequential

    if isinstance(model, dict):
        model = Sequential.from_dict(model)
    return encoded(boardfiles.board_files(anne_files(), model.to_dict(), format=format, rows=rows))


def project_files(path):
    """A folder or .zip made by the playground's Download for Pico -> (the same file set, rebuilt
    from the project it holds, as bytes; notes). Its model.json is kept as it was written."""
    project, notes = boardfiles.read_project(read_tree(path), anne_files())
    files = boardfiles.board_files(anne_files(), project["model_text"], code=project["code"],
                                   modules=project["modules"])
    return encoded(files), project, notes


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


def is_project(path):
    """True for a folder, or a .zip with a model.json (the playground's Download for Pico; a
    Keras .keras file is a zip too, of config.json and weights)."""
    if os.path.isdir(path):
        return True
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.split("/")[-1] == "model.json" and name.count("/") <= 1 for name in archive.namelist())


def read_tree(path):
    """{relative path: text} of every file in a folder or a .zip (a file that is not UTF-8 text
    is a ValueError naming it)."""
    raw = {}
    if os.path.isdir(path):
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__" and not d.startswith("."))
            for name in names:
                full = os.path.join(folder, name)
                with open(full, "rb") as f:
                    raw[os.path.relpath(full, path).replace(os.sep, "/")] = f.read()
    else:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    raw[info.filename] = archive.read(info)
    files = {}
    for name, data in raw.items():
        if name.split("/")[-1].startswith(".") or name.endswith((".pyc", ".mpy")):
            continue
        try:
            files[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("%s: %s is not a text file" % (path, name))
    return files


def write_folder(files, folder):
    """Write a file set ({path: bytes or text}) under `folder` (made if missing) -> the paths written."""
    written = []
    for relative, data in sorted(files.items()):
        path = os.path.join(folder, *relative.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(path)
    return written


def encoded(files):
    return dict((name, text.encode("utf-8")) for name, text in files.items())


def anne_files():
    """Every file of the repository's anne/ package the board needs -> {"anne/...": text}."""
    files = {}
    for folder, subfolders, names in os.walk(ANNE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if name in boardfiles.HOST_ONLY or name.startswith(".") or name.endswith((".pyc", ".mpy")):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, os.path.dirname(ANNE_DIR)).replace(os.sep, "/")
            with open(path, encoding="utf-8", newline="") as f:
                files[relative] = f.read()
    if "anne/__init__.py" not in files:
        raise ValueError("no anne package at %s" % ANNE_DIR)
    return files
