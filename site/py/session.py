# The playground's Python side, without any browser: run the student's code, find the
# model it defines, and turn model + IRIS data into plain lists and dicts for the renderers.
# Pure (anne + stdlib only), so tests/py/ runs it on CPython; site/py/worker.py binds it
# to PyScript's worker. Nothing here touches js, pyscript or the DOM.
import sys

# Interpreter differences, in one place: traceback text, millisecond clock, io.
try:
    from sys import print_exception as _print_exception  # MicroPython
except ImportError:
    import traceback as _traceback

    def _print_exception(exc, file):
        _traceback.print_exception(type(exc), exc, exc.__traceback__, file=file)

try:
    from time import ticks_ms as _now_ms, ticks_diff as _diff_ms  # MicroPython
except ImportError:
    from time import monotonic as _monotonic

    def _now_ms():
        return int(_monotonic() * 1000)

    def _diff_ms(later, earlier):
        return later - earlier

try:
    from io import StringIO
except ImportError:  # pragma: no cover - every MicroPython port we use has io
    from uio import StringIO

EXERCISE_FILE = "exercise.py"
GRID = 40  # decision map cells per side: 1600 forward passes, ~0.1 s in MicroPython-WASM
_PAD = 0.5  # map margin around the data, in standard deviations


def error_info(exc, files=(EXERCISE_FILE,)):
    """An exception -> {type, message, file, line, traceback}; line is the innermost
    frame in one of `files` (the student's code), else the innermost frame at all."""
    buf = StringIO()
    _print_exception(exc, buf)
    text = buf.getvalue()
    frames = _frames(text)
    where = None
    for frame in frames:
        if _is_one_of(frame[0], files):
            where = frame
    if where is None and frames:
        where = frames[-1]
    lineno = getattr(exc, "lineno", None)  # CPython's SyntaxError has no frame of its own
    if isinstance(exc, SyntaxError) and lineno and _is_one_of(getattr(exc, "filename", "") or "", files):
        where = (exc.filename, lineno)
    if where:
        where = (_short_name(where[0], files), where[1])
    message = str(exc.args[0]) if len(exc.args) == 1 else (str(exc) if exc.args else "")
    if isinstance(exc, SyntaxError) and getattr(exc, "msg", None):
        message = exc.msg
    return {
        "type": type(exc).__name__,
        "message": message,
        "file": where[0] if where else None,
        "line": where[1] if where else None,
        "traceback": _without_glue(text, files),
    }


_GLUE = ("session.py", "worker.py", "<stdin>", "<string>")


def _without_glue(text, files):
    # The student needs their frames and anne's below them, not the plumbing above
    # (the worker, this module, a test): drop frames until the first one in `files`.
    lines = text.split("\n")
    first = None
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('File "') and _is_one_of(stripped[6:stripped.find('"', 6)], files):
            first = k
            break
    out = []
    skipping = False
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('File "'):
            name = stripped[6:stripped.find('"', 6)]
            skipping = (first is not None and k < first) or _is_one_of(name, _GLUE)
        elif not line.startswith(" "):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _is_one_of(name, files):
    # MicroPython names a module by its relative path, CPython by its absolute one.
    for f in files:
        if name == f or name.endswith("/" + f):
            return True
    return False


def _short_name(name, files):
    for f in files:
        if name == f or name.endswith("/" + f):
            return f
    return name


def _frames(text):
    # '  File "exercise.py", line 5, in <module>' -> ("exercise.py", 5); the same on both.
    frames = []
    for line in text.split("\n"):
        line = line.strip()
        if not line.startswith('File "'):
            continue
        end = line.find('"', 6)
        rest = line[end + 1:]
        at = rest.find("line ")
        if end < 0 or at < 0:
            continue
        digits = ""
        for ch in rest[at + 5:]:
            if not ("0" <= ch <= "9"):
                break
            digits += ch
        if digits:
            frames.append((line[6:end], int(digits)))
    return frames


class StudentError(Exception):
    """The student's code ran but did not give us what we need (no `model`, ...)."""


class Printout:
    """print() for the student's code: the text goes to the page, not the browser console.
    Capped, so a print in a long loop cannot eat the worker's memory."""

    LIMIT = 8000

    def __init__(self):
        self.parts = []
        self.size = 0
        self.cut = False

    def print(self, *args, sep=" ", end="\n", file=None, flush=False):
        if file is not None:  # print(..., file=f) writes where the student asked
            file.write(sep.join(str(a) for a in args) + end)
            return
        text = sep.join(str(a) for a in args) + end
        if self.size + len(text) > self.LIMIT:
            text = text[:max(0, self.LIMIT - self.size)]
            self.cut = True
        self.parts.append(text)
        self.size += len(text)

    def text(self):
        return "".join(self.parts) + ("\n[... more output cut]\n" if self.cut else "")


