# An exercise's check, run against a student's code:
#   run(code, check_source, lang="en", trained=None, files=()) -> {"passed": bool, "messages": [str, ...]}
# The student's code runs in a fresh namespace; then the exercise's check.py defines
# check(ns, r), which looks at that namespace with the real anne objects and reports through
# r (a Report) in the student's language. Pure (anne + stdlib only): it runs on CPython in
# the tests and in the browser's MicroPython worker alike. run() never raises (only a
# KeyboardInterrupt, the worker's Stop, goes through). Where an error happened (the student's
# line, or a line of an anne module they edited) comes from errors.py, as for the status line.
LANGUAGES = ("en", "de")
STUDENT_FILE = "exercise.py"  # the name the playground gives the student's code (session.py)
CHECK_FILE = "check.py"

INF = float("inf")

# The runner's own messages: (English, German), %-formatted.
_TEXT = {
    "solved": ("Solved: every check passed.", "Gelöst: alle Prüfungen bestanden."),
    "syntax": ("Line %s: %s. Python cannot read your code from there on.",
               "Zeile %s: %s. Ab dort kann Python deinen Code nicht lesen."),
    "crash": ("Your code stopped at line %s with %s: %s",
              "Dein Code bricht in Zeile %s ab mit %s: %s"),
    "crash_module": ("Your edited %s stops at line %s with %s: %s. Fix it there, or reset that module.",
                     "Dein geändertes %s bricht in Zeile %s ab mit %s: %s. Korrigiere es dort oder setze das Modul zurück."),
    "at_module_line": (" (line %s of %s)", " (Zeile %s von %s)"),
    "trained": ("Checked: the network trained in the page (%s epochs, %s), not the weights in your code.",
                "Geprüft: das im Playground trainierte Netz (%s Epochen, %s), nicht die Gewichte in deinem Code."),
    "trained_bad": ("The trained network cannot be rebuilt (%s): press Train again.",
                    "Das trainierte Netz lässt sich nicht wiederherstellen (%s): drücke noch einmal Trainieren."),
    "exit": ("Your code called exit(): the check needs it to run to the end.",
             "Dein Code ruft exit() auf: die Prüfung braucht ihn bis zum Ende."),
    "no_check": ("This exercise's check is broken (%s). Tell your teacher.",
                 "Die Prüfung dieser Aufgabe ist fehlerhaft (%s). Sag es deiner Lehrkraft."),
    "check_crash": ("The check stopped with %s: %s%s. Look at your code near there.",
                    "Die Prüfung bricht ab mit %s: %s%s. Sieh dir deinen Code dort an."),
    "at_line": (" (line %s of your code)", " (Zeile %s deines Codes)"),
    "raised": ("Your %s raised %s (%s) for %s.", "Dein %s löst %s (%s) aus für %s."),
    "overflow": (" If it comes from math.exp(v): e^v is too big for a double when v is above about 709.8"
                 " (on the Pico's single-precision floats: above 88.7).",
                 " Falls es von math.exp(v) kommt: e^v ist zu groß für ein double, wenn v größer als etwa 709,8"
                 " ist (bei den einfach genauen floats des Pico: größer als 88,7)."),
    "not_function": ("Define a function %s(...): the exercise calls it.",
                     "Definiere eine Funktion %s(...): die Aufgabe ruft sie auf."),
    "no_model": ("Your code must define `model`, e.g. model = Sequential([...]).",
                 "Dein Code muss `model` definieren, z. B. model = Sequential([...])."),
    "not_model": ("`model` is %s, expected a Sequential([...]) network.",
                  "`model` ist %s, erwartet ist ein Netz Sequential([...])."),
    "not_list": ("Your %s returns %s for x = %s: expected a list of %d numbers.",
                 "Dein %s gibt %s zurück für x = %s: erwartet ist eine Liste mit %d Zahlen."),
    "not_finite": ("Your %s returns %s for x = %s.", "Dein %s gibt %s zurück für x = %s."),
    "n_layers": ("Your model has %d layers, expected %d.", "Dein Modell hat %d Schichten, erwartet sind %d."),
    "units": ("Layer %d has %d units, expected %d.", "Schicht %d hat %d Neuronen, erwartet sind %d."),
    "activation": ("Layer %d uses '%s', expected '%s'.", "Schicht %d benutzt '%s', erwartet ist '%s'."),
    "predict_failed": ("Your model could not predict the test flowers: %s: %s%s",
                       "Dein Modell kann die Testblumen nicht vorhersagen: %s: %s%s"),
    "output": ("For %s %d your net outputs %s, expected %s.",
               "Für %s %d gibt dein Netz %s aus, erwartet ist %s."),
    "test_flower": ("test flower", "Testblume"),
    "flower": ("flower", "Blume"),
    "accuracy": ("Accuracy on the paper's 20 test flowers: %d of 20 right (%s %%).",
                 "Genauigkeit auf den 20 Testblumen des Papers: %d von 20 richtig (%s %%)."),
    "wrong_value": ("Your %s returns %s for x = %s, expected %s.",
                    "Dein %s gibt %s zurück für x = %s, erwartet ist %s."),
}


