# Loss functions, each beside its gradient, so a student can check one against the other.
#
# y is the target (a list of floats, one per output; the categorical loss also takes a class
# number), a is the network's output for one sample. Each loss is averaged or summed over the
# outputs exactly as Keras 3 does (keras.losses), and fit() averages it over the batch.
# A gradient function returns dL/da, written into `out` when given (training reuses one list).
#
# Crossentropy needs log(a); an output of exactly 0 or 1 (a saturated sigmoid, and every
# saturated float32 sigmoid on the Pico) would give log(0) = -inf. Like Keras we clip a to
# [1e-7, 1 - 1e-7] first. Where the clip is active the loss is flat, so its gradient is 0 there.
# For the usual pairs, sigmoid + binary and softmax + categorical crossentropy, the chain rule
# through the activation collapses to dL/dz = a - y: no division by a at all, so training
# never stalls or overflows at saturated outputs. fit() uses these combined gradients.
from math import log

EPSILON = 1e-7  # keras.backend.epsilon()
_ONE_MINUS_EPSILON = 1.0 - EPSILON


def _new(out, n):
    return out if out is not None else [0.0] * n


def _one_hot(y, n):
    # A class number (the integer labels of "sparse" crossentropy) -> a target list.
    if isinstance(y, (list, tuple)):
        return y
    t = [0.0] * n
    t[y] = 1.0
    return t


def _clip(p):
    if p < EPSILON:
        return EPSILON
    if p > 1.0 - EPSILON:
        return 1.0 - EPSILON
    return p


# --- mean squared error: mean over the outputs of (a - y)^2 ----------------------------------

def mse(y, a):
    s = 0.0
    for k in range(len(a)):
        d = a[k] - y[k]
        s += d * d
    return s / len(a)


def mse_gradient(y, a, out=None):
    n = len(a)
    out = _new(out, n)
    for k in range(n):
        out[k] = 2.0 * (a[k] - y[k]) / n
    return out


# --- binary crossentropy: mean over the outputs of -(y log a + (1 - y) log(1 - a)) -----------

def binary_crossentropy(y, a):
    s = 0.0
    for k in range(len(a)):
        p = a[k]
        if p < EPSILON or p > _ONE_MINUS_EPSILON:  # as _clip(p), without a call for every sample
            p = _clip(p)
        s -= y[k] * log(p) + (1.0 - y[k]) * log(1.0 - p)
    return s / len(a)


def binary_crossentropy_gradient(y, a, out=None):
    n = len(a)
    out = _new(out, n)
    for k in range(n):
        p = a[k]
        if EPSILON < p < 1.0 - EPSILON:
            out[k] = (-y[k] / p + (1.0 - y[k]) / (1.0 - p)) / n
        else:
            out[k] = 0.0  # clipped: the loss does not change here
    return out


def sigmoid_binary_crossentropy_gradient(y, a, out=None):
    """dL/dz for a sigmoid output: (-y/a + (1-y)/(1-a)) * a(1-a) / n = (a - y) / n."""
    n = len(a)
    if out is None:
        out = [0.0] * n
    for k in range(n):
        out[k] = (a[k] - y[k]) / n
    return out


# --- categorical crossentropy: -sum over the classes of y log p ------------------------------
# Keras first rescales the outputs to sum to 1 (p = a / sum(a)); after a softmax that is a no-op.

def categorical_crossentropy(y, a):
    y = _one_hot(y, len(a))
    total = _sum(a)
    s = 0.0
    for k in range(len(a)):
        if y[k]:
            s -= y[k] * log(_clip(a[k] / total))
    return s


def categorical_crossentropy_gradient(y, a, out=None):
    # With w_k = y_k / p_k (0 where p_k is clipped), dL/da_i = (sum_k w_k p_k - w_i) / sum(a).
    n = len(a)
    y = _one_hot(y, n)
    out = _new(out, n)
    total = _sum(a)
    dot = 0.0
    for k in range(n):
        p = a[k] / total
        w = y[k] / p if EPSILON < p < 1.0 - EPSILON else 0.0
        out[k] = w
        dot += w * p
    for k in range(n):
        out[k] = (dot - out[k]) / total
    return out


def softmax_categorical_crossentropy_gradient(y, a, out=None):
    """dL/dz for a softmax output: a * sum(y) - y, which is a - y for a one-hot y."""
    n = len(a)
    y = _one_hot(y, n)
    out = _new(out, n)
    s = _sum(y)
    for k in range(n):
        out[k] = a[k] * s - y[k]
    return out


def _sum(v):
    # A zero or negative sum means the outputs are not probabilities (e.g. a tanh output);
    # keep it positive so the clip, not a division by zero, decides.
    s = 0.0
    for x in v:
        s += x
    return s if s > EPSILON else EPSILON


# --- lookup ----------------------------------------------------------------------------------

_LOSSES = {
    "mse": (mse, mse_gradient),
    "binary_crossentropy": (binary_crossentropy, binary_crossentropy_gradient),
    "categorical_crossentropy": (categorical_crossentropy, categorical_crossentropy_gradient),
}
_ALIASES = {"mean_squared_error": "mse", "sparse_categorical_crossentropy": "categorical_crossentropy"}

# (activation, loss) -> dL/dz straight from a and y.
_COMBINED = {
    ("sigmoid", "binary_crossentropy"): sigmoid_binary_crossentropy_gradient,
    ("softmax", "categorical_crossentropy"): softmax_categorical_crossentropy_gradient,
}


def canonical(name):
    """The loss's own name ('mean_squared_error' -> 'mse'); ValueError if unknown."""
    name = _ALIASES.get(name, name)
    if name not in _LOSSES:
        raise ValueError("unknown loss %r; known: %s" % (name, ", ".join(names())))
    return name


def get(name):
    """(loss(y, a) -> float, gradient(y, a, out=None) -> dL/da) for a loss name."""
    return _LOSSES[canonical(name)]


def combined(activation, name):
    """gradient(y, a, out=None) -> dL/dz for this output activation and loss, or None."""
    return _COMBINED.get((activation, canonical(name)))


def default_for(activation):
    """The loss Keras users pair with an output activation: sigmoid and softmax get crossentropy."""
    if activation == "sigmoid":
        return "binary_crossentropy"
    if activation == "softmax":
        return "categorical_crossentropy"
    return "mse"


def names():
    return sorted(list(_LOSSES) + list(_ALIASES))
