"""Training on the Pico computes in float32 (about 7 digits), the browser in float64. How far
apart do their loss curves drift? anne.train.fit, written out again here step for step, once
with every intermediate rounded to float32 (struct.pack('f'), as tests/support.py's f32) and
once without: the unrounded copy must give fit's own losses, so the rounded one is fit as a
Pico runs it. Measured on a real Pico (MicroPython 1.26, RP2040): within 4e-5 of CPython.
Shared: runs on CPython and MicroPython."""
from math import exp, log, sqrt

from anne import Dense, Sequential, datasets
from anne.losses import EPSILON
from anne.rand import Random
from support import f32

EPOCHS = 100


def _same(x):
    return x


def _net():
    """The 4-3-2-1 net of the issue's measurements (and bench/train.py)."""
    return Sequential([Dense(3, "relu", input_dim=4), Dense(2, "relu"), Dense(1, "sigmoid")], seed=0)


def _sigmoid(v, r):
    # anne.activations.sigmoid, each operation rounded with r
    if v >= 0:
        return r(1.0 / r(1.0 + r(exp(r(-v)))))
    e = r(exp(v))
    return r(e / r(1.0 + e))


def _fit(model, X, y, r, optimizer, lr, batch_size=16, seed=0):
    """fit(model, X, y, epochs=EPOCHS, ...) for Dense relu/sigmoid layers, binary crossentropy,
    sgd or adam, every result passed through r -> the loss of every epoch."""
    layers = [([[r(w) for w in row] for row in layer.kernel], [r(b) for b in layer.bias], layer.activation)
              for layer in model.layers]
    X = [[r(v) for v in row] for row in X]
    params = []
    for kernel, bias, _ in layers:
        params.extend(kernel)
        params.append(bias)
    m = [[0.0] * len(p) for p in params]
    v = [[0.0] * len(p) for p in params]
    beta_1, beta_2, eps, t = r(0.9), r(0.999), r(1e-7), 0
    keep_1, keep_2 = r(1.0 - beta_1), r(1.0 - beta_2)
    rng = Random(seed)
    order = list(range(len(X)))
    losses = []
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(X), batch_size):
            stop = min(start + batch_size, len(X))
            grads = [[0.0] * len(p) for p in params]
            scale = r(1.0 / (stop - start))
            for p in range(start, stop):
                i = order[p]
                # forward, keeping every layer's input and z
                inputs, zs = [], []
                a = X[i]
                for kernel, bias, activation in layers:
                    z = list(bias)
                    for k in range(len(a)):
                        for j in range(len(z)):
                            z[j] = r(z[j] + r(a[k] * kernel[k][j]))
                    inputs.append(a)
                    zs.append(z)
                    a = [_sigmoid(s, r) for s in z] if activation == "sigmoid" else [s if s > 0 else 0.0 for s in z]
                out = min(max(a[0], EPSILON), 1.0 - EPSILON)
                total = r(total - r(r(y[i] * r(log(out))) + r(r(1.0 - y[i]) * r(log(r(1.0 - out))))))
                # backward: sigmoid + binary crossentropy give dL/dz = a - y, times this sample's share
                grad_z = [r(r(a[0] - y[i]) * scale)]
                for k in range(len(layers) - 1, -1, -1):
                    kernel, bias, _ = layers[k]
                    row0 = sum(len(layers[q][0]) + 1 for q in range(k))
                    for j in range(len(grad_z)):
                        grads[row0 + len(kernel)][j] = r(grads[row0 + len(kernel)][j] + grad_z[j])
                    x = inputs[k]
                    for n in range(len(x)):
                        for j in range(len(grad_z)):
                            grads[row0 + n][j] = r(grads[row0 + n][j] + r(x[n] * grad_z[j]))
                    if k > 0:
                        below = zs[k - 1]
                        grad_x = []
                        for n in range(len(x)):
                            s = 0.0
                            for j in range(len(grad_z)):
                                s = r(s + r(kernel[n][j] * grad_z[j]))
                            grad_x.append(s * (1.0 if below[n] > 0 else 0.0))  # relu'
                        grad_z = grad_x
            # the optimizer's step
            if optimizer == "sgd":
                for w, g in zip(params, grads):
                    for j in range(len(w)):
                        w[j] = r(w[j] - r(g[j] * lr))
            else:
                t += 1
                alpha = r(r(lr * r(sqrt(r(1.0 - r(beta_2 ** t))))) / r(1.0 - r(beta_1 ** t)))
                for w, g, m_row, v_row in zip(params, grads, m, v):
                    for j in range(len(w)):
                        gj = g[j]
                        m_row[j] = r(m_row[j] + r(r(gj - m_row[j]) * keep_1))
                        v_row[j] = r(v_row[j] + r(r(r(gj * gj) - v_row[j]) * keep_2))
                        w[j] = r(w[j] - r(r(m_row[j] * alpha) / r(r(sqrt(v_row[j])) + eps)))
        losses.append(r(total / len(X)))
    return losses


def _compare(optimizer, lr):
    X, y, _, _ = datasets.iris_paper()
    fitted = _net().fit(X, y, epochs=EPOCHS, lr=lr, optimizer=optimizer, batch_size=16, seed=0)["loss"]
    copy = _fit(_net(), X, y, _same, optimizer, lr)
    # The copy is fit: the same sums in the same order give the same float64 losses.
    worst = max(abs(a - b) / b for a, b in zip(copy, fitted))
    assert worst < 1e-12, (optimizer, worst)
    pico = _fit(_net(), X, y, f32, optimizer, lr)
    drift = max(abs(a - b) / b for a, b in zip(pico, fitted))
    assert drift < 1e-4, (optimizer, drift)
    assert fitted[-1] < 0.8 * fitted[0]  # it did learn: the comparison is not of a flat line
    return drift


def test_adam_in_float32_stays_within_1e_4_of_float64_over_100_epochs():
    _compare("adam", 0.01)


def test_sgd_in_float32_stays_within_1e_4_of_float64_over_100_epochs():
    _compare("sgd", 0.1)
