# cpython-only
"""python -m anne train: progress on stderr, the final table, a model file that loads and predicts."""
import json
import os
import subprocess
import sys

import pytest

from anne import load, metrics
from anne.datasets import iris, iris_paper, split
from anne.preprocessing import Standardizer
from annetools import cmd_train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_anne(*args):
    return subprocess.run([sys.executable, "-m", "anne"] + list(args), cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_train_paper_task_saves_a_model_that_loads_and_predicts(tmp_path):
    path = str(tmp_path / "model.json")
    proc = run_anne("train", "--dataset", "iris-paper", "--layers", "3:relu,2:relu,1:sigmoid",
                    "--epochs", "20", "--lr", "0.01", "--optimizer", "sgd", "--seed", "0", "-o", path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "total parameters: 26" in out
    assert "confusion matrix" in out and "versicolor" in out and "virginica" in out
    test_line = [line for line in out.splitlines() if line.startswith("test ")][0]
    assert "(19 of 20 right)" in test_line, out
    # The progress bar goes to stderr and ends at the last epoch.
    assert "epoch 20/20 [" + "#" * 30 + "]" in proc.stderr, proc.stderr
    # The file is anne's format and gives the same accuracy through anne.load and predict.
    with open(path) as f:
        assert json.load(f)["format"] == "anne"
    model = load(path)
    _, _, X_test, y_test = iris_paper()
    assert metrics.accuracy(y_test, model.predict(X_test)) == 0.95
    proc = run_anne("predict", "--model", path)
    assert proc.returncode == 0, proc.stderr
    assert "accuracy: 0.95 (19 of 20)" in proc.stdout


def test_train_three_species_held_out(tmp_path, capsys):
    path = str(tmp_path / "iris.json")
    from anne.__main__ import main
    assert main(["train", "--dataset", "iris", "--epochs", "20", "--seed", "0", "--quiet", "-o", path]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # --quiet: no progress bar
    assert "setosa" in out and "120 training rows, 30 test rows" in out
    assert "standardised on the 120 training rows" in out and "file carries this scaling" in out
    assert "scale new rows the same way" not in out  # the old note: the file now has the scaling
    test_line = [line for line in out.splitlines() if line.startswith("test ")][0]
    right = int(test_line.split("(")[1].split()[0])
    assert right >= 29, out  # >= 0.95 of 30
    # The file carries the scaling of the 120 training rows, so the model takes rows in cm and
    # gives on the raw test rows just what the command printed.
    with open(path) as f:
        d = json.load(f)
    assert d["version"] == 2 and sorted(d["scaling"]) == ["mean", "std"]
    X, y, _, _ = iris()
    X_train, _, X_test, y_test = split(X, y, 0.2, seed=0)
    scaler = Standardizer().fit(X_train)
    assert d["scaling"] == {"mean": scaler.mean, "std": scaler.std}
    model = load(path)
    assert model.n_outputs == 3 and model.scaling.mean == scaler.mean
    predicted = metrics.classes(model.predict(X_test))  # X_test: cm, straight from iris()
    assert sum(1 for k in range(30) if predicted[k] == y_test[k]) == right


def test_iris_paper_stays_without_scaling(tmp_path, capsys):
    path = str(tmp_path / "paper.json")
    from anne.__main__ import main
    assert main(["train", "--epochs", "2", "--quiet", "-o", path]) == 0
    out = capsys.readouterr()[0]
    assert "standardised" not in out
    with open(path) as f:
        assert "scaling" not in json.load(f)


def test_the_confusion_matrix_counts_every_test_row(capsys):
    from anne.__main__ import main
    assert main(["train", "--epochs", "3", "--quiet"]) == 0
    out = capsys.readouterr()[0]
    lines = out.splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith("confusion matrix")][0]
    counts = [int(v) for line in lines[at + 2:at + 4] for v in line.split()[1:]]
    assert sum(counts) == 20


@pytest.mark.parametrize("args,words", [
    (["--layers", "3:relu,2"], ["--layers", "part 2"]),
    (["--layers", "0:relu,1:sigmoid"], ["--layers", "0 units"]),
    (["--layers", "3:bogus,1:sigmoid"], ["bogus", "relu"]),
    (["--dataset", "iris", "--layers", "4:relu,1:sigmoid"], ["3 classes", "3 units"]),
    (["--layers", "4:relu,3:softmax"], ["2 classes"]),
    (["--lr", "0"], ["--lr"]),
    (["--lr", "-0.5"], ["--lr"]),
    (["--batch-size", "0"], ["--batch-size"]),
    (["--epochs", "-1"], ["--epochs"]),
    (["--dataset", "iris", "--test-fraction", "1.5"], ["--test-fraction"]),
])
def test_bad_arguments_give_one_line_errors(args, words, capsys):
    from anne.__main__ import main
    assert main(["train", "--quiet"] + args) == 2
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    assert out == ""  # nothing printed before the error


def test_unknown_optimizer_is_refused_by_argparse():
    proc = run_anne("train", "--optimizer", "rmsprop")
    assert proc.returncode == 2 and "rmsprop" in proc.stderr


def test_train_is_listed_in_help():
    proc = run_anne("--help")
    assert proc.returncode == 0 and "train" in proc.stdout


def test_parse_layers():
    assert cmd_train.parse_layers("4:relu, 3:tanh,1:sigmoid") == [(4, "relu"), (3, "tanh"), (1, "sigmoid")]


def test_progress_bar_draws_the_last_epoch_and_a_newline():
    class Stream:
        text = ""

        def write(self, s):
            Stream.text += s

        def flush(self):
            pass

    bar = cmd_train.ProgressBar(3, Stream(), width=6)
    for epoch in range(3):
        assert bar(epoch, {"loss": 0.5, "accuracy": 0.75}) is None  # never stops training
    assert Stream.text.endswith("\repoch 3/3 [######] loss 0.5000 accuracy 0.750\n"), Stream.text
