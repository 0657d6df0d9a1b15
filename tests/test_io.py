import json

from anne import load, save
from anne.io import dumps, loads
from anne.presets import eight
from support import raises

PATH = "anne_test_model.json"


def _remove(path):
    import os

    try:
        os.remove(path)
    except OSError:
        pass


def test_save_then_load_gives_the_same_network():
    m = eight()
    save(m, PATH)
    try:
        again = load(PATH)
        with open(PATH) as f:
            d = json.loads(f.read())
    finally:
        _remove(PATH)
    assert d["format"] == "anne" and d["version"] == 1
    assert set(d["layers"][0]) == {"units", "activation", "kernel", "bias"}
    assert again.to_dict() == m.to_dict()


def test_malformed_files_give_clear_errors():
    cases = [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"format": "keras", "version": 1, "layers": []}', "format"),
        ('{"format": "anne", "version": 2, "layers": []}', "version 2"),
        ('{"format": "anne", "version": 1, "layers": []}', "non-empty"),
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
