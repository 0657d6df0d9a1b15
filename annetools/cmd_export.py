# python -m anne export model.json -o DIR [--format json|py]   (or --preset eight|six, or a .keras/.h5 file)
import json
import sys

from . import export

help = "write the files for the Pico (anne/, the model, main.py) into a folder"


def add_arguments(parser):
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("model", nargs="?", metavar="MODEL",
                        help="an anne model file (.json), or a Keras .keras/.h5 file to import on the way")
    source.add_argument("--preset", choices=["eight", "six"], help="one of the paper's networks")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write (made if missing)")
    parser.add_argument("--format", choices=export.FORMATS, default="json",
                        help="json: model.json (default); py: model.py, the weights as Python lists (paper, Tab. 2)")
    parser.add_argument("--inputs", metavar="FILE",
                        help="input rows for main.py to predict: a JSON list of lists, or CSV, one row a line")


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
    try:
        model = export.load_model(args.model, args.preset, notes_to=sys.stderr)
        rows = read_rows(args.inputs) if args.inputs else None
        files = export.pico_files(model, format=args.format, rows=rows)
    except ValueError as e:  # KerasImportError is one; every message names its file or layer
        print("error: %s" % e, file=sys.stderr)
        return 2
    export.write_folder(files, args.output)
    model_file = "model.json" if args.format == "json" else "model.py"
    print("wrote %d files to %s: main.py, %s, anne/ (%d files)"
          % (len(files), args.output, model_file, sum(1 for name in files if name.startswith("anne/"))))
    print("to the Pico: cd %s && mpremote cp -r anne main.py %s : + reset" % (args.output, model_file))
    return 0
