# Training by backpropagation.
#
# For one sample x with target y, with a_0 = x and layers k = 1..K:
#   forward   z_k = a_(k-1) . kernel_k + bias_k,  a_k = f_k(z_k)       (every z and a is kept)
#   loss      L(y, a_K)
#   backward  dL/dz_K from the loss; then for k = K..1:
#               dL/dkernel_k, dL/dbias_k, and dL/da_(k-1) = kernel_k . dL/dz_k, handed down
#               dL/dz_(k-1) = f_(k-1)'(z_(k-1)) * dL/da_(k-1)           (the activation backward)
# fit() adds up the gradients of the samples in a batch, each weighted 1/batch size (Keras
# averages the loss over a batch), then the optimizer changes the weights; one pass over all
# the samples, shuffled by anne.rand, is an epoch.
#
# Memory: the Pico has ~190 KB of heap. A Workspace allocates the lists a step writes into once,
# before training: each layer's z, dL/da, dL/dz, and the kernel and bias gradients. Only the
# lists an activation returns (its a and f'(z), a few floats each) are made anew for a sample.
from . import losses, optimizers
from .layers import _is_number


class Workspace:
    """The lists one training step writes into, allocated once per layer."""

    def __init__(self, model, loss):
        layers = model.layers
        self.layers = layers
        self.kernels = [layer.kernel for layer in layers]  # the model's own lists: training changes them
        self.biases = [layer.bias for layer in layers]
        self.f = [layer.act.f for layer in layers]
        self.d = [layer.act.d for layer in layers]  # None for softmax, which mixes its units
        self.z = [[0.0] * layer.units for layer in layers]
        self.a = [None] * len(layers)  # each layer's a, the list its activation returns
        self.grad_a = [[0.0] * layer.units for layer in layers]  # dL/da per layer
        self.grad_z = [[0.0] * layer.units for layer in layers]  # dL/dz per layer
        self.grad_kernel = [[[0.0] * layer.units for _ in layer.kernel] for layer in layers]
        self.grad_bias = [[0.0] * layer.units for layer in layers]
        self.loss, self.loss_gradient = losses.get(loss)
        # For sigmoid + binary and softmax + categorical crossentropy: dL/dz directly (losses.py).
        self.combined = losses.combined(layers[-1].activation, loss)
        # What the optimizer changes, row by row: each kernel row and each bias; grads alike.
        self.params = []
        self.grads = []
        for k in range(len(layers)):
            self.params.extend(layers[k].kernel)
            self.params.append(layers[k].bias)
            self.grads.extend(self.grad_kernel[k])
            self.grads.append(self.grad_bias[k])
        # A row of zeros per layer: the batch's first sample adds its gradient terms to these
        # rather than to the sums so far, so nothing has to be zeroed between batches.
        self.zero_bias = [[0.0] * layer.units for layer in layers]
        self.zero_kernel = [[self.zero_bias[k]] * len(layers[k].kernel) for k in range(len(layers))]
        # What forward() and backward() read for every sample, fetched by one lookup each.
        self.forward_lists = (self.kernels, self.biases, self.f, self.z, self.a)
        self.backward_lists = (self.kernels, self.d, self.z, self.a, self.grad_a, self.grad_z,
                               self.grad_kernel, self.grad_bias, self.zero_kernel, self.zero_bias)


# Why forward() and backward() look as they do: they run for every sample (8000 times in 100
# epochs of the paper's task), so what they cost beyond the arithmetic itself adds up, most of
# all on a Pico, and in the browser, where MicroPython runs as WebAssembly.
# - Everything is in local variables. A name like ws.z or layer.kernel is a dictionary search
#   each time; a local is a slot in an array. The Workspace hands its lists over as one tuple.
# - `for g in grad_z:` with a counter j beside it is cheaper than `for j in range(len(grad_z)):`
#   and grad_z[j]: the loop hands out the value itself, and one list index fewer is read.
# - forward() sums one unit at a time in a local s, stored once, rather than adding into z[j]
#   row by row: fewer list reads and writes, and nothing to copy the bias into z first.
# - backward() visits each kernel row once, for its gradient, dL/dx_i and f'(z_i) together,
#   instead of once for each; and the first sample of a batch writes its gradients over the
#   old ones (it adds them to zeros), so no extra pass zeroes them between batches.
# - Nothing is allocated that can be reused: z, dL/da, dL/dz and the gradients live in the
#   Workspace. Only the floats themselves are new (every float result is a small heap object
#   on MicroPython), and the lists an activation returns.
# The arithmetic is the formulas above, term by term in the same order: bench/lean_train.py, a
# hand-written loop for one net, ends with the same weights, and fit takes at most 1.3x its time.

