# cpython-only
"""site/py/views.py on CPython, checked against anne itself and the paper's figures."""
import os
import sys

import pytest

# site/py is where the worker imports these from; no conftest.py here, so that
# tests/browser's conftest stays the only module of that name on sys.path.
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "site", "py")))
import views  # noqa: E402
from anne import Dense, Sequential, datasets, presets  # noqa: E402
from anne.preprocessing import Standardizer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="module")
def data():
    return views.Data()


def test_data_is_the_papers_split_with_each_flowers_cm_values(data):
    X_train, y_train, X_test, y_test = datasets.iris_paper()
    assert [p["x"] for p in data.points] == X_train + X_test
    assert [p["y"] for p in data.points] == y_train + y_test
    assert [p["test"] for p in data.points] == [False] * 80 + [True] * 20
    # cm values standardise to exactly the rows iris_paper() gives
    X, y, _, _ = datasets.iris()
    scaler = Standardizer().fit([X[i] for i in range(150) if y[i] > 0])
    assert scaler.transform([p["cm"] for p in data.points]) == X_train + X_test
    assert [p["row"] for p in data.points[80:]] == datasets.PAPER_TEST_ROWS
    assert data.describe()["classes"] == ["versicolor", "virginica"]


@pytest.mark.parametrize("name, accuracy, confusion", [("eight", 0.9, [[8, 2], [0, 10]]),
                                                       ("six", 0.95, [[9, 1], [0, 10]])])
def test_view_of_a_paper_net_has_the_papers_accuracy(data, name, accuracy, confusion):
    v = views.view(presets.get(name), data, 2, 3, 80, 12)
    assert v["accuracy"] == accuracy
    assert v["confusion"] == confusion
    assert len(v["outputs"]) == len(v["predicted"]) == 100
    grid = v["grid"]
    assert grid["n"] == 12 and len(grid["values"]) == len(grid["classes"]) == 144
    assert grid["x0"] < min(p["x"][2] for p in data.points) and grid["y1"] > max(p["x"][3] for p in data.points)
    assert [layer["units"] for layer in v["network"]["layers"]] == [l.units for l in presets.get(name).layers]
    assert v["trace"]["sample"] == 80 and len(v["trace"]["layers"]) == len(v["network"]["layers"])


def test_grid_cells_hold_the_networks_output_with_the_other_features_at_their_mean(data):
    model = presets.eight()
    grid = views.decision_grid(model, data, 0, 2, 4)
    # top-left cell: feature 0 low, feature 2 high (rows go from the top)
    x = list(data.mean)
    x[0] = grid["x0"] + (grid["x1"] - grid["x0"]) * 0.5 / 4
    x[2] = grid["y1"] - (grid["y1"] - grid["y0"]) * 0.5 / 4
    assert grid["values"][0] == model.forward(x)[0]


def test_a_partial_view_has_only_what_was_asked(data):
    v = views.view(presets.eight(), data, parts=["trace"])
    assert set(v) == {"trace"}


def test_nan_outputs_become_null_so_the_reply_stays_json(data):
    import json
    model = presets.eight()
    model.layers[0].kernel[0][0] = float("nan")
    text = json.dumps(views.view(model, data, grid=4), allow_nan=False)
    assert "null" in text


def test_a_wide_network_is_sent_trimmed_for_the_diagram(data):
    model = Sequential([Dense(50, "relu", input_dim=4), Dense(30, "relu"), Dense(1, "sigmoid")])
    net = views.network(model)
    assert [l["units"] for l in net["layers"]] == [50, 30, 1]
    assert len(net["layers"][1]["kernel"]) == 20 and len(net["layers"][1]["kernel"][0]) == 20
    assert len(views.trace(model, data, 0)["layers"][0]["a"]) == 20
