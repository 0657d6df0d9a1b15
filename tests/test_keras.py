# cpython-only
"""annetools.keras against real Keras files: the fixtures in tests/fixtures/keras/ were made by
Keras 3.15 and Keras 2.15 (tests/fixtures/make_keras_fixtures.py), with Keras' own float64
predictions beside them. Neither Keras nor TensorFlow is needed here."""
import glob
import json
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

from anne import activations, io, presets
from annetools.keras import KerasImportError, read_keras

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(HERE, "fixtures", "keras")
TOLERANCE = 1e-6


def keras_predictions():
    """{fixture file name: its predictions dict} for every supported fixture."""
    found = {}
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.predictions.json"))):
        with open(path) as f:
            expected = json.load(f)
        for name in expected["files"]:
            found[name] = expected
    return found


PREDICTIONS = keras_predictions()

# Each unsupported or broken fixture, and words its one-line error must hold.
UNSUPPORTED = {
    "unsupported_conv2d.keras": ["layer 1 of 3", "'conv2d'", "(Conv2D)", "not supported"],
    "unsupported_conv2d.h5": ["layer 1 of 3", "'conv2d'", "(Conv2D)", "not supported"],
    "unsupported_batchnorm.keras": ["layer 2 of 3", "'batch_normalization'", "(BatchNormalization)"],
    "unsupported_batchnorm.h5": ["layer 2 of 3", "'batch_normalization'", "(BatchNormalization)"],
    "unsupported_branches.keras": ["branches", "'join'", "(Concatenate)"],
    "unsupported_branches.h5": ["branches", "'join'", "(Concatenate)"],
    "keras2_unsupported_branches.h5": ["branches", "'join'", "(Concatenate)"],
    "unsupported_relu6.keras": ["layer 2 of 3", "(Dense)", "activation 'relu6' is not in anne"],
    "unsupported_relu6.h5": ["layer 2 of 3", "(Dense)", "activation 'relu6' is not in anne"],
    "unsupported_mish.keras": ["layer 1 of 2", "activation 'mish' is not in anne"],
    "unsupported_mish.h5": ["layer 1 of 2", "activation 'mish' is not in anne"],
    "unsupported_leaky_relu_layer.keras": ["layer 2 of 3", "(LeakyReLU)", "slope 0.3"],
    "unsupported_leaky_relu_layer.h5": ["layer 2 of 3", "(LeakyReLU)", "slope 0.3"],
    "unsupported_nested.keras": ["layer 1 of 2", "'inner'", "(Sequential)", "not supported"],
    "unsupported_nested.h5": ["layer 1 of 2", "'inner'", "(Sequential)", "not supported"],
    "keras2_unsupported_hard_sigmoid.h5": ["'hard_sigmoid'", "Keras 2.15.0", "0.2 x + 0.5"],
    "broken_truncated.keras": ["damaged or truncated .keras file"],
    "broken_truncated.h5": ["damaged or truncated HDF5 file"],
    "broken_not_keras.keras": ["not a Keras model file"],
    "broken_weights_only.weights.h5": ["weights only", "model.save"],
}


def fixture(name):
    return os.path.join(FIXTURES, name)


def max_difference(model, expected):
    """The largest |anne - Keras| over the stored inputs, relative where outputs exceed 1."""
    worst = 0.0
    for row, keras_out in zip(expected["inputs"], expected["outputs"]):
        for a, k in zip(model.forward(row), keras_out):
            worst = max(worst, abs(a - k) / max(1.0, abs(k)))
    return worst


def test_every_fixture_file_is_tested():
    made = {os.path.basename(p) for p in glob.glob(os.path.join(FIXTURES, "*")) if not p.endswith(".json")}
    assert made == set(PREDICTIONS) | set(UNSUPPORTED)
    assert len(PREDICTIONS) >= 15


@pytest.mark.parametrize("name", sorted(PREDICTIONS))
def test_import_gives_keras_predictions(name):
    model_dict, _ = read_keras(fixture(name))
    model = io.model_from_dict(model_dict)
    assert max_difference(model, PREDICTIONS[name]) <= TOLERANCE


