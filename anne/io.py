# Model files: plain JSON, so the same file loads on CPython, in the browser and on the Pico.
#   {"format": "anne", "version": 1,
#    "layers": [{"units": 2, "activation": "relu", "kernel": [[...], ...], "bias": [...]}, ...]}
import json

FORMAT = "anne"
VERSION = 1


def model_from_dict(d):
    """A Sequential from a model dict; every problem is a ValueError naming the place."""
    from .layers import Dense
    from .model import Sequential

    if not isinstance(d, dict):
        raise ValueError("model file: expected a JSON object, got %s" % type(d).__name__)
    if d.get("format") != FORMAT:
        raise ValueError("model file: format is %r, expected %r" % (d.get("format"), FORMAT))
    if d.get("version") != VERSION:
        raise ValueError("model file: version %r is not supported (this anne reads version %d)"
                         % (d.get("version"), VERSION))
    specs = d.get("layers")
    if not isinstance(specs, list) or not specs:
        raise ValueError("model file: 'layers' must be a non-empty list")
    layers = []
    for k, spec in enumerate(specs):
        if not isinstance(spec, dict):
            raise ValueError("model file: layer %d is not an object" % k)
        for key in ("units", "activation", "kernel", "bias"):
            if key not in spec:
                raise ValueError("model file: layer %d has no '%s'" % (k, key))
        try:
            layers.append(Dense(spec["units"], spec["activation"], spec["kernel"], spec["bias"]))
        except ValueError as e:
            raise ValueError("model file: layer %d: %s" % (k, e))
    try:
        return Sequential(layers)
    except ValueError as e:
        raise ValueError("model file: %s" % e)


def dumps(model):
    return json.dumps(model.to_dict())


def loads(text):
    try:
        d = json.loads(text)
    except ValueError as e:
        raise ValueError("model file: not valid JSON (%s)" % e)
    return model_from_dict(d)


def save(model, path):
    """Write the model as JSON to path."""
    with open(path, "w") as f:
        f.write(dumps(model))


def load(path):
    """Read a model written by save (or by `python -m anne import-keras`)."""
    with open(path) as f:
        text = f.read()
    try:
        return loads(text)
    except ValueError as e:
        raise ValueError("%s: %s" % (path, e))
