import json

from anne import Sequential, load, save
from anne.io import dumps, loads
from anne.preprocessing import Standardizer
from anne.presets import eight
from support import raises

PATH = "anne_test_model.json"


def _remove(path):
    import os

    try:
        os.remove(path)
    except OSError:
        pass


def _saved_and_loaded(m):
    """save(m), then -> (load() of the file, the file's JSON)."""
    save(m, PATH)
    try:
        again = load(PATH)
        with open(PATH) as f:
            d = json.loads(f.read())
    finally:
        _remove(PATH)
    return again, d


def test_save_then_load_gives_the_same_network():
    m = eight()
    again, d = _saved_and_loaded(m)
    assert d["format"] == "anne" and d["version"] == 2
    assert set(d) == {"format", "version", "layers"}  # no scaling: none written
    assert set(d["layers"][0]) == {"units", "activation", "kernel", "bias"}
    assert again.to_dict() == m.to_dict() and again.scaling is None


def test_malformed_files_give_clear_errors():
    cases = [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"format": "keras", "version": 1, "layers": []}', "format"),
        ('{"format": "anne", "version": 3, "layers": []}', "version 3"),
        ('{"format": "anne", "layers": []}', "version None"),
        ('{"format": "anne", "version": 1, "layers": []}', "non-empty"),
        ('{"format": "anne", "version": 2, "layers": []}', "non-empty"),
        ('{"format": "anne", "version": 1, "layers": [{"units": 1}]}', "layer 0 has no 'activation'"),
    ]
    for text, words in cases:
        e = raises(ValueError, loads, text)
        assert words in str(e), (text, str(e))


def test_bad_layer_in_file_names_layer_and_shape():
    d = eight().to_dict()
    d["layers"][1]["kernel"] = d["layers"][1]["kernel"][:1]
    e = raises(ValueError, loads, json.dumps(d))
    assert "layer 1" in str(e) and "1x3" in str(e) and "2x3" in str(e), str(e)
    d = eight().to_dict()
    d["layers"][2]["activation"] = "softmaxx"
    e = raises(ValueError, loads, json.dumps(d))
    assert "layer 2" in str(e) and "softmaxx" in str(e), str(e)


def test_load_names_the_file():
    with open(PATH, "w") as f:
        f.write("{}")
    try:
        e = raises(ValueError, load, PATH)
    finally:
        _remove(PATH)
    assert PATH in str(e), str(e)


def test_dumps_is_json():
    assert json.loads(dumps(eight()))["layers"][3]["activation"] == "sigmoid"


# A version 1 file as anne wrote it before scaling existed (net "six", weights cut short).
V1_FILE = """{"format": "anne", "version": 1, "layers": [
 {"units": 2, "activation": "relu", "kernel": [[1.0, -0.5], [0.25, 2.0], [0.0, 1.0], [-1.0, 0.5]],
  "bias": [0.1, -0.2]},
 {"units": 1, "activation": "sigmoid", "kernel": [[1.5], [-2.0]], "bias": [0.3]}]}"""


def test_a_version_1_file_still_loads_unchanged():
    m = loads(V1_FILE)
    assert m.scaling is None and m.n_inputs == 4
    assert m.layers[0].kernel[3] == [-1.0, 0.5] and m.layers[1].bias == [0.3]
    d = json.loads(V1_FILE)
    assert m.to_dict()["layers"] == d["layers"]
    assert json.loads(dumps(m))["version"] == 2  # written again, it is a version 2 file


def _scaled_eight():
    return Sequential(eight().layers, scaling=Standardizer([6.262, 2.872, 4.906, 1.676], [0.66, 0.33, 0.82, 0.42]))


def test_save_then_load_keeps_the_scaling():
    m = _scaled_eight()
    again, d = _saved_and_loaded(m)
    assert d["version"] == 2
    assert d["scaling"] == {"mean": [6.262, 2.872, 4.906, 1.676], "std": [0.66, 0.33, 0.82, 0.42]}
    assert again.scaling.mean == m.scaling.mean and again.scaling.std == m.scaling.std
    assert again.to_dict() == m.to_dict()
    x = [6.8, 2.8, 4.8, 1.4]  # raw cm
    assert again.forward(x) == m.forward(x) and again.forward(x) != eight().forward(x)


def _with_scaling(scaling, version=2):
    d = eight().to_dict()
    d["version"] = version
    d["scaling"] = scaling
    return json.dumps(d)


def test_bad_scaling_values_each_give_a_named_error():
    good = [1.0, 2.0, 3.0, 4.0]
    cases = [
        ({"mean": good, "std": [1.0, 2.0, 3.0]}, "model file: scaling.std has 3 values, the network has 4 inputs"),
        ({"mean": [1.0] * 5, "std": good}, "model file: scaling.mean has 5 values, the network has 4 inputs"),
        ({"mean": good, "std": [1.0, 2.0, 0, 4.0]}, "model file: scaling.std[2] is 0, expected a number > 0"),
        ({"mean": good, "std": [1.0, -2.0, 3.0, 4.0]}, "model file: scaling.std[1] is -2.0, expected a number > 0"),
        ({"mean": [1.0, "a", 3.0, 4.0], "std": good}, "model file: scaling.mean[1] is 'a', expected a finite number"),
        ({"mean": [1.0, 2.0, 3.0, None], "std": good}, "model file: scaling.mean[3] is None"),
        ({"mean": good, "std": [1.0, 2.0, 3.0, True]}, "model file: scaling.std[3] is True"),
        ({"mean": good}, "model file: scaling.std is None, expected a list of 4 numbers"),
        ({"mean": 5, "std": good}, "model file: scaling.mean is 5, expected a list of 4 numbers"),
        ([1.0, 2.0], "model file: scaling is [1.0, 2.0], expected"),
        (None, "model file: scaling is None, expected"),
    ]
    for scaling, words in cases:
        e = raises(ValueError, loads, _with_scaling(scaling))
        assert words in str(e), (scaling, str(e))
    # NaN is no JSON, but CPython's json reads it: either way the error is named.
    e = raises(ValueError, loads, _with_scaling({"mean": good, "std": "S"}).replace('"S"', "[1, 2, 3, NaN]"))
    assert "scaling.std[3] is nan" in str(e) or "not valid JSON" in str(e), str(e)


def test_scaling_in_a_version_1_file_is_refused_not_ignored():
    e = raises(ValueError, loads, _with_scaling({"mean": [0.0] * 4, "std": [1.0] * 4}, version=1))
    assert "'scaling' needs version 2" in str(e), str(e)


def test_unknown_top_level_keys_are_ignored():
    for version in (1, 2):
        d = eight().to_dict()
        d["version"] = version
        d["about"] = {"tool": "someone else's", "trained": "2024-05-01"}
        d["notes"] = ["kept by another tool"]
        assert loads(json.dumps(d)).to_dict() == eight().to_dict()
    d = _scaled_eight().to_dict()
    d["about"] = {"source": "cmd_train"}
    assert loads(json.dumps(d)).to_dict() == _scaled_eight().to_dict()
