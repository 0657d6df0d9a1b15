# Fisher's IRIS data (150 rows), read from iris.csv shipped beside this file. The file is
# read only when asked for, line by line: no csv module on MicroPython, little RAM on the Pico.

FEATURE_NAMES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
TARGET_NAMES = ["setosa", "versicolor", "virginica"]

# The paper's 20 test rows (0-based data rows of iris.csv), in the order of its table.
PAPER_TEST_ROWS = [76, 136, 52, 105, 125, 143, 66, 123, 104, 145,
                   103, 101, 128, 63, 57, 80, 72, 74, 83, 58]


def _data_path():
    try:
        here = __file__
    except NameError:  # a frozen module has no __file__; look in the usual place
        return "anne/iris.csv"
    cut = here.rfind("/")
    return here[:cut + 1] + "iris.csv" if cut >= 0 else "iris.csv"


def iris(path=None):
    """All 150 rows -> (X: 150 x 4 floats, y: 150 ints 0..2, feature_names, target_names)."""
    X = []
    y = []
    with open(path or _data_path()) as f:
        f.readline()  # header: n_rows, n_features, the three species names
        for line in f:
            line = line.strip()
            if line:
                cells = line.split(",")
                X.append([float(c) for c in cells[:4]])
                y.append(int(cells[4]))
    return X, y, list(FEATURE_NAMES), list(TARGET_NAMES)


def iris_paper(path=None, scaled=True):
    """The paper's task: versicolor (0) vs virginica (1), standardised (scaled=False: in cm).

    -> (X_train, y_train, X_test, y_test): 80 training rows, and the paper's 20 test rows in
    its order. As in the paper, the scaling is fitted on all 100 rows of the two species.
    The rows in cm are for a model that carries its own scaling (Sequential(scaling=...)).
    """
    from .preprocessing import Standardizer

    X, y, _, _ = iris(path)
    rows = [i for i in range(len(y)) if y[i] > 0]
    test = set(PAPER_TEST_ROWS)
    train_rows = [i for i in rows if i not in test]
    X_train = [X[i] for i in train_rows]
    y_train = [y[i] - 1 for i in train_rows]
    X_test = [X[i] for i in PAPER_TEST_ROWS]
    y_test = [y[i] - 1 for i in PAPER_TEST_ROWS]
    if scaled:
        scaler = Standardizer().fit([X[i] for i in rows])
        X_train = scaler.transform(X_train)
        X_test = scaler.transform(X_test)
    return X_train, y_train, X_test, y_test


def split(X, y, test_fraction=0.2, seed=0):
    """A reproducible shuffled split -> (X_train, y_train, X_test, y_test)."""
    from .rand import Random

    order = list(range(len(X)))
    Random(seed).shuffle(order)
    n_test = int(len(X) * test_fraction + 0.5)
    test, train = order[:n_test], order[n_test:]
    return [X[i] for i in train], [y[i] for i in train], [X[i] for i in test], [y[i] for i in test]
