# The playground's Python side, without any browser: run the student's code, find the
# model it defines, keep it, train it, and answer the page's calls with plain data
# (views.py draws, errors.py explains what went wrong). Pure (anne + stdlib only), so
# tests/py/ runs it on CPython; site/py/worker.py binds it to PyScript's worker.
import sys

from errors import EXERCISE_FILE, StudentError, error_info
from views import GRID, Data, finite, view

# Training reports (and hears about Stop) this often: each report waits for the page.
_REPORT_MS = 200
# A report's decision map: coarse, so that drawing every panel from the report's own weights
# costs little of the training's time.
_PROGRESS_GRID = 12

# Interpreter differences, in one place: the millisecond clock.
try:
    from time import ticks_ms as _now_ms, ticks_diff as _diff_ms  # MicroPython
except ImportError:
    from time import monotonic as _monotonic

    def _now_ms():
        return int(_monotonic() * 1000)

    def _diff_ms(later, earlier):
        return later - earlier


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
        return "".join(self.parts) + ("\n[...]\n" if self.cut else "")


def run_code(source, filename=EXERCISE_FILE, printout=None):
    """Execute the student's code in a fresh namespace -> its `model`."""
    namespace = {"__name__": "__main__"}
    if printout is not None:
        namespace["print"] = printout.print
    exec(compile(source, filename, "exec"), namespace)
    model = namespace.get("model")
    if model is None:
        raise StudentError("no_model")
    for name in ("forward", "trace", "layers"):
        if not hasattr(model, name):
            raise StudentError("not_a_model", model=repr(model))
    n_in = model.layers[0].input_dim if model.layers else None
    if n_in != 4:
        raise StudentError("not_four_inputs", n=repr(n_in))
    return model


