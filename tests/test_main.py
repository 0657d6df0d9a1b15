# cpython-only
"""python -m anne predict: the paper's table on the command line."""
import os
import subprocess
import sys

from anne import Sequential, datasets, save
from anne.preprocessing import Standardizer
from anne.presets import six

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_anne(*args):
    return subprocess.run([sys.executable, "-m", "anne"] + list(args), cwd=ROOT, capture_output=True, text=True)


def test_predict_eight_prints_the_paper_table():
    proc = run_anne("predict", "--preset", "eight")
    assert proc.returncode == 0, proc.stderr
    assert "accuracy: 0.90 (18 of 20)" in proc.stdout
    rows = [line.split() for line in proc.stdout.splitlines() if line[:4].strip().isdigit()]
    assert [r[1] for r in rows][:8] == ["0.195907", "0.588282", "0.195907", "0.588282",
                                        "0.588282", "0.588282", "0.195907", "0.587846"]
    assert rows[16][1:4] == ["0.524571", "1", "0"] and rows[18][1:4] == ["0.588181", "1", "0"]


def test_predict_six_prints_095():
    proc = run_anne("predict", "--preset", "six")
    assert proc.returncode == 0, proc.stderr
    assert "accuracy: 0.95 (19 of 20)" in proc.stdout
    assert " 7.962081 " in proc.stdout and " 3.079960 " in proc.stdout


def test_predict_from_a_model_file(tmp_path):
    path = tmp_path / "six.json"
    save(six(), str(path))
    proc = run_anne("predict", "--model", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "accuracy: 0.95" in proc.stdout


def test_predict_from_a_scaled_model_file_shows_it_the_flowers_in_cm(tmp_path):
    # Net "six" with the paper's scaling inside takes cm, so it must print six's own table.
    X, y, _, _ = datasets.iris()
    scaler = Standardizer().fit([X[i] for i in range(150) if y[i] > 0])
    path = tmp_path / "six_cm.json"
    save(Sequential(six().layers, scaling=scaler), str(path))
    proc = run_anne("predict", "--model", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "Sequential(4 standardised -> 3 relu" in proc.stdout
    expected = run_anne("predict", "--preset", "six").stdout
    assert proc.stdout.splitlines()[1:] == expected.splitlines()[1:]
    assert "accuracy: 0.95 (19 of 20)" in proc.stdout


def test_bad_model_file_is_a_one_line_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "anne", "version": 9, "layers": []}')
    proc = run_anne("predict", "--model", str(path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "version 9" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_lists_predict():
    proc = run_anne("--help")
    assert proc.returncode == 0 and "predict" in proc.stdout