def forward(ws, x):
    """Run x through every layer into the workspace; -> the output a_K.

    Layer k: z_j = bias_j + sum_i x_i * kernel[i][j], then a = f(z): the same sums in the same
    order as Dense.forward, so fit() trains the network predict() runs.
    """
    kernels, biases, fs, zs, acts = ws.forward_lists
    a = x
    k = 0
    for z in zs:
        kernel = kernels[k]
        j = 0
        for s in biases[k]:  # one unit at a time: its sum starts as its bias
            i = 0
            for xi in a:
                s += xi * kernel[i][j]
                i += 1
            z[j] = s
            j += 1
        a = fs[k](z)
        acts[k] = a
        k += 1
    return a


def backward(ws, x, y, scale=1.0, first=True):
    """After forward(ws, x): the gradients of scale * L(y, output), into ws.grad_kernel / grad_bias.

    Layer k, from the last down, with dL/dz known:
      dL/dbias[j]      = dL/dz_j                        (added into grad_bias)
      dL/dkernel[i][j] = x_i * dL/dz_j                  (added into grad_kernel)
      dL/dx_i          = sum_j kernel[i][j] * dL/dz_j   (dL/da_i of the layer below: x_i feeds every unit)
    and then the layer below's dL/dz_i = dL/da_i * f'(z_i). Adding up sums the gradients over
    a batch; the first sample of a batch (first=True) adds to zeros instead of the sums so far,
    so there is no pass to zero the gradients between batches.
    """
    kernels, ds, zs, acts, grad_as, grad_zs, grad_kernels, grad_biases, zero_kernels, zero_biases = ws.backward_lists
    k = len(zs) - 1
    grad_z = grad_zs[k]
    if ws.combined is not None:
        ws.combined(y, acts[k], grad_z)
    else:
        ws.loss_gradient(y, acts[k], grad_as[k])
        activation_backward(ws, k)
    if scale != 1.0:  # this sample's share of the batch's mean loss
        j = 0
        for g in grad_z:
            grad_z[j] = g * scale
            j += 1
    while True:
        grad_bias = grad_biases[k]
        grad_kernel = grad_kernels[k]
        if first:  # what this sample's terms are added to: zeros, or the batch's sums so far
            old_bias = zero_biases[k]
            sums = zero_kernels[k]
        else:
            old_bias = grad_bias
            sums = grad_kernel
        j = 0
        for g in grad_z:
            grad_bias[j] = old_bias[j] + g
            j += 1
        if k == 0:  # the first layer: its input is the sample, with no gradient to hand down
            i = 0
            for xi in x:
                g_row = grad_kernel[i]
                old = sums[i]
                j = 0
                for g in grad_z:
                    g_row[j] = old[j] + xi * g
                    j += 1
                i += 1
            return
        # One pass over the inputs i does both the kernel gradient of row i and dL/dx_i (the
        # layer below's dL/da_i); for an elementwise activation below, its dL/dz_i at once too.
        kernel = kernels[k]
        k -= 1
        grad_a = grad_as[k]
        below = grad_zs[k]
        d = ds[k]
        if d is not None:
            d = d(zs[k])  # the list of f'(z_i) of the layer below, from activations.py
        i = 0
        for xi in acts[k]:
            g_row = grad_kernel[i]
            old = sums[i]
            w_row = kernel[i]
            s = 0.0
            j = 0
            for g in grad_z:
                g_row[j] = old[j] + xi * g
                s += w_row[j] * g
                j += 1
            grad_a[i] = s
            if d is not None:
                below[i] = s * d[i]
            i += 1
        if d is None:
            activation_backward(ws, k)
        grad_z = below


def activation_backward(ws, k):
    """dL/da -> dL/dz of layer k: f'(z_j) * dL/da_j for an elementwise f, else the activation's
    own backward (softmax: each a_j depends on every z_i)."""
    act = ws.layers[k].act
    grad_a = ws.grad_a[k]
    grad_z = ws.grad_z[k]
    if act.d is not None:
        d = act.d(ws.z[k])  # the list of f'(z_j), from activations.py
        j = 0
        for g in grad_a:
            grad_z[j] = g * d[j]
            j += 1
    else:
        g = act.backward(ws.z[k], ws.a[k], grad_a)
        for j in range(len(grad_z)):
            grad_z[j] = g[j]


def output_class(a):
    """The predicted class of one output list: the rule of anne.metrics.classes."""
    if len(a) == 1:
        return 1 if a[0] > 0.5 else 0
    best = 0
    for k in range(1, len(a)):
        if a[k] > a[best]:
            best = k
    return best


def _scaled(model, X):
    """Rows as the first layer sees them: a model with scaling takes raw rows, as in predict."""
    return X if model.scaling is None else model.scaling.transform(X)