def language(lang):
    """'de-DE', 'de' -> 'de'; anything else -> 'en'."""
    if isinstance(lang, str) and lang[:2].lower() == "de":
        return "de"
    return "en"


def fmt(v):
    """A number or list as a student reads it: 6 significant digits, nan and inf by name."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, (int, float)):
        if v != v:
            return "nan"
        if v in (INF, -INF):
            return "inf" if v > 0 else "-inf"
        if isinstance(v, int):
            return str(v)
        return "%.6g" % v
    if isinstance(v, (list, tuple)):
        if len(v) > 8:
            return "[" + ", ".join(fmt(x) for x in v[:8]) + ", ...]"
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_finite(v):
    return is_number(v) and v == v and v not in (INF, -INF)


def close(a, b, tol=1e-9):
    """|a - b| <= tol * max(1, |a|, |b|), element-wise for lists; False for nan."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        if not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))) or len(a) != len(b):
            return False
        for i in range(len(a)):
            if not close(a[i], b[i], tol):
                return False
        return True
    if not (is_number(a) and is_number(b)):
        return False
    if a == b:
        return True
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def place(exc, files=()):
    """(file, line) of the innermost frame of exc in the student's code (exercise.py) or in one
    of `files` (the anne modules they edited), or (None, None)."""
    from errors import error_info

    own = (STUDENT_FILE,) + tuple(files)
    info = error_info(exc, own)
    if info["file"] in own and info["line"]:
        return info["file"], info["line"]
    return None, None


def student_line(exc, files=()):
    """The innermost line of the student's exercise.py in exc's traceback, or None."""
    file, line = place(exc, files)
    return line if file == STUDENT_FILE else None


def _message(exc):
    if isinstance(exc, SyntaxError) and getattr(exc, "msg", None):
        return exc.msg
    if len(exc.args) == 1:
        return str(exc.args[0])
    return str(exc) if exc.args else ""


def _is_math_overflow(exc):
    # CPython: OverflowError('math range error'); MicroPython: ValueError('math domain error').
    text = _message(exc)
    return isinstance(exc, (OverflowError, ValueError)) and ("math range" in text or "math domain" in text)


