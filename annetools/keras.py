"""Read a Keras model file (.keras or legacy .h5) into an anne model dict.

Only zipfile, json and h5py are used: neither TensorFlow nor Keras is needed. Two layouts:
  .keras (Keras 3; also TF 2.13+): a zip of config.json (the model's layers) and
      model.weights.h5 (groups layers/<path>/vars/0, 1, ...: kernel, bias).
  .h5 (Keras 2 `model.save`, also Keras 3's legacy save): an HDF5 file whose attribute
      model_config holds the same JSON, and model_weights/<layer name>/ the arrays, in the
      order its attribute weight_names gives.
A Sequential model of Dense layers becomes anne's file format; InputLayer and Dropout (a no-op
at inference) are dropped, and an activation layer joins the Dense before it. Anything else is a
KerasImportError whose one-line message names the layer and its place.
"""
import io
import json
import zipfile
import zlib

from anne import activations as anne_activations
from anne import io as anne_io

_ZIP_MAGIC = b"PK\x03\x04"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_WEIGHTS_IN_ZIP = "model.weights.h5"
SUPPORTED_LAYERS = ("InputLayer", "Dense", "Activation", "Dropout", "ReLU", "LeakyReLU", "ELU", "Softmax")


class KerasImportError(ValueError):
    """A Keras file anne cannot read; str(error) is one line that names the problem."""


def read_keras(path):
    """A .keras or .h5 file -> (anne model dict, notes: list of one-line remarks for the user)."""
    kind = _sniff(path)
    if kind == "zip":
        config, version, weights_h5 = _open_keras_zip(path)
    else:
        config, version, weights_h5 = _open_hdf5(path)
    try:
        with weights_h5:
            lookup = _keras3_weights(weights_h5) if kind == "zip" else _legacy_weights(weights_h5)
            model, notes = _convert(config, version, lookup)
    except KerasImportError as e:
        raise KerasImportError("%s: %s" % (path, e))
    except (OSError, RuntimeError) as e:  # h5py's words for a damaged file
        raise KerasImportError("%s: damaged or truncated weights (%s)" % (path, _first_line(e)))
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as e:
        raise KerasImportError("%s: not a Keras model anne understands (%s: %s)"
                               % (path, type(e).__name__, _first_line(e)))
    return model, notes


def _first_line(error):
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _sniff(path):
    # The first bytes, not the file name, decide: a renamed file still reads, a stray one fails clearly.
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise KerasImportError("%s: cannot read (%s)" % (path, e.strerror or e))
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head == _HDF5_MAGIC:
        return "hdf5"
    raise KerasImportError("%s: not a Keras model file (expected a .keras zip archive or an .h5 HDF5 file)" % path)


def _h5py():
    try:
        import h5py
    except ImportError:
        raise KerasImportError("reading Keras files needs h5py: pip install h5py")
    return h5py


