# Model files: plain JSON, so the same file loads on CPython, in the browser and on the Pico.
#   {"format": "anne", "version": 2,
#    "layers": [{"units": 2, "activation": "relu", "kernel": [[...], ...], "bias": [...]}, ...],
#    "scaling": {"mean": [...], "std": [...]}}
# "scaling" is optional: with it, the network takes raw measurements and standardises each
# input first, (x - mean) / std, with one mean and one std (> 0) per input. Version 1 is the
# same without "scaling"; both are read, and version 2 is written. Other top-level keys (other
# tools keep notes there) are ignored.
import json

FORMAT = "anne"
VERSION = 2
VERSIONS_READ = (1, 2)


def model_from_dict(d):
    """A Sequential from a model dict; every problem is a ValueError naming the place."""
    from .layers import Dense
    from .model import Sequential

    if not isinstance(d, dict):
        raise ValueError("model file: expected a JSON object, got %s" % type(d).__name__)
    if d.get("format") != FORMAT:
        raise ValueError("model file: format is %r, expected %r" % (d.get("format"), FORMAT))
    version = d.get("version")
    if version not in VERSIONS_READ:
        raise ValueError("model file: version %r is not supported (this anne reads versions 1 and 2)"
                         % (version,))
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
    scaling = None
    if "scaling" in d:
        if version == 1:
            # Ignoring it would give wrong answers on raw inputs without a word.
            raise ValueError("model file: 'scaling' needs version 2, the file says version 1")
        scaling = _scaling_from_dict(d["scaling"], layers[0].input_dim)
    try:
        return Sequential(layers, scaling=scaling)
    except ValueError as e:
        raise ValueError("model file: %s" % e)


def _scaling_from_dict(d, n_inputs):
    """{"mean": [...], "std": [...]} -> a Standardizer for n_inputs inputs."""
    from .preprocessing import Standardizer

    if not isinstance(d, dict):
        raise ValueError('model file: scaling is %r, expected {"mean": [...], "std": [...]}' % (d,))
    for key in ("mean", "std"):
        values = d.get(key)
        if not isinstance(values, list):
            raise ValueError("model file: scaling.%s is %r, expected a list of %d numbers" % (key, values, n_inputs))
        if len(values) != n_inputs:
            raise ValueError("model file: scaling.%s has %d values, the network has %d inputs"
                             % (key, len(values), n_inputs))
    try:
        return Standardizer(d["mean"], d["std"])
    except ValueError as e:  # e names the value: "std[2] is 0, expected a number > 0"
        raise ValueError("model file: scaling.%s" % e)


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
