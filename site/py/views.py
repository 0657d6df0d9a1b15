# What the renderers draw, computed from a model and the paper's IRIS task: accuracy and
# confusion matrix, the decision map, the weights, one flower's trace. Plain lists and
# dicts only (JSON for the page). Pure (anne + stdlib), so tests/py runs it on CPython.
from errors import StudentError

GRID = 40  # decision map cells per side: 1600 forward passes, ~0.1 s in MicroPython-WASM
_PAD = 0.5  # map margin around the data, in standard deviations
_SHOWN_UNITS = 20  # the diagram draws at most this many units per layer (render/network.js)


def finite(values):
    # JSON has no nan/inf: an overflowing activation becomes null, drawn as "no value".
    return [v if v == v and -1e300 < v < 1e300 else None for v in values]


def without_nan(outputs):
    return [[v if v == v else 0.0 for v in out] for out in outputs]


def _score(out):
    # How much "class 1" an output says, for the heat map: the single output itself
    # (> 0.5 is class 1, the paper's rule) or, for several outputs, the second one.
    return out[0] if len(out) == 1 else out[1]


class Data:
    """The paper's task: 80 training and 20 test flowers, standardised, plus their cm values."""

    def __init__(self):
        from anne import datasets
        from anne.preprocessing import Standardizer

        X_train, y_train, X_test, y_test = datasets.iris_paper()
        X_raw, y_all, feature_names, target_names = datasets.iris()
        # The same rows iris_paper() takes, to show each flower's measurements in cm.
        # tests/py/test_session.py checks that these standardise to iris_paper()'s rows.
        test_rows = list(datasets.PAPER_TEST_ROWS)
        rows = [i for i in range(len(y_all)) if y_all[i] > 0]
        train_rows = [i for i in rows if i not in set(test_rows)]
        self.scaler = Standardizer().fit([X_raw[i] for i in rows])
        self.X_train, self.y_train, self.X_test, self.y_test = X_train, y_train, X_test, y_test
        self.feature_names = feature_names
        self.class_names = target_names[1:]
        self.points = []
        for part, X, y, source in (("train", X_train, y_train, train_rows), ("test", X_test, y_test, test_rows)):
            for k in range(len(X)):
                self.points.append({"x": X[k], "cm": X_raw[source[k]], "y": y[k],
                                    "test": part == "test", "row": source[k]})
        self.X_all = [p["x"] for p in self.points]
        self._cm = {tuple(p["x"]): p["cm"] for p in self.points}
        n = len(self.X_all)
        self.mean = [sum(x[j] for x in self.X_all) / n for j in range(4)]
        self.low = [min(x[j] for x in self.X_all) - _PAD for j in range(4)]
        self.high = [max(x[j] for x in self.X_all) + _PAD for j in range(4)]

    def inputs_for(self, model, X):
        """Rows X in the paper's standardised units -> the rows to give model. A model with its
        own scaling standardises what it gets, so it gets centimetres: a flower's own cm values,
        any other point (the decision map's) converted back with the paper's scaler."""
        if getattr(model, "scaling", None) is None:
            return X
        mean, std = self.scaler.mean, self.scaler.std
        return [self._cm.get(tuple(x)) or [x[j] * std[j] + mean[j] for j in range(len(x))] for x in X]

    def describe(self):
        """What the page needs once: feature and class names, every point."""
        return {"features": self.feature_names, "classes": self.class_names,
                "points": self.points, "mean": self.mean,
                "scale": {"mean": self.scaler.mean, "std": self.scaler.std}}


def decision_grid(model, data, fx, fy, n=GRID):
    """Outputs on an n x n grid over features fx (across) and fy (up), the others at
    their mean -> {fx, fy, n, x0, x1, y0, y1, values}; values row by row from the top."""
    from anne.metrics import classes

    if fx == fy or not (0 <= fx < 4 and 0 <= fy < 4):
        raise StudentError("same_features", fx=fx, fy=fy)
    x0, x1, y0, y1 = data.low[fx], data.high[fx], data.low[fy], data.high[fy]
    base = list(data.mean)
    cells = []
    for r in range(n):
        y = y1 - (y1 - y0) * (r + 0.5) / n
        for c in range(n):
            x = list(base)
            x[fx] = x0 + (x1 - x0) * (c + 0.5) / n
            x[fy] = y
            cells.append(x)
    values = []
    predicted = []
    forward = model.forward
    for x in data.inputs_for(model, cells):
        out = forward(x)
        values.append(_score(out))
        predicted.append(out)
    return {"fx": fx, "fy": fy, "n": n, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "values": finite(values), "classes": classes(without_nan(predicted))}


def network(model):
    """The weights, layer by layer, as plain lists (at most _SHOWN_UNITS per layer;
    `units` is the true count)."""
    n = _SHOWN_UNITS
    return {"inputs": model.layers[0].input_dim,
            "layers": [{"units": l.units, "activation": l.activation,
                        "kernel": [finite(row[:n]) for row in l.kernel[:n]], "bias": finite(l.bias[:n])}
                       for l in model.layers]}


def trace(model, data, sample):
    """Per-layer z and a for one point (index into data.points)."""
    if not (0 <= sample < len(data.points)):
        sample = len(data.points) - len(data.X_test)
    x = data.points[sample]["x"]
    steps = model.trace(data.inputs_for(model, [x])[0])
    if getattr(model, "scaling", None) is not None:
        # The diagram's inputs are what the first layer multiplies: the model's own z-scores.
        x = model.scaling.transform([data.points[sample]["cm"]])[0]
    n = _SHOWN_UNITS
    return {"sample": sample, "x": x,
            "layers": [{"z": finite(s["z"][:n]), "a": finite(s["a"][:n])} for s in steps]}


def evaluate(model, data):
    """Accuracy and confusion matrix on the paper's 20 test rows, outputs for every point."""
    from anne.metrics import accuracy, classes, confusion_matrix

    outputs = [model.forward(x) for x in data.inputs_for(model, data.X_all)]
    safe = without_nan(outputs)
    n_train = len(data.X_train)
    test_out = safe[n_train:]
    n_classes = max(2, model.layers[-1].units if model.layers[-1].units > 1 else 2)
    return {
        "accuracy": accuracy(data.y_test, test_out),
        "train_accuracy": accuracy(data.y_train, safe[:n_train]),
        "confusion": confusion_matrix(data.y_test, test_out, n_classes),
        "outputs": [finite(o) for o in outputs],
        "predicted": classes(safe),
    }


def view(model, data, fx=2, fy=3, sample=-1, grid=GRID, parts=None):
    """What the renderers draw for one model; parts limits it (e.g. ["trace"] when only
    the traced flower changed), None means everything."""
    result = evaluate(model, data) if parts is None or "evaluate" in parts else {}
    if parts is None or "grid" in parts:
        result["grid"] = decision_grid(model, data, fx, fy, grid)
    if parts is None or "network" in parts:
        result["network"] = network(model)
    if parts is None or "trace" in parts:
        result["trace"] = trace(model, data, sample)
    if parts is None:
        result["summary"] = model.summary() if hasattr(model, "summary") else repr(model)
    return result
