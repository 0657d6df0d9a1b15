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