def test_fixtures_cover_every_anne_activation():
    used = set()
    for name in PREDICTIONS:
        used |= {layer["activation"] for layer in read_keras(fixture(name))[0]["layers"]}
    assert used == set(activations.names())


def test_paper_net_eight_keeps_its_weights():
    # Keras stores float32: the imported weights are the paper's Tab. 2 numbers to float32 precision.
    for name in ("eight.keras", "eight.h5", "keras2_eight.h5"):
        imported = io.model_from_dict(read_keras(fixture(name))[0])
        for mine, paper in zip(imported.layers, presets.eight().layers):
            assert mine.activation == paper.activation
            assert np.allclose(mine.kernel, paper.kernel, rtol=1e-7, atol=0)
            assert np.allclose(mine.bias, paper.bias, rtol=1e-7, atol=0)


def test_keras2_and_keras3_files_give_the_same_model():
    keras3 = read_keras(fixture("eight.keras"))[0]
    assert read_keras(fixture("eight.h5"))[0] == keras3
    assert read_keras(fixture("keras2_eight.h5"))[0] == keras3


def test_layer_names_do_not_matter_in_keras_files():
    # eight.keras names its layers hidden1..output; the weights still reach the right Dense.
    model = io.model_from_dict(read_keras(fixture("eight.keras"))[0])
    assert [len(layer.kernel) for layer in model.layers] == [4, 2, 3, 2]


