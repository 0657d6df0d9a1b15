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


def _paper_scaled(name):
    """A paper net with the paper's scaling inside: it takes cm and is otherwise the same net."""
    X, y, _, _ = datasets.iris()
    scaler = Standardizer().fit([X[i] for i in range(150) if y[i] > 0])
    return Sequential(presets.get(name).layers, scaling=scaler)


def test_inputs_for_gives_a_scaled_model_centimetres(data):
    assert data.inputs_for(presets.six(), data.X_all) is data.X_all  # unscaled: as they are
    scaled = _paper_scaled("six")
    assert data.inputs_for(scaled, data.X_all) == [p["cm"] for p in data.points]  # each flower's own
    # Any other point goes back through the paper's scaler.
    cm = data.inputs_for(scaled, [[0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 2.0, 0.5]])
    s = data.scaler
    assert cm[0] == s.mean
    assert cm[1] == [s.mean[0] + s.std[0], s.mean[1] - s.std[1], s.mean[2] + 2 * s.std[2], s.mean[3] + 0.5 * s.std[3]]


@pytest.mark.parametrize("name", ["eight", "six"])
def test_a_scaled_model_that_equals_an_unscaled_one_draws_the_same_views(data, name):
    plain = views.view(presets.get(name), data, 2, 3, 85, 12)
    scaled = views.view(_paper_scaled(name), data, 2, 3, 85, 12)
    # The flowers: each one's cm values standardise to exactly the paper's rows.
    for key in ("accuracy", "train_accuracy", "confusion", "outputs", "predicted", "network", "trace"):
        assert scaled[key] == plain[key], key
    # The map: grid cells go to cm and back, a rounding apart; the picture is the same.
    for key in ("fx", "fy", "n", "x0", "x1", "y0", "y1", "classes"):
        assert scaled["grid"][key] == plain["grid"][key], key
    assert all(abs(a - b) < 1e-12 for a, b in zip(scaled["grid"]["values"], plain["grid"]["values"]))
    assert "standardised" in scaled["summary"]


def test_the_trace_of_a_scaled_model_shows_what_its_first_layer_takes(data):
    # A scaling other than the paper's: the diagram's inputs are the model's own z-scores.
    model = _paper_scaled("six")
    model.scaling = Standardizer([6.0, 3.0, 5.0, 1.5], [1.0, 0.5, 1.0, 0.5])
    t = views.trace(model, data, 80)
    cm = data.points[80]["cm"]
    assert t["x"] == model.scaling.transform([cm])[0]
    assert t["layers"][-1]["a"] == model.forward(cm)