class Report:
    """What a check says, in the student's language; check.py gets one as `r`."""

    def __init__(self, lang="en", ns=None, files=()):
        self.lang = language(lang)
        self.ns = ns if ns is not None else {}
        self.files = tuple(files)  # the anne modules the student edited: errors there are theirs too
        self.failures = []
        self.notes = []

    def text(self, en, de, args=()):
        """The message in the student's language, %-formatted with args."""
        template = de if self.lang == "de" else en
        return template % args if args != () else template

    def _say(self, key, args=()):
        en, de = _TEXT[key]
        return self.text(en, de, args)

    def _fail(self, key, args=()):
        self.failures.append(self._say(key, args))
        return False

    def fail(self, en, de, args=()):
        """Record a failed check; returns False, so a check can `return r.fail(...)`."""
        self.failures.append(self.text(en, de, args))
        return False

    def note(self, en, de, args=()):
        """Record information that is not a failure (e.g. the accuracy reached)."""
        self.notes.append(self.text(en, de, args))

    def at(self, exc):
        """" (line 5 of your code)" or " (line 25 of anne/activations.py)" for exc, or ""."""
        file, line = place(exc, self.files)
        if file == STUDENT_FILE:
            return self._say("at_line", (line,))
        if file:
            return self._say("at_module_line", (line, file))
        return ""

    @property
    def ok(self):
        return not self.failures

    def function(self, name):
        """The student's function `name`, or None after a failure message."""
        fn = self.ns.get(name)
        if not callable(fn):
            self.failures.append(self._say("not_function", (name,)))
            return None
        return fn

    def model(self, name="model"):
        """The student's Sequential `name`, or None after a failure message."""
        model = self.ns.get(name)
        if model is None:
            self.failures.append(self._say("no_model"))
            return None
        for attr in ("layers", "predict", "forward"):
            if not hasattr(model, attr):
                self.failures.append(self._say("not_model", (fmt(model),)))
                return None
        return model

    def call(self, fn, name, *args):
        """fn(*args) -> (True, result), or (False, None) after a message naming the input."""
        try:
            return True, fn(*args)
        except KeyboardInterrupt:
            raise
        except Exception as e:
            shown = "x = " + fmt(args[0]) if len(args) == 1 else ", ".join(fmt(a) for a in args)
            text = self._say("raised", (name, type(e).__name__, _message(e), shown))
            at = self.at(e)
            if at:
                text = text[:-1] + at + "."
            if _is_math_overflow(e):
                text += self._say("overflow")
            self.failures.append(text)
            return False, None

    def layers(self, model, units, activations=None):
        """Check the layers' units (and activation names); stops at the first difference."""
        if len(model.layers) != len(units):
            return self._fail("n_layers", (len(model.layers), len(units)))
        for k in range(len(units)):
            layer = model.layers[k]
            if layer.units != units[k]:
                return self._fail("units", (k + 1, layer.units, units[k]))
            if activations is not None and layer.activation != activations[k]:
                return self._fail("activation", (k + 1, layer.activation, activations[k]))
        return True

    def predict(self, model, X):
        """model.predict(X), or None after a message."""
        try:
            return model.predict(X)
        except KeyboardInterrupt:
            raise
        except Exception as e:
            self._fail("predict_failed", (type(e).__name__, _message(e), self.at(e)))
            return None

    def outputs(self, model, X, expected, tol=1e-5, test=True):
        """model's outputs on rows X against expected output lists; names the first difference."""
        got = self.predict(model, X)
        if got is None:
            return False
        for i in range(len(X)):
            if not close(list(got[i]), list(expected[i]), tol):
                what = self._say("test_flower" if test else "flower")
                return self._fail("output", (what, i + 1, fmt(list(got[i])), fmt(list(expected[i]))))
        return True

    def test_accuracy(self, model):
        """The fraction of the paper's 20 test flowers model classifies right (noted), or None."""
        from anne import metrics

        X_test, y_test = paper_data()[2:]
        got = self.predict(model, X_test)
        if got is None:
            return None
        try:
            acc = metrics.accuracy(y_test, got)
        except Exception as e:
            self._fail("predict_failed", (type(e).__name__, _message(e), self.at(e)))
            return None
        right = int(acc * len(y_test) + 0.5)
        self.notes.append(self._say("accuracy", (right, "%d" % int(acc * 100 + 0.5))))
        return acc

    def list_function(self, fn, name, reference, inputs, tol=1e-9):
        """Check fn(x) -> list against reference(x) for each x; stops at the first problem."""
        for x in inputs:
            ok, got = self.call(fn, name, list(x))
            if not ok:
                return False
            if not isinstance(got, (list, tuple)) or len(got) != len(x):
                return self._fail("not_list", (name, fmt(got), fmt(x), len(x)))
            for v in got:
                if not is_finite(v):
                    return self._fail("not_finite", (name, fmt(list(got)), fmt(x)))
            want = reference(list(x))
            if not close(list(got), want, tol):
                return self._fail("wrong_value", (name, fmt(list(got)), fmt(x), fmt(want)))
        return True


_DATA = []


def paper_data():
    """anne.datasets.iris_paper(), read once: (X_train, y_train, X_test, y_test)."""
    if not _DATA:
        from anne import datasets
        _DATA.append(datasets.iris_paper())
    return _DATA[0]


def _registry():
    # Student code registers activations (anne.activations.register); a check must not leave
    # them behind for the next run, so the registry is put back as it was.
    try:
        from anne import activations
        return activations._REGISTRY
    except Exception:
        return None


