# python -m anne train --dataset iris-paper|iris --layers 3:relu,2:relu,1:sigmoid --epochs 20
#                      --lr 0.01 --optimizer sgd --seed 0 -o model.json
# Trains a network with anne.train (the code the browser and the Pico run), shows a progress
# bar on stderr, then a table on stdout: loss and accuracy on the training and test rows and
# the confusion matrix of the test rows. The saved file loads with anne.load.
import sys
import time

help = "train a network on the paper's IRIS task or on all three species, and save it"

DATASETS = {
    # name: (default layers, what the rows are)
    "iris-paper": ("3:relu,2:relu,1:sigmoid",
                   "the paper's task: versicolor vs virginica, its 80 training and 20 test rows"),
    "iris": ("8:tanh,3:softmax",
             "all three species in cm, a seeded held-out split; the model standardises its inputs itself"),
}


def add_arguments(parser):
    from anne import losses, optimizers
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="iris-paper",
                        help="iris-paper (default): %s; iris: %s" % (DATASETS["iris-paper"][1], DATASETS["iris"][1]))
    parser.add_argument("--layers", metavar="UNITS:ACT,...",
                        help="the layers after the 4 inputs, e.g. 4:relu,3:tanh,1:sigmoid "
                             "(default: %s for iris-paper, %s for iris)"
                             % (DATASETS["iris-paper"][0], DATASETS["iris"][0]))
    parser.add_argument("--epochs", type=int, default=20, help="passes over the training rows (default 20)")
    parser.add_argument("--lr", type=float, default=None,
                        help="learning rate (default: the optimizer's Keras default, 0.01 sgd/momentum, 0.001 adam)")
    parser.add_argument("--optimizer", choices=optimizers.names(), default="sgd", help="default sgd")
    parser.add_argument("--loss", choices=losses.names(), default=None,
                        help="default: from the last activation (sigmoid: binary_crossentropy, "
                             "softmax: categorical_crossentropy, else mse)")
    parser.add_argument("--batch-size", type=int, default=1, help="rows per weight update (default 1)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the initial weights, the shuffling and the iris split (default 0)")
    parser.add_argument("--test-fraction", type=float, default=0.2,
                        help="iris only: the share of rows held out for testing (default 0.2)")
    parser.add_argument("-o", "--output", metavar="FILE", help="save the trained model here (JSON)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def parse_layers(spec):
    """'4:relu,3:tanh' -> [(4, 'relu'), (3, 'tanh')]; a ValueError names the bad part."""
    layers = []
    for k, part in enumerate(spec.split(",")):
        units, sep, act = part.strip().partition(":")
        if not sep or not units.strip().isdigit() or not act.strip():
            raise ValueError("--layers: part %d is %r, expected UNITS:ACTIVATION such as 3:relu" % (k + 1, part))
        if int(units) < 1:
            raise ValueError("--layers: part %d has %s units, expected at least 1" % (k + 1, units))
        layers.append((int(units), act.strip()))
    return layers


def load_dataset(name, seed=0, test_fraction=0.2):
    """-> (X_train, y_train, X_test, y_test, class names, scaling) for a --dataset name.

    scaling is the Standardizer the model gets (the rows stay raw), or None when the rows
    come standardised already (iris-paper: like the paper's nets, which take z-scores).
    """
    from anne import datasets
    from anne.preprocessing import Standardizer
    if name == "iris-paper":
        X, y, X_test, y_test = datasets.iris_paper()
        return X, y, X_test, y_test, ["versicolor", "virginica"], None
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("--test-fraction must lie between 0 and 1, got %r" % test_fraction)
    X, y, _, names = datasets.iris()
    X, y, X_test, y_test = datasets.split(X, y, test_fraction, seed=seed)
    # Fitted on the training rows only, so the test rows stay unseen.
    return X, y, X_test, y_test, names, Standardizer().fit(X)


def build_model(layers, n_inputs, n_classes, seed, scaling=None):
    from anne import Dense, Sequential
    units = layers[-1][0]
    if n_classes == 2 and units not in (1, 2):
        raise ValueError("the task has 2 classes: the last layer needs 1 unit (e.g. 1:sigmoid) "
                         "or 2 (2:softmax), got %d" % units)
    if n_classes > 2 and units != n_classes:
        raise ValueError("the task has %d classes: the last layer needs %d units (e.g. %d:softmax), got %d"
                         % (n_classes, n_classes, n_classes, units))
    dense = [Dense(u, act, input_dim=n_inputs if k == 0 else None) for k, (u, act) in enumerate(layers)]
    return Sequential(dense, seed=seed, scaling=scaling)


class ProgressBar:
    """callback(epoch, logs) for fit: one line on stderr, redrawn at most 20 times a second."""

    def __init__(self, epochs, stream=None, width=30):
        self.epochs = epochs
        self.stream = stream or sys.stderr
        self.width = width
        self.last = 0.0

    def __call__(self, epoch, logs):
        now = time.time()
        done = epoch + 1
        if done < self.epochs and now - self.last < 0.05:
            return None
        self.last = now
        filled = self.width * done // self.epochs
        bar = "#" * filled + "-" * (self.width - filled)
        line = "\repoch %*d/%d [%s] loss %.4f accuracy %.3f" % (
            len(str(self.epochs)), done, self.epochs, bar, logs["loss"], logs["accuracy"])
        if "val_accuracy" in logs:
            line += " test %.3f" % logs["val_accuracy"]
        self.stream.write(line)
        if done == self.epochs:
            self.stream.write("\n")
        self.stream.flush()
        return None


def format_report(model, X, y, X_test, y_test, names, loss):
    """The final table: loss and accuracy on both sets, and the test rows' confusion matrix."""
    from anne import metrics, train
    lines = ["%-6s %10s %10s" % ("", "loss", "accuracy")]
    for label, rows, labels in (("train", X, y), ("test", X_test, y_test)):
        value, acc = train.evaluate(model, rows, labels, loss)
        lines.append("%-6s %10.4f %10.4f  (%d of %d right)"
                     % (label, value, acc, round(acc * len(labels)), len(labels)))
    matrix = metrics.confusion_matrix(y_test, model.predict(X_test), n_classes=len(names))
    width = max(len(n) for n in names) + 2
    lines.append("")
    lines.append("confusion matrix of the test rows (rows: true class, columns: predicted)")
    lines.append(" " * width + "".join("%*s" % (width, n) for n in names))
    for t, row in enumerate(matrix):
        lines.append("%-*s" % (width, names[t]) + "".join("%*d" % (width, c) for c in row))
    return "\n".join(lines)


def run(args):
    from anne import io, losses
    # The numbers are checked again by fit(); checking here first keeps the output clean.
    if args.epochs < 0:
        raise ValueError("--epochs must be 0 or more, got %d" % args.epochs)
    if args.lr is not None and not args.lr > 0:
        raise ValueError("--lr must be a number > 0, got %r" % args.lr)
    if args.batch_size < 1:
        raise ValueError("--batch-size must be 1 or more, got %d" % args.batch_size)
    layers = parse_layers(args.layers or DATASETS[args.dataset][0])
    X, y, X_test, y_test, names, scaling = load_dataset(args.dataset, args.seed, args.test_fraction)
    model = build_model(layers, len(X[0]), len(names), args.seed, scaling)
    loss = args.loss or losses.default_for(model.layers[-1].activation)
    print(model.summary())
    print("dataset %s: %d training rows, %d test rows; loss %s, optimizer %s, lr %s, batch size %d, seed %d"
          % (args.dataset, len(X), len(X_test), loss, args.optimizer,
             "default" if args.lr is None else args.lr, args.batch_size, args.seed))
    callback = None if args.quiet or args.epochs == 0 else ProgressBar(args.epochs)
    start = time.time()
    model.fit(X, y, epochs=args.epochs, lr=args.lr, loss=loss, optimizer=args.optimizer,
              batch_size=args.batch_size, seed=args.seed, callback=callback,
              validation_data=(X_test, y_test))
    print("trained %d epochs in %.2f s" % (args.epochs, time.time() - start))
    print()
    print(format_report(model, X, y, X_test, y_test, names, loss))
    if scaling is not None:
        print()
        print("inputs: standardised on the %d training rows (mean and std above); the model file carries "
              "this scaling, so the model takes measurements in cm." % len(X))
    if args.output:
        io.save(model, args.output)
        print()
        print("saved %s (loads with anne.load)" % args.output)
        if args.dataset == "iris-paper":
            print("try: python -m anne predict --model %s" % args.output)
    return 0