def run_code(source, filename=EXERCISE_FILE, printout=None):
    """Execute the student's code in a fresh namespace -> its `model`."""
    namespace = {"__name__": "__main__"}
    if printout is not None:
        namespace["print"] = printout.print
    exec(compile(source, filename, "exec"), namespace)
    model = namespace.get("model")
    if model is None:
        raise StudentError("your code must define `model`, e.g. model = Sequential([...])")
    for name in ("forward", "trace", "layers"):
        if not hasattr(model, name):
            raise StudentError("`model` is %r, expected a Sequential([...]) network" % (model,))
    n_in = model.layers[0].input_dim if model.layers else None
    if n_in != 4:
        raise StudentError("the first layer has input_dim=%r, but an IRIS flower has 4 features" % (n_in,))
    return model


def _finite(values):
    # JSON has no nan/inf: an overflowing activation becomes null, drawn as "no value".
    return [v if v == v and -1e300 < v < 1e300 else None for v in values]


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
        n = len(self.X_all)
        self.mean = [sum(x[j] for x in self.X_all) / n for j in range(4)]
        self.low = [min(x[j] for x in self.X_all) - _PAD for j in range(4)]
        self.high = [max(x[j] for x in self.X_all) + _PAD for j in range(4)]

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
        raise StudentError("choose two different features (got %r and %r)" % (fx, fy))
    x0, x1, y0, y1 = data.low[fx], data.high[fx], data.low[fy], data.high[fy]
    base = list(data.mean)
    values = []
    predicted = []
    forward = model.forward
    for r in range(n):
        y = y1 - (y1 - y0) * (r + 0.5) / n
        for c in range(n):
            x = list(base)
            x[fx] = x0 + (x1 - x0) * (c + 0.5) / n
            x[fy] = y
            out = forward(x)
            values.append(_score(out))
            predicted.append(out)
    return {"fx": fx, "fy": fy, "n": n, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "values": _finite(values), "classes": classes(_sanitised(predicted))}


def _score(out):
    # How much "class 1" an output says, for the heat map: the single output itself
    # (> 0.5 is class 1, the paper's rule) or, for several outputs, the second one.
    return out[0] if len(out) == 1 else out[1]


def _sanitised(outputs):
    return [[v if v == v else 0.0 for v in out] for out in outputs]


_SHOWN_UNITS = 20  # the diagram draws at most this many units per layer (render/network.js)


def network(model):
    """The weights, layer by layer, as plain lists (at most _SHOWN_UNITS per layer;
    `units` is the true count)."""
    n = _SHOWN_UNITS
    return {"inputs": model.layers[0].input_dim,
            "layers": [{"units": l.units, "activation": l.activation,
                        "kernel": [_finite(row[:n]) for row in l.kernel[:n]], "bias": _finite(l.bias[:n])}
                       for l in model.layers]}


def trace(model, data, sample):
    """Per-layer z and a for one point (index into data.points)."""
    if not (0 <= sample < len(data.points)):
        sample = len(data.points) - len(data.X_test)
    x = data.points[sample]["x"]
    steps = model.trace(x)
    n = _SHOWN_UNITS
    return {"sample": sample, "x": x,
            "layers": [{"z": _finite(s["z"][:n]), "a": _finite(s["a"][:n])} for s in steps]}


