# The timing code of bench/train.py; runs unchanged on CPython and MicroPython.
# The 4-3-2-1 net (relu, relu, sigmoid) on the paper's 80 training rows, seed 0.
import sys

sys.path.insert(0, "bench")
import lean_train  # noqa: E402
from anne import Dense, Sequential  # noqa: E402
from anne.datasets import iris_paper  # noqa: E402
from clock import ticks_diff, ticks_us  # noqa: E402  bench/clock.py

X, y, _, _ = iris_paper()
LR = 0.01


def net():
    return Sequential([Dense(3, "relu", input_dim=4), Dense(2, "relu"), Dense(1, "sigmoid")], seed=0)


def _weights(model):
    return [[list(row) for row in layer.kernel] + [list(layer.bias)] for layer in model.layers]


def check_same(epochs=3):
    """fit (sgd, batch 1) and the lean loop, from the same weights: the same weights and curve, exactly."""
    a, b = net(), net()
    history = a.fit(X, y, epochs=epochs, lr=LR, optimizer="sgd", batch_size=1, seed=0)
    lean = lean_train.fit([(layer.kernel, layer.bias) for layer in b.layers], X, y, epochs=epochs, lr=LR, seed=0)
    if _weights(a) != _weights(b):
        raise AssertionError("fit and bench/lean_train.py end with different weights")
    if [(history["loss"][e], history["accuracy"][e]) for e in range(epochs)] != lean:
        raise AssertionError("fit and bench/lean_train.py report different losses")
    print("RESULT same=True")


def time_fit(epochs, optimizer="sgd", batch_size=1):
    """Milliseconds for one fit() of a fresh net."""
    model = net()
    t0 = ticks_us()
    model.fit(X, y, epochs=epochs, lr=LR, optimizer=optimizer, batch_size=batch_size, seed=0)
    return ticks_diff(ticks_us(), t0) / 1000.0


def time_lean(epochs):
    """Milliseconds for the lean loop (sgd, batch 1) on a fresh net."""
    layers = [(layer.kernel, layer.bias) for layer in net().layers]
    t0 = ticks_us()
    lean_train.fit(layers, X, y, epochs=epochs, lr=LR, seed=0)
    return ticks_diff(ticks_us(), t0) / 1000.0


def ratio(epochs=10, rounds=9):
    """Best fit and best lean time (ms) over rounds that alternate between the two, so that a
    busy machine slows them alike; printed as a RESULT line."""
    best_fit = best_lean = None
    for _ in range(rounds):
        t = time_fit(epochs)
        best_fit = t if best_fit is None or t < best_fit else best_fit
        t = time_lean(epochs)
        best_lean = t if best_lean is None or t < best_lean else best_lean
    print("RESULT fit_ms=%.3f lean_ms=%.3f" % (best_fit, best_lean))
    return best_fit, best_lean
