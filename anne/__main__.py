# The command line (CPython only): python -m anne <command> ...
# `predict` lives here; every other command `foo-bar` is the module annetools/cmd_foo_bar.py
# with `help`, `add_arguments(parser)` and `run(args) -> int`, found by its file name.
import argparse
import os
import sys

from . import datasets, io, metrics, presets


def format_table(outputs, y_true):
    """The paper's table: one row per test sample, then the accuracy."""
    pred = metrics.classes(outputs)
    lines = ["%4s  %-24s %9s %6s" % ("row", "output", "predicted", "true")]
    for i, out in enumerate(outputs):
        shown = " ".join("%.6f" % v for v in out)
        mark = "" if pred[i] == y_true[i] else "  <- wrong"
        lines.append("%4d  %-24s %9d %6d%s" % (i, shown, pred[i], y_true[i], mark))
    lines.append("accuracy: %.2f (%d of %d)" % (metrics.accuracy(y_true, outputs),
                                               sum(1 for i in range(len(pred)) if pred[i] == y_true[i]),
                                               len(pred)))
    return "\n".join(lines)


def _add_predict(sub):
    p = sub.add_parser("predict", help="print the paper's table for a network on its 20 test rows")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", choices=sorted(presets.PRESETS), help="one of the paper's networks")
    source.add_argument("--model", metavar="FILE", help="a model file written by anne.save")
    p.set_defaults(run=_run_predict)


def _run_predict(args):
    model = presets.get(args.preset) if args.preset else io.load(args.model)
    if model.n_inputs != 4:
        raise ValueError("the paper's task has 4 inputs; this model expects %d" % model.n_inputs)
    # A model with scaling standardises its inputs itself: it gets the flowers in cm.
    _, _, X_test, y_test = datasets.iris_paper(scaled=model.scaling is None)
    print(model)
    print(format_table(model.predict(X_test), y_test))
    return 0


def _host_commands():
    # annetools/ sits beside anne/ in the repository; it is not shipped to the Pico.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = os.path.join(root, "annetools")
    if not os.path.isdir(folder):
        return []
    if root not in sys.path:
        sys.path.insert(0, root)
    return sorted(n[4:-3].replace("_", "-") for n in os.listdir(folder)
                  if n.startswith("cmd_") and n.endswith(".py"))


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m anne", description="AI-ANNE: a neural net for exploration")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_predict(sub)
    import importlib
    for name in _host_commands():
        module = importlib.import_module("annetools.cmd_" + name.replace("-", "_"))
        p = sub.add_parser(name, help=module.help, description=module.help)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except (ValueError, OSError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
