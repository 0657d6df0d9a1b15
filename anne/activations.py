# Activation functions, each beside its derivative so one can be checked against the other.
#
# As in the paper's Tab. B, each takes a layer's list of values and returns a list.
# Semantics follow Keras 3 (keras.activations), so weights trained in Keras give the same
# outputs here. Every formula is written so that no exp() ever gets a large positive
# argument: the results stay finite for any finite input, in double precision (CPython,
# the browser) and in the Pico's single-precision floats, where exp(89) is already inf.
from math import exp, log, sqrt

try:
    from math import erf
except ImportError:  # some MicroPython builds leave out the special functions
    erf = None


def linear(x):
    return list(x)


def linear_d(x):
    return [1.0] * len(x)


def relu(x):
    return [v if v > 0 else 0.0 for v in x]


def relu_d(x):
    return [1.0 if v > 0 else 0.0 for v in x]


# Keras 3's default negative slope is 0.2 (the paper's code uses 0.01).
_LEAK = 0.2


def leaky_relu(x):
    return [v if v >= 0 else _LEAK * v for v in x]


def leaky_relu_d(x):
    return [1.0 if v >= 0 else _LEAK for v in x]


def sigmoid(x):
    # 1/(1+e^-v) overflows for large negative v; e^v/(1+e^v) is the same value and never does.
    return [1.0 / (1.0 + exp(-v)) if v >= 0 else exp(v) / (1.0 + exp(v)) for v in x]


def sigmoid_d(x):
    return [s * (1.0 - s) for s in sigmoid(x)]


def tanh(x):
    # (e^v - e^-v)/(e^v + e^-v) is nan for |v| > ~88 in float32; 2*sigmoid(2v) - 1 is the
    # same function, written with exp of a non-positive argument on each side.
    return [2.0 / (1.0 + exp(-2.0 * v)) - 1.0 if v >= 0 else 1.0 - 2.0 / (1.0 + exp(2.0 * v)) for v in x]


def tanh_d(x):
    return [1.0 - t * t for t in tanh(x)]


def elu(x):
    return [v if v > 0 else exp(v) - 1.0 for v in x]


def elu_d(x):
    return [1.0 if v > 0 else exp(v) for v in x]


# The constants of Klambauer et al. (2017), as in Keras.
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def selu(x):
    return [_SELU_SCALE * v if v > 0 else _SELU_SCALE * _SELU_ALPHA * (exp(v) - 1.0) for v in x]


def selu_d(x):
    return [_SELU_SCALE if v > 0 else _SELU_SCALE * _SELU_ALPHA * exp(v) for v in x]


def softplus(x):
    # log(1 + e^v) = max(v, 0) + log(1 + e^-|v|); far left it is e^v itself.
    return [exp(v) if v < -30.0 else max(v, 0.0) + log(1.0 + exp(-abs(v))) for v in x]


def softplus_d(x):
    return sigmoid(x)


def softsign(x):
    return [v / (1.0 + abs(v)) for v in x]


def softsign_d(x):
    return [1.0 / ((1.0 + abs(v)) * (1.0 + abs(v))) for v in x]


def swish(x):
    return [v * s for v, s in zip(x, sigmoid(x))]


def swish_d(x):
    return [s + v * s * (1.0 - s) for v, s in zip(x, sigmoid(x))]


def hard_sigmoid(x):
    # Keras 3: relu6(v + 3) / 6.
    return [0.0 if v <= -3.0 else 1.0 if v >= 3.0 else v / 6.0 + 0.5 for v in x]


def hard_sigmoid_d(x):
    return [1.0 / 6.0 if -3.0 < v < 3.0 else 0.0 for v in x]


def _erf(v):
    # Abramowitz & Stegun 7.1.26 (error < 1.5e-7) where math.erf is missing.
    t = 1.0 / (1.0 + 0.3275911 * abs(v))
    p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    y = 1.0 - p * exp(-v * v)
    return y if v >= 0 else -y


if erf is None:
    erf = _erf

_SQRT2 = sqrt(2.0)
_INV_SQRT_2PI = 1.0 / sqrt(2.0 * 3.141592653589793)


