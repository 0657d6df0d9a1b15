# The Web Worker's entry point (PyScript MPWorker, MicroPython-WASM). It only relays:
# JSON in from the page, session.Session does the work, JSON out. Progress during
# training goes to the page through xworker.sync.progress, which answers whether to go on.
import json

from polyscript import xworker

from session import Session

_session = Session(".")


def _reply(result):
    return json.dumps(result)


def setup():
    """-> the data the page draws once (features, classes, points)."""
    return _reply(_session.setup())


def run(request):
    """request: JSON {code, files, fx, fy, sample} -> JSON {ok, view | error}."""
    return _reply(_session.run(json.loads(request)))


def redraw(request):
    """The current model drawn again for other features or another sample."""
    return _reply(_session.redraw(json.loads(request)))


def _report(progress):
    # Synchronous call into the page (needs SharedArrayBuffer, i.e. the COOP/COEP
    # headers); its answer False is the Stop button. Without it, post and never stop:
    # the page then ends a training run by restarting the worker.
    text = json.dumps(progress)
    try:
        return xworker.sync.progress(text) is not False
    except Exception:
        xworker.postMessage(text)
        return True


def train(request):
    """request: JSON {code, files, epochs, lr, loss, optimizer, batch_size, seed, ...}."""
    return _reply(_session.train(json.loads(request), _report))


def train_more(request):
    """The next slice of the training train() started: one call per few epochs, so that
    MicroPython-WASM collects the garbage of each slice in between (it does so only between calls)."""
    return _reply(_session.train_more(_report, json.loads(request).get("stop", False)))


def curve(request):
    """JSON {code, files, epochs, lr, ..., slice} | {more} | {stop} -> JSON {ok, history, epochs_done, done}:
    the browser's loss curve beside a training on the Pico, a slice per call."""
    return _reply(_session.curve(json.loads(request)))


def memory(request="{}"):
    """JSON {alloc, free}: the heap as gc sees it, after a collection (for tests and the bench)."""
    import gc
    gc.collect()
    return json.dumps({"alloc": gc.mem_alloc(), "free": gc.mem_free()})


def check(request):
    """request: JSON {code, files, trained, check, lang} -> JSON {passed, messages}: an exercise's
    check of the project: its code, edited modules and trained network."""
    return _reply(_session.check(json.loads(request)))


def board_files(request):
    """The project (JSON {code, files, trained, exercise, settings, lang}) -> JSON {ok, files:
    {path: text}, readme, network | error}: the files for the Pico (annetools/boardfiles.py)."""
    return _reply(_session.board_files(json.loads(request)))


def read_project(request):
    """JSON {files: {path: text}} of a Download for Pico .zip or folder -> JSON {ok, project, notes | error}."""
    return _reply(_session.read_project(json.loads(request)))


def weights_source(request):
    """JSON {note} -> JSON {ok, code}: the current model's weights as Python source."""
    return _reply(_session.weights_source(json.loads(request)))


def model_file(request):
    """JSON {text, name} of a dropped or picked model file -> JSON {ok, code | error} (issue 8)."""
    return _reply(_session.model_file(json.loads(request)))


def read_files(names):
    """JSON list of paths -> JSON {path: hex of its bytes}: what this interpreter really runs."""
    from binascii import hexlify
    result = {}
    for name in json.loads(names):
        with open(name, "rb") as f:
            result[name] = hexlify(f.read()).decode()
    return json.dumps(result)


__export__ = ["setup", "run", "redraw", "train", "weights_source", "model_file", "read_files", "check", "train_more",
              "memory", "board_files", "read_project", "curve"]