def _open_keras_zip(path):
    """-> (model config, Keras version, open h5py File of the weights)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "config.json" not in names:
                raise KerasImportError("%s: a zip archive without config.json, not a Keras .keras model" % path)
            config = json.loads(z.read("config.json"))
            metadata = json.loads(z.read("metadata.json")) if "metadata.json" in names else {}
            if _WEIGHTS_IN_ZIP not in names:
                raise KerasImportError("%s: the archive has no %s (weights saved in another format?)"
                                       % (path, _WEIGHTS_IN_ZIP))
            weights = z.read(_WEIGHTS_IN_ZIP)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, RuntimeError) as e:
        # NotImplementedError: an unknown zip version or compression; RuntimeError: encrypted.
        raise KerasImportError("%s: damaged or truncated .keras file (%s)" % (path, _first_line(e)))
    except KerasImportError:
        raise
    except ValueError as e:  # json's error
        raise KerasImportError("%s: config.json or metadata.json is not valid JSON (%s)" % (path, e))
    try:
        h5 = _h5py().File(io.BytesIO(weights), "r")
    except OSError as e:
        raise KerasImportError("%s: damaged %s inside the archive (%s)" % (path, _WEIGHTS_IN_ZIP, _first_line(e)))
    return config, str(metadata.get("keras_version", "3")), h5


def _open_hdf5(path):
    """-> (model config, Keras version, the open h5py File)."""
    try:
        f = _h5py().File(path, "r")
    except OSError as e:
        raise KerasImportError("%s: damaged or truncated HDF5 file (%s)" % (path, _first_line(e)))
    try:
        text = f.attrs.get("model_config")
        if text is None:
            weights_only = "layer_names" in f.attrs or "layers" in f or "vars" in f
            raise KerasImportError(
                "%s: the file holds weights only, no model (saved with save_weights?); save the whole "
                "model with model.save(\"model.keras\")" % path if weights_only else
                "%s: an HDF5 file without a Keras model in it (no model_config)" % path)
        config = json.loads(_text(text))
        version = _text(f.attrs.get("keras_version", "2"))
        if "model_weights" not in f:
            raise KerasImportError("%s: the file has a model but no model_weights" % path)
    except KerasImportError:
        f.close()
        raise
    except ValueError as e:  # json's error (KerasImportError, a ValueError too, is passed on above)
        f.close()
        raise KerasImportError("%s: model_config is not valid JSON (%s)" % (path, e))
    except (OSError, RuntimeError, KeyError) as e:  # h5py's words for a damaged file
        f.close()
        raise KerasImportError("%s: damaged HDF5 file (%s)" % (path, _first_line(e)))
    return config, version, f


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _keras3_weights(h5):
    """lookup(layer name, k-th Dense) -> arrays, for model.weights.h5 inside a .keras file."""
    by_name = {}
    layers = h5.get("layers")
    for key in (layers or {}):
        group = layers[key].get("vars")
        if group is not None and "name" in group.attrs:
            by_name[_text(group.attrs["name"])] = group

    def lookup(layer_name, dense_index):
        # Keras 3.x names each vars group after the layer (attribute "name"); the path itself is the
        # class name in snake case, numbered in layer order: layers/dense, layers/dense_1, ...
        group = by_name.get(layer_name)
        if group is None:
            group = h5.get("layers/dense%s/vars" % ("_%d" % dense_index if dense_index else ""))
        if group is None:
            raise KerasImportError("no weights for layer '%s' in %s" % (layer_name, _WEIGHTS_IN_ZIP))
        return [group[key][()] for key in sorted(group.keys(), key=int)]
    return lookup


def _legacy_weights(f):
    """lookup(layer name, k-th Dense) -> arrays, for a Keras 2 style .h5 file."""
    weights = f["model_weights"]

    def lookup(layer_name, dense_index):
        if layer_name not in weights:
            raise KerasImportError("no weights for layer '%s' in model_weights" % layer_name)
        group = weights[layer_name]
        return [group[_text(name)][()] for name in group.attrs.get("weight_names", [])]
    return lookup


# ---- the model configuration -> a chain of layers ------------------------------------------

def _layer_list(config):
    """The model's layers in order, as Keras config dicts; a functional model must be one chain."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise KerasImportError("the model configuration has no class_name")
    kind = config["class_name"]
    body = config.get("config")
    if kind == "Sequential":
        return body if isinstance(body, list) else body["layers"]  # Keras < 2.2.3 kept a bare list
    if kind in ("Functional", "Model"):
        return _functional_chain(body)
    raise KerasImportError("model class '%s' is not supported: anne reads Sequential models and "
                           "functional models that are one chain of layers" % kind)


def _layer_name(layer):
    return layer.get("name") or layer["config"]["name"]


def _history_names(node):
    """The layers whose outputs feed a call (Keras 3 nodes hold keras_history, Keras 2 lists)."""
    if isinstance(node, dict):
        if "keras_history" in node:
            return [node["keras_history"][0]]
        names = []
        for value in node.values():
            names += _history_names(value)
        return names
    if isinstance(node, list):
        if len(node) >= 3 and isinstance(node[0], str) and isinstance(node[1], int):
            return [node[0]]  # Keras 2: [layer name, node index, tensor index, kwargs]
        names = []
        for value in node:
            names += _history_names(value)
        return names
    return []


def _endpoints(spec):
    # [["input_1", 0, 0]] in Keras 2, ["input_layer", 0, 0] for one input in Keras 3.
    if spec and isinstance(spec[0], str):
        return [spec[0]]
    return [item[0] for item in spec]


