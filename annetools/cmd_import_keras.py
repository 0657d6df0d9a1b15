# python -m anne import-keras MODEL.keras|MODEL.h5 -o model.json
import os
import sys

from .boardfiles import model_json
from .keras import KerasImportError, read_keras

help = "read a Keras model (.keras or .h5: Dense layers) into an anne model file (JSON)"


def add_arguments(parser):
    parser.add_argument("keras_file", metavar="MODEL.keras|MODEL.h5", help="a model saved with Keras' model.save")
    parser.add_argument("-o", "--output", metavar="FILE.json",
                        help="where to write the anne model (default: the Keras file's name with .json, here)")


def run(args):
    output = args.output or os.path.splitext(os.path.basename(args.keras_file))[0] + ".json"
    try:
        model, notes = read_keras(args.keras_file)
    except KerasImportError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    for note in notes:
        print("note: %s" % note, file=sys.stderr)
    with open(output, "w") as f:
        f.write(model_json(model))
    from anne.model import Sequential
    print("%s -> %s" % (args.keras_file, output))
    print(Sequential.from_dict(model).summary())
    return 0