def gelu(x):
    # Keras 3 default (approximate=False): v * Phi(v), Phi the normal distribution function.
    return [0.5 * v * (1.0 + erf(v / _SQRT2)) for v in x]


def gelu_d(x):
    return [0.5 * (1.0 + erf(v / _SQRT2)) + v * _INV_SQRT_2PI * exp(-0.5 * v * v) for v in x]


def softmax(x):
    # Over a layer's units; subtracting the max keeps every exp() argument <= 0.
    m = max(x)
    e = [exp(v - m) for v in x]
    s = sum(e)
    return [v / s for v in e]


def softmax_backward(z, a, grad_a):
    # Each output depends on every input: dL/dz_i = a_i * (dL/da_i - sum_j dL/da_j * a_j).
    dot = 0.0
    for i in range(len(a)):
        dot += grad_a[i] * a[i]
    return [a[i] * (grad_a[i] - dot) for i in range(len(a))]


class Activation:
    """A named activation: f(z) -> a, d(z) -> da/dz, backward(z, a, grad_a) -> grad_z (lists)."""

    def __init__(self, name, f, d=None, backward=None):
        self.name = name
        self.f = f
        self.d = d
        self._backward = backward

    def backward(self, z, a, grad_a):
        if self._backward is not None:
            return self._backward(z, a, grad_a)
        if self.d is None:
            raise ValueError("activation '%s' has no derivative: register it with one to train" % self.name)
        return [g * dv for g, dv in zip(grad_a, self.d(z))]

    def __repr__(self):
        return "Activation(%r)" % self.name


def _numeric_derivative(fn):
    # Central difference, for student functions registered without a derivative.
    def d(v):
        h = 1e-5 * max(1.0, abs(v))
        return (fn(v + h) - fn(v - h)) / (2.0 * h)
    return d


_REGISTRY = {}


def register(name, fn, derivative=None, elementwise=True):
    """Make `fn` usable by name in Dense.

    elementwise (the usual case): fn(v) -> float for one value, derivative(v) -> d fn/dv
    (estimated by finite differences when left out). Otherwise fn(list) -> list over a
    layer's units and derivative(z, a, grad_a) -> grad_z, like softmax.
    """
    if not isinstance(name, str) or not name:
        raise ValueError("activation name must be a non-empty string, got %r" % (name,))
    if not callable(fn):
        raise ValueError("activation '%s': fn must be callable, got %r" % (name, fn))
    if derivative is not None and not callable(derivative):
        raise ValueError("activation '%s': derivative must be callable, got %r" % (name, derivative))
    if elementwise:
        d = derivative or _numeric_derivative(fn)
        act = Activation(name, lambda z: [fn(v) for v in z], lambda z: [d(v) for v in z])
    else:
        act = Activation(name, fn, backward=derivative)
    _REGISTRY[name] = act
    return act


def get(name):
    """The Activation registered under `name` (an Activation passes through)."""
    if isinstance(name, Activation):
        return name
    if name is None:
        name = "linear"
    act = _REGISTRY.get(name)
    if act is None:
        raise ValueError("unknown activation '%s'; known: %s" % (name, ", ".join(names())))
    return act


def names():
    """The registered activation names, sorted."""
    return sorted(_REGISTRY)


for _name, _f, _d in (
    ("linear", linear, linear_d),
    ("relu", relu, relu_d),
    ("leaky_relu", leaky_relu, leaky_relu_d),
    ("sigmoid", sigmoid, sigmoid_d),
    ("tanh", tanh, tanh_d),
    ("elu", elu, elu_d),
    ("selu", selu, selu_d),
    ("softplus", softplus, softplus_d),
    ("softsign", softsign, softsign_d),
    ("swish", swish, swish_d),
    ("silu", swish, swish_d),
    ("hard_sigmoid", hard_sigmoid, hard_sigmoid_d),
    ("gelu", gelu, gelu_d),
):
    _REGISTRY[_name] = Activation(_name, _f, _d)
_REGISTRY["softmax"] = Activation("softmax", softmax, backward=softmax_backward)