def _functional_chain(body):
    layers = body["layers"]
    by_name = {_layer_name(layer): layer for layer in layers}
    inbound = {}
    consumers = {name: [] for name in by_name}
    for layer in layers:
        name = _layer_name(layer)
        nodes = layer.get("inbound_nodes") or []
        if len(nodes) > 1:
            raise KerasImportError("layer '%s' is called %d times (a shared layer); anne reads one chain "
                                   "of layers" % (name, len(nodes)))
        sources = _history_names(nodes)
        if len(sources) > 1:
            raise KerasImportError("functional model with branches: layer '%s' (%s) joins %d inputs (%s); "
                                   "anne reads one chain of layers" % (name, layer["class_name"], len(sources),
                                                                       ", ".join(sources)))
        inbound[name] = sources
        for source in sources:
            consumers[source].append(name)
    inputs, outputs = _endpoints(body["input_layers"]), _endpoints(body["output_layers"])
    if len(inputs) != 1 or len(outputs) != 1:
        raise KerasImportError("functional model with %d inputs and %d outputs; anne reads one input and "
                               "one output" % (len(inputs), len(outputs)))
    chain = [by_name[inputs[0]]]
    current = inputs[0]
    while consumers[current]:
        if len(consumers[current]) > 1:
            raise KerasImportError("functional model with branches: the output of layer '%s' feeds %d layers "
                                   "(%s); anne reads one chain of layers"
                                   % (current, len(consumers[current]), ", ".join(consumers[current])))
        current = consumers[current][0]
        chain.append(by_name[current])
    if current != outputs[0] or len(chain) != len(layers):
        raise KerasImportError("functional model whose layers are not one chain from input to output")
    return chain


# ---- layers -> anne's Dense layers ---------------------------------------------------------

def _activation(value, where, keras_version):
    """A Keras activation setting -> the name anne knows it by."""
    if isinstance(value, dict):  # {"class_name": "function", "config": "relu", ...} in some saves
        value = value["config"] if isinstance(value.get("config"), str) else value.get("class_name")
    name = value or "linear"
    if name == "hard_sigmoid" and keras_version[:1] in ("1", "2"):
        raise KerasImportError("%s: activation 'hard_sigmoid' of Keras %s is clip(0.2 x + 0.5), anne's (as "
                               "Keras 3's) is clip(x / 6 + 0.5), so the outputs would differ"
                               % (where, keras_version))
    if name not in anne_activations.names():
        raise KerasImportError("%s: activation '%s' is not in anne (anne has: %s)"
                               % (where, name, ", ".join(anne_activations.names())))
    return name


def _activation_layer(kind, cfg, where, keras_version):
    """An activation layer (Activation, ReLU, ...) -> an anne activation name, if anne has its exact function."""
    if kind == "Activation":
        return _activation(cfg.get("activation"), where, keras_version)
    if kind == "ReLU":
        if cfg.get("max_value") is not None or cfg.get("negative_slope", 0) or cfg.get("threshold", 0):
            raise KerasImportError("%s: ReLU with max_value=%s, negative_slope=%s, threshold=%s; anne's relu "
                                   "is max(x, 0)" % (where, cfg.get("max_value"), cfg.get("negative_slope", 0),
                                                     cfg.get("threshold", 0)))
        return "relu"
    if kind == "LeakyReLU":
        slope = cfg.get("negative_slope", cfg.get("alpha"))
        anne_slope = -anne_activations.get("leaky_relu").f([-1.0])[0]
        if slope is None or abs(slope - anne_slope) > 1e-7:
            raise KerasImportError("%s: negative slope %s; anne's leaky_relu has %s (Keras 3's default for the "
                                   "function, the layer's default is 0.3)" % (where, slope, anne_slope))
        return "leaky_relu"
    if kind == "ELU":
        if cfg.get("alpha", 1.0) != 1.0:
            raise KerasImportError("%s: alpha=%s; anne's elu has alpha 1" % (where, cfg.get("alpha")))
        return "elu"
    if kind == "Softmax":
        axis = cfg.get("axis", -1)
        if axis not in (-1, 1, [-1], [1]):
            raise KerasImportError("%s: softmax over axis %s; anne's is over a layer's units" % (where, axis))
        return "softmax"
    return None