class Session:
    """One worker's state: the data, the current model, the student's edits of anne/.

    root is the folder that holds the anne/ package the worker imports (the virtual
    filesystem's working directory in the browser; a temporary copy in tests)."""

    def __init__(self, root="."):
        self.root = root
        self.data = None
        self.model = None
        self.job = None        # a training that goes on in slices (train, train_more)
        self.curve_job = None  # the browser's curve beside a board's training (curve)
        self._originals = {}   # "anne/x.py" -> the file as shipped (read before its first edit)
        self._current = {}     # "anne/x.py" -> what the filesystem holds now
        self._stale = False    # anne must be imported afresh before the next run
        self._pristine = None  # the activation registry as anne ships it
        self.printout = Printout()  # what the student's code printed in this call
        self.network = "code"  # where the current model's weights come from: "code" or "trained"
        self._code = ""        # the student's code last run (for errors to point at its lines)

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
                raise StudentError("not_editable", name=repr(name))
            if name not in self._originals:
                try:
                    self._originals[name] = self._current[name] = self._read(name)
                except OSError:
                    raise StudentError("not_a_module", name=name)
        for name in list(self._current):
            wanted = files.get(name, self._originals[name])
            if wanted != self._current[name]:
                with open(self._path(name), "w") as f:
                    f.write(wanted)
                self._current[name] = wanted
                self._stale = True

    def edited(self):
        return [n for n in self._current if self._current[n] != self._originals[n]]

    def _sources(self):
        """{file: text} of the student's own files: the code last run and the edited modules."""
        sources = {EXERCISE_FILE: self._code}
        for name in self.edited():
            sources[name] = self._current[name]
        return sources

    def package(self):
        """The anne package as shipped -> {"anne/x.py": text}: what goes to a board, before the
        student's edits (a file is read before its first edit, so the filesystem still has it)."""
        from annetools.boardfiles import HOST_ONLY
        import os

        files = {}
        for name in sorted(os.listdir(self._path("anne"))):
            if name in HOST_ONLY or name.startswith(".") or name.endswith((".pyc", ".mpy")) or "." not in name:
                continue
            path = "anne/" + name
            files[path] = self._originals[path] if path in self._originals else self._read(path)
        return files

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
        """Run request["code"] (with request["files"] applied) -> the model, kept as current.

        With request["trained"] (the page's trained network: {"model": model dict, ...}) the
        model is that network: the code still runs first (its prints, the activations it
        registers), then the trained weights replace the ones it made."""
        model = self._make(request)
        self.model = model
        self.network = "trained" if request.get("trained") else "code"
        return model

    def _make(self, request):
        """The project's network (as build() says), without keeping it as the current one."""
        self.apply_files(request.get("files"))
        self._fresh_anne()
        if self.data is None:
            self.data = Data()
        self._code = request.get("code", "")
        try:
            model = run_code(self._code, printout=self.printout)
            trained = request.get("trained")
            if trained:
                model = _trained_model(trained)
        finally:
            self._check_registry()
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

        report(progress) is called every _REPORT_MS with {epoch, epochs, history, accuracy};
        when it returns False, training stops after that epoch (the model keeps what it
        learned).

        request["slice"] (epochs per call) trains only that many epochs and replies
        {"ok": True, "more": True, "epochs_done"}; train_more() goes on with the same
        optimizer and shuffling (anne.train.fit's resume), until the last reply carries the
        view. The page's worker needs that: MicroPython-WASM collects garbage only between
        calls, so one 200-epoch call would grow its heap by tens of MB. Without "slice" it
        all happens in this call."""
        self.job = None
        return self._train_reply(lambda: self._train_start(request, report))

    def train_more(self, report, stop=False):
        """The next slice of the training train() started (same reply as train); stop=True
        (Stop pressed between two slices) ends it now, with the view."""
        if stop and self.job is not None:
            self.job["stopped"] = True
        return self._train_reply(lambda: self._train_slice(report))

    def _train_reply(self, work):
        reply = self._guard(work)
        job = self.job
        if job is not None:
            job["output"] += reply["output"]
        if reply["ok"] and reply["view"] is None:
            reply["more"] = True
            reply["epochs_done"] = job["done"]
            del reply["view"]
        else:
            if job is not None:
                reply["output"] = job["output"]  # what the code printed when it ran first
            self.job = None
        return reply

    def _train_start(self, request, report):
        # Training starts from the code's weights (the same settings give the same network).
        request = dict(request)
        request["trained"] = None
        model = self.build(request)
        if not hasattr(model, "fit"):
            raise StudentError("no_fit")
        epochs = int(request.get("epochs", 100))
        kwargs = {}
        for key in ("lr", "loss", "optimizer", "batch_size", "seed"):
            if request.get(key) is not None:
                kwargs[key] = request[key]
        slice_epochs = int(request.get("slice") or 0) or epochs
        self.job = {"model": model, "request": request, "epochs": epochs, "slice": slice_epochs,
                    "kwargs": kwargs, "resume": {}, "done": 0, "history": [], "sent": 0,
                    "last": _now_ms(), "stopped": False, "started": _now_ms(), "output": "",
                    "heap": []}
        return self._train_slice(report)

    def _train_slice(self, report):
        """Up to job["slice"] epochs; -> None while more remain, else the view with "training"."""
        job = self.job
        if job is None:
            raise StudentError("no_training")
        model = job["model"]
        data = self.data
        epochs = job["epochs"]
        history = job["history"]
        offset = job["done"]

        def callback(epoch, logs):
            entry = {"epoch": offset + epoch + 1}
            for key in logs:
                value = logs[key]
                if isinstance(value, (int, float)) and value == value:
                    entry[key] = value
            history.append(entry)
            job["done"] = offset + epoch + 1
            last = job["done"] >= epochs
            if last or _diff_ms(_now_ms(), job["last"]) >= _REPORT_MS:
                # Every panel of a report shows these weights: the view is made from them now.
                view_now = self._view(model, dict(job["request"], grid=_PROGRESS_GRID))
                progress = {"epoch": job["done"], "epochs": epochs,
                            "history": history[job["sent"]:],
                            "accuracy": view_now["accuracy"], "view": view_now}
                job["sent"] = len(history)
                job["last"] = _now_ms()
                if report(progress) is False:
                    job["stopped"] = True
                    return False
            return True

        n = min(job["slice"], epochs - offset)
        if n > 0 and not job["stopped"]:
            X_train = data.inputs_for(model, data.X_train)  # cm for a network with its own scaling
            if not _fit(model, X_train, data.y_train, n, callback, job["kwargs"], job["resume"]):
                # An edited anne/train.py without resume: the rest in this one call.
                model.fit(X_train, data.y_train, epochs=epochs - offset, callback=callback, **job["kwargs"])
        job["heap"].append(_heap())
        if job["done"] < epochs and not job["stopped"]:
            return None
        self.network = "trained"
        result = self._view(model, job["request"])
        result["model"] = model.to_dict()
        heap = [h for h in job["heap"] if h is not None]
        result["training"] = {"epochs_done": job["done"], "stopped": job["stopped"],
                              "ms": _diff_ms(_now_ms(), job["started"]), "history": history[job["sent"]:],
                              "calls": len(job["heap"]), "heap_max": max(heap) if heap else None}
        return result

    def curve(self, request):
        """The browser's loss curve beside the board's (Train on the Pico): the project's code
        trained with the same settings and seed, here in float64, while the page's own network
        stays as it is. request: the project and {epochs, lr, optimizer, loss, batch_size,
        seed, slice} to start; {"more": true} for the next slice; {"stop": true} to end ->
        {"ok", "history": [{epoch, loss, accuracy}] of this call, "epochs_done", "done"}.
        Slices for the reason train() has them."""
        def work():
            if request.get("stop"):
                job, self.curve_job = self.curve_job, None
                return {"history": [], "epochs_done": job["done"] if job else 0, "done": True}
            if not request.get("more"):
                self.curve_job = None
                model = self._make(dict(request, trained=None))
                kwargs = {}
                for key in ("lr", "loss", "optimizer", "batch_size", "seed"):
                    if request.get(key) is not None:
                        kwargs[key] = request[key]
                self.curve_job = {"model": model, "epochs": int(request.get("epochs", 100)), "done": 0,
                                  "slice": int(request.get("slice") or 0), "kwargs": kwargs, "resume": {},
                                  "X": self.data.inputs_for(model, self.data.X_train)}
            job = self.curve_job
            if job is None:
                raise StudentError("no curve to go on with: start it again")
            done = job["done"]
            history = []

            def callback(epoch, logs):
                history.append({"epoch": done + epoch + 1, "loss": logs["loss"], "accuracy": logs["accuracy"]})
            n = min(job["slice"] or job["epochs"], job["epochs"] - done)
            if not _fit(job["model"], job["X"], self.data.y_train, n, callback, job["kwargs"], job["resume"]):
                n = job["epochs"] - done  # an edited anne/train.py without resume: the rest at once
                job["model"].fit(job["X"], self.data.y_train, epochs=n, callback=callback, **job["kwargs"])
            job["done"] = done + n
            finished = job["done"] >= job["epochs"]
            if finished:
                self.curve_job = None
            return {"history": history, "epochs_done": job["done"], "done": finished}
        return self._guard(work, None)

    def weights_source(self, request):
        """The current (trained) model as code to append to the exercise -> {"ok", "code"}."""
        from exercise import model_source

        if self.model is None:
            return {"ok": False, "error": error_info(StudentError("nothing_yet"))}
        note = request.get("note") or "the weights the page trained"
        code = model_source(self.model, [note])
        return {"ok": True, "code": "\n" + code}

    def model_file(self, request):
        """{text, name} of a model file (anne format, e.g. from `python -m anne import-keras`)
        -> {"ok", "code"}: editor code that builds it (the presets' writer), or the file's
        problem as anne.io's ValueError says it. Nothing is run and no model is kept here."""
        from exercise import model_source
        from anne import io

        name = request.get("name") or "the model file"
        try:
            model = io.loads(request.get("text") or "")
        except ValueError as exc:
            return {"ok": False, "error": {"type": "ValueError", "message": "%s: %s" % (name, exc),
                                           "file": None, "line": None, "traceback": ""}}
        # The page sends its comment line in the student's language, with {name} and {shape}.
        header = (request.get("header") or "Loaded from {name}: {shape}.").replace("{name}", name)
        header = [header.replace("{shape}", _shape(model))]
        return {"ok": True, "code": model_source(model, header)}

    def board_files(self, request):
        """The project (request: code, files, trained, exercise, settings, lang) -> {"ok",
        "files": {path: text}, "readme", "network"}: what Send to Pico writes and Download for
        Pico zips, made by annetools/boardfiles.py as `python -m anne export` makes it.
        With request["train"] ({epochs, lr, optimizer, loss, batch_size, seed}: Train on the
        Pico) also "train_script", the script the board then runs (boardfiles.train_py)."""
        def work():
            from annetools import boardfiles

            model = self.build(request)
            trained = request.get("trained")
            info = boardfiles.about(request.get("exercise"), _training_info(trained), request.get("settings"))
            files = boardfiles.board_files(self.package(), model.to_dict(), code=request.get("code", ""),
                                           about=info, modules=request.get("files"))
            # The network's float64 outputs on the paper's 20 test flowers: what the board's
            # float32 outputs are compared with, from exactly the network that was sent.
            outputs = [finite(model.forward(x)) for x in self.data.inputs_for(model, self.data.X_test)]
            reply = {"files": files, "readme": boardfiles.readme(request.get("lang", "en")),
                     "network": self.network, "outputs": outputs}
            train = request.get("train")
            if train:
                reply["train_script"] = _train_script(train, request)
            return reply
        return self._guard(work, None)

    def read_project(self, request):
        """{files: {path: text}} of a .zip or folder made by Download for Pico -> {"ok", "project":
        {exercise, code, modules, trained, settings}, "notes"}; nothing runs here."""
        def work():
            from annetools import boardfiles
            from exercise import model_source

            project, notes = boardfiles.read_project(request.get("files") or {}, self.package())
            model = project["model"]
            code = project["code"]
            if code is None:
                # A folder of `python -m anne export` (no code of the playground): the network as code.
                from anne.model import Sequential
                built = Sequential.from_dict(model)
                code = model_source(built, ["Opened from model.json: %s." % _shape(built)])
                notes.append({"key": "no_code", "name": "main.py",
                              "text": "main.py holds no code of the playground: the network is opened as code"})
            trained = project["trained"]
            if trained is not None:
                trained = dict(trained)
                trained["model"] = model
            return {"project": {"exercise": project["exercise"], "code": code, "modules": project["modules"],
                                "trained": trained, "settings": project["settings"]},
                    "notes": notes}
        return self._guard(work, None)

    def check(self, request):
        """An exercise's check on the project: its code with its edited modules, and its trained
        network when it has one -> {"passed", "messages"} (site/py/checks.py)."""
        import checks

        try:
            self.apply_files(request.get("files"))
            self._fresh_anne()
        except Exception as exc:
            info = error_info(exc, (EXERCISE_FILE,) + tuple(self.edited()))
            return checks.failed(info, request.get("lang", "en"))
        return checks.run(request.get("code"), request.get("check", ""), request.get("lang", "en"),
                          trained=request.get("trained"), files=tuple(self.edited()))

    def _view(self, model, request):
        grid = max(2, min(120, int(request.get("grid", GRID))))
        result = view(model, self.data, int(request.get("fx", 2)), int(request.get("fy", 3)),
                      int(request.get("sample", -1)), grid, request.get("parts"))
        result["network_source"] = self.network
        return result

    def _guard(self, work, key="view"):
        """work() -> {"ok": True, key: its result} (or its result's keys, key None), or
        {"ok": False, "error": ...} for any exception; never raises."""
        self.printout = Printout()
        try:
            result = work()
            if key is None:
                reply = {"ok": True}
                reply.update(result)
            else:
                reply = {"ok": True, key: result}
        except Exception as exc:  # the student's mistakes are data for the status line
            reply = {"ok": False, "error": error_info(exc, (EXERCISE_FILE,) + tuple(self.edited()), self._sources())}
        reply["output"] = self.printout.text()
        return reply


def _shape(model):
    parts = [str(model.n_inputs)] + ["%d %s" % (l.units, l.activation) for l in model.layers]
    return " -> ".join(parts)


def _fit(model, X, y, epochs, callback, kwargs, resume):
    """Train `epochs` more epochs, going on from `resume` (a dict; anne.train.fit fills it in).
    -> False when this anne/train.py (edited by the student) cannot resume."""
    from anne import train
    try:
        train.fit(model, X, y, epochs=epochs, callback=callback, resume=resume, **kwargs)
    except TypeError:
        if resume:  # it did start: this TypeError comes from the training itself
            raise
        return False
    return True


def _heap():
    """Bytes in use on the heap (MicroPython's gc.mem_alloc), or None where there is none."""
    try:
        import gc
        return gc.mem_alloc()
    except (ImportError, AttributeError):
        return None


def _trained_model(trained):
    """The page's trained network ({"model": model dict, ...}) -> a Sequential."""
    from anne.model import Sequential

    model = trained.get("model") if isinstance(trained, dict) else None
    try:
        return Sequential.from_dict(model)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise StudentError("trained_lost", reason=exc)


def _train_script(train, request):
    """Train on the Pico: the board's script for these settings; its model.json will say it was
    trained on the Pico with them, as the page's project then says."""
    from annetools import boardfiles

    settings = {"epochs": int(train["epochs"])}
    for key in ("lr", "optimizer", "loss", "batch_size", "seed"):
        if train.get(key) is not None:
            settings[key] = train[key]
    info = {"epochs": settings["epochs"], "optimizer": train.get("optimizer"), "lr": train.get("lr"),
            "batch": train.get("batch_size"), "seed": train.get("seed"), "loss": train.get("loss") or "auto",
            "from": "pico"}
    about = boardfiles.about(request.get("exercise"), info, request.get("settings"))
    return boardfiles.train_py(about=about, **settings)


def _training_info(trained):
    """What model.json says of a training: the page's settings for it, without the weights."""
    if not trained:
        return None
    info = {}
    for key in ("epochs", "optimizer", "lr", "batch", "seed", "loss", "from"):
        if key in trained:
            info[key] = trained[key]
    return info