def test_activation_layers_join_their_dense_or_become_identity_layers():
    model_dict, notes = read_keras(fixture("layers.keras"))
    # Dense(6)+Activation(relu), Dense(4, tanh, no bias), Activation(sigmoid) as identity,
    # Dense(4)+ReLU, Dense(3)+Softmax; both Dropouts gone.
    assert [(l["units"], l["activation"]) for l in model_dict["layers"]] == [
        (6, "relu"), (4, "tanh"), (4, "sigmoid"), (4, "relu"), (3, "softmax")]
    assert model_dict["layers"][1]["bias"] == [0.0] * 4
    identity = model_dict["layers"][2]
    assert identity["kernel"] == [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
    assert len(notes) == 1 and "layer 5 of 10 'activation_1' (Activation)" in notes[0]


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_or_broken_file_gives_a_clear_error(name):
    with pytest.raises(KerasImportError) as info:
        read_keras(fixture(name))
    message = str(info.value)
    assert "\n" not in message and message.startswith(fixture(name) + ": ")
    for words in UNSUPPORTED[name]:
        assert words in message, message


@pytest.mark.parametrize("name", ["eight.keras", "eight.h5", "keras2_mixed.h5", "functional_chain.keras"])
def test_file_cut_anywhere_gives_a_clear_error(name, tmp_path):
    with open(fixture(name), "rb") as f:
        data = f.read()
    cut = tmp_path / name
    for size in range(0, len(data), len(data) // 40):
        cut.write_bytes(data[:size])
        with pytest.raises(KerasImportError) as info:
            read_keras(str(cut))
        assert "\n" not in str(info.value)


def test_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(KerasImportError, match="cannot read"):
        read_keras(str(tmp_path / "nothing.keras"))


def run_anne(*args):
    return subprocess.run([sys.executable, "-m", "anne"] + list(args), cwd=ROOT, capture_output=True, text=True)


def test_import_keras_command_writes_a_model_anne_loads(tmp_path):
    out = tmp_path / "model.json"
    proc = run_anne("import-keras", fixture("keras2_mixed.h5"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "total parameters" in proc.stdout
    assert max_difference(io.load(str(out)), PREDICTIONS["keras2_mixed.h5"]) <= TOLERANCE


def test_import_keras_command_tells_about_identity_layers(tmp_path):
    proc = run_anne("import-keras", fixture("layers.h5"), "-o", str(tmp_path / "m.json"))
    assert proc.returncode == 0 and "note: layer 5 of 10" in proc.stderr


@pytest.mark.parametrize("name", ["broken_truncated.keras", "broken_truncated.h5", "broken_not_keras.keras",
                                  "unsupported_conv2d.keras", "keras2_unsupported_hard_sigmoid.h5"])
def test_import_keras_command_fails_in_one_line(name, tmp_path):
    out = tmp_path / "model.json"
    proc = run_anne("import-keras", fixture(name), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_importer_needs_neither_keras_nor_tensorflow():
    code = ("import sys\n"
            "for name in ('keras', 'tensorflow', 'jax', 'tf_keras', 'scipy'): sys.modules[name] = None\n"
            "from annetools.keras import read_keras\n"
            "print(len(read_keras(%r)[0]['layers']))" % fixture("smooth.keras"))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "6", proc.stderr


# ---- small hand-written Keras 2 files, for settings no fixture has -----------------------

def legacy_h5(path, layers, weights, keras_version="2.15.0"):
    """An .h5 laid out as Keras 2 writes it: model_config + model_weights/<layer>/<weight names>."""
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(config)
        f.attrs["keras_version"] = keras_version
        group = f.create_group("model_weights")
        for name, arrays in weights.items():
            names = ["%s/%s:0" % (name, kind) for kind in ("kernel", "bias")[:len(arrays)]]
            g = group.create_group(name)
            g.attrs["weight_names"] = [n.encode() for n in names]
            for n, a in zip(names, arrays):
                g.create_dataset(n, data=np.asarray(a, dtype="float32"))
    return str(path)


def layer(kind, name, **config):
    config["name"] = name
    return {"class_name": kind, "config": config}


INPUT = layer("InputLayer", "input_1", batch_input_shape=[None, 2])
DENSE = layer("Dense", "dense", units=2, activation="linear", use_bias=True)
WEIGHTS = {"dense": [[[1.0, -2.0], [0.5, 3.0]], [0.25, -0.5]]}


@pytest.mark.parametrize("extra, words", [
    (layer("ReLU", "re_lu", max_value=6.0, negative_slope=0.0, threshold=0.0), "max_value=6.0"),
    (layer("ELU", "elu", alpha=0.5), "alpha=0.5"),
    (layer("Softmax", "softmax", axis=0), "axis 0"),
    (layer("Activation", "activation", activation="exponential"), "'exponential' is not in anne"),
])
def test_activation_layer_anne_cannot_match_is_named(tmp_path, extra, words):
    path = legacy_h5(tmp_path / "m.h5", [INPUT, DENSE, extra], WEIGHTS)
    with pytest.raises(KerasImportError) as info:
        read_keras(path)
    assert "layer 2 of 2 '%s'" % extra["config"]["name"] in str(info.value) and words in str(info.value)


def test_activation_given_as_a_dict_and_an_activation_first(tmp_path):
    first = layer("Activation", "act0", activation={"class_name": "function", "config": "tanh"})
    dense = layer("Dense", "dense", units=2, use_bias=True,
                  activation={"module": "keras.activations", "class_name": "function", "config": "elu"})
    path = legacy_h5(tmp_path / "m.h5", [INPUT, first, dense], WEIGHTS)
    model_dict, notes = read_keras(path)
    assert [(l["units"], l["activation"]) for l in model_dict["layers"]] == [(2, "tanh"), (2, "elu")]
    assert len(notes) == 1 and "comes before any Dense" in notes[0]


def test_flat_input_is_required(tmp_path):
    wide = layer("InputLayer", "input_1", batch_input_shape=[None, 2, 2])
    path = legacy_h5(tmp_path / "m.h5", [wide, DENSE], WEIGHTS)
    with pytest.raises(KerasImportError, match=r"input shape \(2, 2\)"):
        read_keras(path)


def test_wrong_weight_shape_is_named(tmp_path):
    path = legacy_h5(tmp_path / "m.h5", [INPUT, layer("Dense", "dense", units=3, activation="relu")], WEIGHTS)
    with pytest.raises(KerasImportError, match=r"layer 1 of 1 'dense' \(Dense\): kernel is 2x2"):
        read_keras(path)