def _input_width(cfg):
    """Input features from an InputLayer or a first layer's shape, None if the config has none."""
    shape = cfg.get("batch_shape") or cfg.get("batch_input_shape")
    if shape is None:
        return None
    if len(shape) != 2:
        raise KerasImportError("input shape %s; anne's networks take one flat list of numbers"
                               % (tuple(shape[1:]),))
    return shape[1]


def _dense(cfg, arrays, where, keras_version):
    units = cfg["units"]
    use_bias = cfg.get("use_bias", True)
    if len(arrays) != (2 if use_bias else 1):
        raise KerasImportError("%s: %d weight arrays, expected %s (a quantized or LoRA layer?)"
                               % (where, len(arrays), "kernel and bias" if use_bias else "a kernel"))
    kernel = arrays[0]
    if kernel.ndim != 2 or kernel.shape[1] != units or kernel.dtype.kind != "f":
        raise KerasImportError("%s: kernel is %s %s, expected n_in x %d floats"
                               % (where, "x".join(str(n) for n in kernel.shape), kernel.dtype, units))
    bias = arrays[1].tolist() if use_bias else [0.0] * units
    # tolist() turns float32 into Python floats exactly: no digit of Keras' weights is lost.
    return {"units": units, "activation": _activation(cfg.get("activation"), where, keras_version),
            "kernel": kernel.tolist(), "bias": bias}


def _convert(config, keras_version, lookup):
    layers = _layer_list(config)
    counted = [layer for layer in layers if layer["class_name"] != "InputLayer"]
    # Places as model.summary() lists them: 1-based, InputLayer not counted.
    placed = [("layer %d of %d '%s' (%s)" % (k + 1, len(counted), _layer_name(layer), layer["class_name"]), layer)
              for k, layer in enumerate(counted)]
    for where, layer in placed:  # an unsupported layer is named before any shape complaint
        if layer["class_name"] not in SUPPORTED_LAYERS:
            raise KerasImportError("%s is not supported; anne reads %s" % (where, ", ".join(SUPPORTED_LAYERS)))
    n_inputs = _declared_inputs(config, layers)
    out = []
    notes = []
    dense_index = 0
    for where, layer in placed:
        kind, cfg = layer["class_name"], layer.get("config") or {}
        if kind == "Dense":
            out.append(_dense(cfg, lookup(_layer_name(layer), dense_index), where, keras_version))
            dense_index += 1
        elif kind != "Dropout":  # Dropout only acts while training
            _add_activation(out, _activation_layer(kind, cfg, where, keras_version), n_inputs, where, notes)
    if not out:
        raise KerasImportError("the model has no Dense layer")
    model = {"format": anne_io.FORMAT, "version": anne_io.VERSION, "layers": out}
    try:
        anne_io.model_from_dict(model)  # the same checks as anne.load: shapes fit, numbers finite
    except ValueError as e:
        raise KerasImportError(str(e))
    return model, notes


def _declared_inputs(config, layers):
    """The input width the config states (InputLayer, a first layer's shape, build_input_shape)."""
    body = config.get("config")
    if isinstance(body, dict) and body.get("build_input_shape"):
        return _input_width({"batch_shape": body["build_input_shape"]})
    return _input_width(layers[0].get("config") or {})


def _add_activation(out, act, n_inputs, where, notes):
    """anne keeps an activation inside a Dense: join a linear Dense, else add an identity Dense."""
    if act == "linear":
        return
    if out and out[-1]["activation"] == "linear":
        out[-1]["activation"] = act
        return
    width = out[-1]["units"] if out else n_inputs
    reason = "follows a Dense that has its own activation" if out else "comes before any Dense"
    if width is None:
        raise KerasImportError("%s comes first and the model gives no input shape" % where)
    # An identity kernel and zero bias pass z through exactly: 1.0 * x + 0.0 * y == x in floats.
    identity = [[1.0 if i == j else 0.0 for j in range(width)] for i in range(width)]
    out.append({"units": width, "activation": act, "kernel": identity, "bias": [0.0] * width})
    notes.append("%s %s, so it became Dense(%d, '%s') with an identity kernel" % (where, reason, width, act))