def evaluate(model, data):
    """Accuracy and confusion matrix on the paper's 20 test rows, outputs for every point."""
    from anne.metrics import accuracy, classes, confusion_matrix

    outputs = [model.forward(x) for x in data.X_all]
    safe = _sanitised(outputs)
    n_train = len(data.X_train)
    test_out = safe[n_train:]
    n_classes = max(2, model.layers[-1].units if model.layers[-1].units > 1 else 2)
    return {
        "accuracy": accuracy(data.y_test, test_out),
        "train_accuracy": accuracy(data.y_train, safe[:n_train]),
        "confusion": confusion_matrix(data.y_test, test_out, n_classes),
        "outputs": [_finite(o) for o in outputs],
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

class Session:
    """One worker's state: the data, the current model, the student's edits of anne/.

    root is the folder that holds the anne/ package the worker imports (the virtual
    filesystem's working directory in the browser; a temporary copy in tests)."""

    def __init__(self, root="."):
        self.root = root
        self.data = None
        self.model = None
        self._originals = {}   # "anne/x.py" -> the file as shipped
        self._current = {}     # "anne/x.py" -> what the filesystem holds now
        self._stale = False    # anne must be imported afresh before the next run
        self._pristine = None  # the activation registry as anne ships it
        self.printout = Printout()  # what the student's code printed in this call

    # -- anne/ as the student edits it -------------------------------------------------
    def _path(self, name):
        return self.root.rstrip("/") + "/" + name

    def _read(self, name):
        with open(self._path(name)) as f:
            return f.read()

    def apply_files(self, files):
        """files: {"anne/x.py": text} the student edited (others go back to the original)."""
        files = files or {}
        for name in files:
            if not (name.startswith("anne/") and name.endswith(".py") and "/" not in name[5:]):
                raise StudentError("cannot edit %r: only the anne/*.py modules can be edited" % (name,))
            if name not in self._originals:
                try:
                    self._originals[name] = self._current[name] = self._read(name)
                except OSError:
                    raise StudentError("%s is not a module of anne" % name)
        for name in list(self._current):
            wanted = files.get(name, self._originals[name])
            if wanted != self._current[name]:
                with open(self._path(name), "w") as f:
                    f.write(wanted)
                self._current[name] = wanted
                self._stale = True

    def edited(self):
        return [n for n in self._current if self._current[n] != self._originals[n]]

    def _fresh_anne(self):
        # Drop the imported anne modules so the next import reads the edited files, and
        # so an activation the student registered last time is gone.
        if self._stale:
            for name in list(sys.modules):
                if name == "anne" or name.startswith("anne."):
                    del sys.modules[name]
            self._stale = False
            self._pristine = None
        from anne import activations
        if self._pristine is None:
            self._pristine = [(n, activations.get(n)) for n in activations.names()]

    def _check_registry(self):
        from anne import activations
        now = [(n, activations.get(n)) for n in activations.names()]
        if len(now) != len(self._pristine) or any(
                a[0] != b[0] or a[1] is not b[1] for a, b in zip(now, self._pristine)):
            self._stale = True

    # -- the calls the page makes --------------------------------------------------------
    def setup(self):
        self._fresh_anne()
        self.data = Data()
        return self.data.describe()

    def build(self, request):
        """Run request["code"] (with request["files"] applied) -> the model, kept as current."""
        self.apply_files(request.get("files"))
        self._fresh_anne()
        if self.data is None:
            self.data = Data()
        try:
            model = run_code(request.get("code", ""), printout=self.printout)
        finally:
            self._check_registry()
        self.model = model
        return model

    def run(self, request):
        """-> {"ok": True, "view": ...} or {"ok": False, "error": ...}; never raises."""
        return self._guard(lambda: self._view(self.build(request), request))

    def redraw(self, request):
        """The current model's view for other features or another sample (no re-run)."""
        if self.model is None:
            return self.run(request)
        return self._guard(lambda: self._view(self.model, request))

    def train(self, request, report):
        """Run the code, then model.fit on the 80 training rows.

        report(progress) is called now and then with {epoch, epochs, history, accuracy};
        when it returns False, training stops after that epoch (the model keeps what it
        learned)."""
        return self._guard(lambda: self._train(request, report))

    def _train(self, request, report):
        model = self.build(request)
        if not hasattr(model, "fit"):
            raise StudentError("this version of anne has no training (model.fit) yet")
        data = self.data
        epochs = int(request.get("epochs", 100))
        history = []
        state = {"sent": 0, "last": _now_ms(), "stopped": False}

        def callback(epoch, logs):
            entry = {"epoch": epoch + 1}
            for key in logs:
                value = logs[key]
                if isinstance(value, (int, float)) and value == value:
                    entry[key] = value
            history.append(entry)
            last = epoch + 1 >= epochs
            if last or _diff_ms(_now_ms(), state["last"]) >= 100:
                state["last"] = _now_ms()
                progress = {"epoch": epoch + 1, "epochs": epochs,
                            "history": history[state["sent"]:],
                            "accuracy": _test_accuracy(model, data)}
                state["sent"] = len(history)
                if report(progress) is False:
                    state["stopped"] = True
                    return False
            return True

        kwargs = {"epochs": epochs, "callback": callback}
        for key in ("lr", "loss", "optimizer", "batch_size", "seed"):
            if request.get(key) is not None:
                kwargs[key] = request[key]
        started = _now_ms()
        model.fit(data.X_train, data.y_train, **kwargs)
        result = self._view(model, request)
        result["training"] = {"epochs_done": len(history), "stopped": state["stopped"],
                              "ms": _diff_ms(_now_ms(), started), "history": history[state["sent"]:]}
        return result

    def weights_source(self, request):
        """The current (trained) model as code to append to the exercise -> {"ok", "code"}."""
        from exercise import model_source

        if self.model is None:
            return {"ok": False, "error": {"type": "StudentError", "message": "nothing to write yet: run or train first",
                                           "file": None, "line": None, "traceback": ""}}
        note = request.get("note") or "the weights the page trained"
        code = model_source(self.model, [note + ": this model replaces the one above."])
        return {"ok": True, "code": "\n" + code}

    def _view(self, model, request):
        grid = max(2, min(120, int(request.get("grid", GRID))))
        return view(model, self.data, int(request.get("fx", 2)), int(request.get("fy", 3)),
                    int(request.get("sample", -1)), grid, request.get("parts"))

    def _guard(self, work):
        self.printout = Printout()
        try:
            reply = {"ok": True, "view": work()}
        except Exception as exc:  # the student's mistakes are data for the status line
            reply = {"ok": False, "error": error_info(exc, (EXERCISE_FILE,) + tuple(self.edited()))}
        reply["output"] = self.printout.text()
        return reply


def _test_accuracy(model, data):
    from anne.metrics import accuracy
    return accuracy(data.y_test, _sanitised([model.forward(x) for x in data.X_test]))