def _targets(y, n_out):
    """Labels -> (a target list per row, a class number per row), made once before training.

    A list label is its own target; a float is the target of a single output; a class number
    becomes one-hot, and all rows of a class share that class's one list (little RAM).
    """
    one_hot = []
    for c in range(max(2, n_out)):
        t = [0.0] * n_out
        if n_out == 1:
            t[0] = float(c)
        else:
            t[c] = 1.0
        one_hot.append(t)
    targets = []
    classes = []
    for label in y:
        if isinstance(label, (list, tuple)):
            targets.append(label)
            classes.append(output_class(label))
        elif isinstance(label, float):
            targets.append([label])
            classes.append(1 if label > 0.5 else 0)
        else:
            targets.append(one_hot[label])
            classes.append(label)
    return targets, classes


def fit(model, X, y, epochs=1, lr=None, loss=None, optimizer="sgd", batch_size=32, seed=0,
        shuffle=True, callback=None, validation_data=None, resume=None):
    """Train model on rows X with labels y; -> history {"loss": [...], "accuracy": [...]} per epoch.

    y: class numbers (0/1 for one output) or lists of targets, one per output.
    loss: "mse", "binary_crossentropy", "categorical_crossentropy"; None picks it from the
    last activation (sigmoid: binary, softmax: categorical crossentropy, otherwise mse).
    optimizer: "sgd", "momentum", "adam" or an optimizer object; lr=None keeps its default.
    Like Keras, "loss" and "accuracy" are the averages over the epoch as it trained;
    validation_data=(X_val, y_val) adds "val_loss" and "val_accuracy" at each epoch's end.
    callback(epoch, logs) runs after every epoch (epoch counts from 0); returning False stops.
    Every argument is checked before the first weight changes: a ValueError leaves the model as it was.
    resume: a dict to go on from across calls (the browser trains in slices of a few epochs,
    since MicroPython-WASM frees memory only between calls): the first call keeps its optimizer
    and shuffling in it, later calls with the same dict continue them, so N calls of k epochs
    train exactly like one call of N*k epochs.
    """
    loss = _check_fit(model, X, y, epochs, lr, loss, batch_size, callback, validation_data)
    X = _scaled(model, X)
    if validation_data is not None:
        validation_data = (_scaled(model, validation_data[0]), validation_data[1])
    ws = Workspace(model, loss)
    n = len(X)
    if resume:
        opt = resume["optimizer"]
        rng = resume["rng"]
        order = resume["order"]  # shuffled in place from epoch to epoch
    else:
        order = list(range(n))
        opt = optimizers.get(optimizer, lr)
        opt.build(ws.params)
        from .rand import Random
        rng = Random(seed)
        if resume is not None:
            resume["optimizer"] = opt
            resume["rng"] = rng
            resume["order"] = order
    targets, classes = _targets(y, model.n_outputs)
    history = {"loss": [], "accuracy": []}
    if validation_data is not None:
        X_val = validation_data[0]
        val_targets, val_classes = _targets(validation_data[1], model.n_outputs)
        history["val_loss"] = []
        history["val_accuracy"] = []
    sample_loss = ws.loss  # looked up once here, not once per sample; step too
    step = opt.step
    params = ws.params
    grads = ws.grads
    for epoch in range(epochs):
        if shuffle:
            rng.shuffle(order)
        total = 0.0
        right = 0
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            scale = 1.0 / (stop - start)
            for p in range(start, stop):
                i = order[p]
                x = X[i]
                target = targets[i]
                out = forward(ws, x)
                total += sample_loss(target, out)
                if output_class(out) == classes[i]:
                    right += 1
                backward(ws, x, target, scale, p == start)
            step(params, grads)
        logs = {"loss": total / n, "accuracy": right / n}
        if validation_data is not None:
            logs["val_loss"], logs["val_accuracy"] = _evaluate(ws, X_val, val_targets, val_classes)
        for key in history:
            history[key].append(logs[key])
        if callback is not None and callback(epoch, logs) is False:
            break
    return history


def _evaluate(ws, X, targets, classes):
    total = 0.0
    right = 0
    for i in range(len(X)):
        out = forward(ws, X[i])
        total += ws.loss(targets[i], out)
        if output_class(out) == classes[i]:
            right += 1
    return total / len(X), right / len(X)


def evaluate(model, X, y, loss=None):
    """-> (mean loss, accuracy) of model on rows X with labels y (the loss as in fit)."""
    loss = _check_data(model, X, y, _loss_for(model, loss))
    X = _scaled(model, X)
    targets, classes = _targets(y, model.n_outputs)
    return _evaluate(Workspace(model, loss), X, targets, classes)


