# python -m anne export SOURCE -o DIR [--format json|py] [--lang en|de]
#   SOURCE: an anne model file (.json), a Keras .keras/.h5 file, or a playground project (the .zip
#   from "Download for Pico", or its folder); or --preset eight|six.
# The folder gets what the board needs (annetools/boardfiles.py, the builder the browser uses)
# and a README.txt on copying it to a Pico.
import json
import sys

from . import boardfiles, export
from . import mpy  # --mpy: anne/ as bytecode

help = "write the files for the Pico (anne/, the model, main.py) into a folder"


def add_arguments(parser):
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("model", nargs="?", metavar="SOURCE",
                        help="an anne model file (.json), a Keras .keras/.h5 file to import on the way, "
                             "or a playground project (the .zip from Download for Pico, or its folder)")
    source.add_argument("--preset", choices=["eight", "six"], help="one of the paper's networks")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write (made if missing)")
    parser.add_argument("--format", choices=export.FORMATS, default="json",
                        help="json: model.json (default); py: model.py, the weights as Python lists (paper, Tab. 2)")
    parser.add_argument("--inputs", metavar="FILE",
                        help="input rows for main.py to predict: a JSON list of lists, or CSV, one row a line")
    parser.add_argument("--lang", choices=["en", "de"], default="en", help="the README's language (default en)")
    parser.add_argument("--mpy", action="store_true",
                        help="anne/ compiled to bytecode (.mpy version 6, for MicroPython 1.19 or newer): the Pico "
                             "imports it about 9x faster; main.py and the model stay readable")


def read_rows(path):
    """Input rows from a JSON list of lists or a CSV file of numbers (one row a line)."""
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("["):
        rows = json.loads(text)
    else:
        try:
            rows = [[float(cell) for cell in line.split(",")] for line in text.splitlines() if line.strip()]
        except ValueError as e:
            raise ValueError("%s: expected numbers separated by commas (%s)" % (path, e))
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ValueError("%s: expected a list of rows" % path)
    return rows


def run(args):
    code = None
    try:
        if args.model and export.is_project(args.model):
            if args.format != "json" or args.inputs:
                raise ValueError("a playground project is exported as it is (no --format py, no --inputs)")
            files, project, notes = export.project_files(args.model)
            code = project["code"]
            for note in notes:
                print("note: %s" % note["text"], file=sys.stderr)
        else:
            model = export.load_model(args.model, args.preset, notes_to=sys.stderr)
            rows = read_rows(args.inputs) if args.inputs else None
            files = export.pico_files(model, format=args.format, rows=rows)
        if args.mpy:
            files = mpy.compiled(files)
    except ValueError as e:  # KerasImportError is one; every message names its file or layer
        print("error: %s" % e, file=sys.stderr)
        return 2
    files["README.txt"] = boardfiles.readme(args.lang, with_code=code is not None).encode("utf-8")
    export.write_folder(files, args.output)
    mpy.remove_other_forms(files, args.output)  # from an earlier export: x.py would shadow x.mpy
    model_file = "model.json" if args.format == "json" else "model.py"
    print("wrote %d files to %s: main.py, %s, README.txt, anne/ (%d files)"
          % (len(files), args.output, model_file, sum(1 for name in files if name.startswith("anne/"))))
    print("to the Pico: cd %s && mpremote cp -r anne main.py %s : + reset" % (args.output, model_file))
    if args.mpy:
        print("anne/ is bytecode (.mpy version %d): MicroPython 1.19 or newer loads it; `python -m anne deploy "
              "--mpy` checks the board first" % mpy.MPY_VERSION)
    return 0