def run(code, check_source, lang="en", trained=None, files=()):
    """Run the student's `code`, then check.py's check(ns, r) -> {"passed", "messages"}.

    trained: the network the page trained ({"model": model dict, "epochs", "optimizer",
        "history": [{"loss": ...}, ...]}), or None. The check then looks at that network (and
        its loss history), the one the page shows, instead of the weights the code makes.
    files: the anne modules the student edited; an error in one of them is named as theirs."""
    r = Report(lang, files=files)
    registry = _registry()
    saved = dict(registry) if registry is not None else None
    try:
        _run(code, check_source, r, trained)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # a last guard: whatever happens, the page gets an answer
        r.failures.append(r._say("check_crash", (type(e).__name__, _message(e), "")))
    finally:
        if saved is not None:
            registry.clear()
            registry.update(saved)
    if r.failures:
        return {"passed": False, "messages": r.failures + r.notes}
    return {"passed": True, "messages": [r._say("solved")] + r.notes}


def failed(info, lang="en"):
    """{"passed": False, "messages"} for a problem met before the code could run (error_info's dict)."""
    r = Report(lang)
    if info.get("file") and info.get("file") != STUDENT_FILE:
        text = r._say("crash_module", (info["file"], info.get("line") or "?", info["type"], info["message"]))
    else:
        text = r._say("crash", (info.get("line") or "?", info["type"], info["message"]))
    return {"passed": False, "messages": [text]}


def _use_trained(ns, trained, r):
    """The page's trained network in place of the code's `model`; False after a message."""
    from anne.model import Sequential

    try:
        model = Sequential.from_dict(trained.get("model"))
    except KeyboardInterrupt:
        raise
    except Exception as e:
        r.failures.append(r._say("trained_bad", (_message(e),)))
        return False
    history = trained.get("history")
    losses = [h["loss"] for h in history if isinstance(h, dict) and is_number(h.get("loss"))] if isinstance(history, list) else []
    if not losses:  # a trained network from a link carries no curve: its loss now stands for it
        from anne import train
        X_train, y_train = paper_data()[:2]
        losses = [train.evaluate(model, X_train, y_train)[0]]
    ns["model"] = model
    ns["history"] = {"loss": losses}
    r.notes.append(r._say("trained", (trained.get("epochs", "?"), trained.get("optimizer", "?"))))
    return True


def _run(code, check_source, r, trained=None):
    # 1. The check itself must compile and define check(ns, r): a teacher's mistake, said so.
    check_ns = {"__name__": "check"}
    try:
        exec(compile(check_source, CHECK_FILE, "exec"), check_ns)
    except Exception as e:
        r.failures.append(r._say("no_check", ("%s: %s" % (type(e).__name__, _message(e)),)))
        return
    check = check_ns.get("check")
    if not callable(check):
        r.failures.append(r._say("no_check", ("no check(ns, r)",)))
        return
    # 2. The student's code, in a fresh namespace, as the playground runs it.
    if not isinstance(code, str):
        code = ""
    try:
        compiled = compile(code, STUDENT_FILE, "exec")
    except SyntaxError as e:
        r.failures.append(r._say("syntax", (student_line(e) or "?", _message(e))))
        return
    except Exception as e:  # e.g. ValueError for a NUL byte in the source
        r.failures.append(r._say("syntax", ("?", "%s: %s" % (type(e).__name__, _message(e)))))
        return
    ns = {"__name__": "__main__"}
    r.ns = ns
    try:
        exec(compiled, ns)
    except KeyboardInterrupt:
        raise
    except SystemExit:
        r.failures.append(r._say("exit"))
        return
    except Exception as e:
        file, line = place(e, r.files)
        if file and file != STUDENT_FILE:
            r.failures.append(r._say("crash_module", (file, line, type(e).__name__, _message(e))))
        else:
            r.failures.append(r._say("crash", (line or "?", type(e).__name__, _message(e))))
        return
    if trained and not _use_trained(ns, trained, r):
        return
    # 3. The check: anything it does not catch itself is still turned into a message.
    try:
        check(ns, r)
    except KeyboardInterrupt:
        raise
    except SystemExit:
        r.failures.append(r._say("exit"))
    except Exception as e:
        r.failures.append(r._say("check_crash", (type(e).__name__, _message(e), r.at(e))))