def gradients(model, x, y, loss=None):
    """The gradients of the loss for one sample, per layer, for looking at (nothing changes).

    -> one dict per layer: {"kernel": dL/dkernel (n_in x units), "bias": dL/dbias,
                            "z": dL/dz, "a": dL/da (both units long)}
    """
    loss = _check_data(model, [x], [y], _loss_for(model, loss))
    x = _scaled(model, [x])[0]
    ws = Workspace(model, loss)
    target = _targets([y], model.n_outputs)[0][0]
    out = forward(ws, x)
    backward(ws, x, target)
    last = len(ws.layers) - 1
    if ws.combined is not None:  # backward() went straight to dL/dz; fill in dL/da to show
        ws.loss_gradient(target, out, ws.grad_a[last])
    return [{"kernel": ws.grad_kernel[k], "bias": ws.grad_bias[k], "z": ws.grad_z[k], "a": ws.grad_a[k]}
            for k in range(len(ws.layers))]


# --- checks: everything is looked at before anything changes ---------------------------------

def _loss_for(model, loss):
    if loss is None:
        loss = losses.default_for(model.layers[-1].activation)
    loss = losses.canonical(loss)
    if loss == "categorical_crossentropy" and model.n_outputs < 2:
        raise ValueError("categorical_crossentropy needs 2 or more outputs; "
                         "use binary_crossentropy for a single output")
    return loss


def _is_int(v):
    return isinstance(v, int)


def _check_data(model, X, y, loss, what="X"):
    n_in = model.n_inputs
    n_out = model.n_outputs
    ys = "y" if what == "X" else "y_val"
    if not isinstance(X, (list, tuple)) or not X:
        raise ValueError("%s: expected a non-empty list of rows, got %r" % (what, X))
    if not isinstance(y, (list, tuple)):
        raise ValueError("%s: expected a list of labels, got %r" % (ys, y))
    if len(X) != len(y):
        raise ValueError("%s has %d rows but %s has %d labels" % (what, len(X), ys, len(y)))
    for i in range(len(X)):
        row = X[i]
        if not isinstance(row, (list, tuple)) or len(row) != n_in:
            size = len(row) if isinstance(row, (list, tuple)) else "not a list:"
            raise ValueError("%s row %d has %s values, the network expects %d" % (what, i, size, n_in))
        for j in range(n_in):
            if not _is_number(row[j]):
                raise ValueError("%s[%d][%d] is %r, expected a finite number" % (what, i, j, row[j]))
    # Crossentropy compares probabilities: its targets must lie in [0, 1].
    probability = loss != "mse"
    top = max(1, n_out - 1)
    for i in range(len(y)):
        label = y[i]
        if isinstance(label, (list, tuple)):
            if len(label) != n_out:
                raise ValueError("%s[%d] has %d targets, the network has %d outputs" % (ys, i, len(label), n_out))
            values = label
        elif _is_int(label):
            if not 0 <= label <= top:
                raise ValueError("%s[%d] is class %d, but a network with %d output%s has classes 0..%d"
                                 % (ys, i, label, n_out, "" if n_out == 1 else "s", top))
            continue
        elif isinstance(label, float) and n_out == 1:
            values = [label]
        else:
            raise ValueError("%s[%d] is %r: expected a class number or a list of %d targets"
                             % (ys, i, label, n_out))
        for v in values:
            if not _is_number(v):
                raise ValueError("%s[%d] holds %r, expected a finite number" % (ys, i, v))
            if probability and not 0.0 <= v <= 1.0:
                raise ValueError("%s[%d] holds %r: %s targets must lie in [0, 1]" % (ys, i, v, loss))
    return loss


def _check_fit(model, X, y, epochs, lr, loss, batch_size, callback, validation_data):
    loss = _loss_for(model, loss)
    _check_data(model, X, y, loss)
    if not _is_int(epochs) or epochs < 0:
        raise ValueError("epochs must be a whole number >= 0, got %r" % (epochs,))
    if not _is_int(batch_size) or batch_size < 1:
        raise ValueError("batch_size must be a whole number >= 1, got %r" % (batch_size,))
    if lr is not None and (not _is_number(lr) or lr <= 0):
        raise ValueError("lr (the learning rate) must be a number > 0, got %r" % (lr,))
    if callback is not None and not callable(callback):
        raise ValueError("callback must be a function callback(epoch, logs), got %r" % (callback,))
    if validation_data is not None:
        if not isinstance(validation_data, (list, tuple)) or len(validation_data) != 2:
            raise ValueError("validation_data must be (X_val, y_val)")
        _check_data(model, validation_data[0], validation_data[1], loss, "X_val")
    return loss
