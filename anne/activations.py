# Activation functions, each beside its derivative so one can be checked against the other.
#
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
    return x


def linear_d(x):
    return 1.0


def relu(x):
    return x if x > 0 else 0.0


def relu_d(x):
    return 1.0 if x > 0 else 0.0


# Keras 3's default negative slope is 0.2 (the paper's code uses 0.01).
_LEAK = 0.2


def leaky_relu(x):
    return x if x >= 0 else _LEAK * x


def leaky_relu_d(x):
    return 1.0 if x >= 0 else _LEAK


def sigmoid(x):
    # 1/(1+e^-x) overflows for large negative x; the mirrored form never does.
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


def sigmoid_d(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    # (e^x - e^-x)/(e^x + e^-x) is nan for |x| > ~88 in float32; use e^(-2|x|) <= 1 instead.
    e = exp(-2.0 * abs(x))
    t = (1.0 - e) / (1.0 + e)
    return t if x >= 0 else -t


def tanh_d(x):
    t = tanh(x)
    return 1.0 - t * t


def elu(x):
    return x if x > 0 else exp(x) - 1.0


def elu_d(x):
    return 1.0 if x > 0 else exp(x)


# The constants of Klambauer et al. (2017), as in Keras.
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def selu(x):
    return _SELU_SCALE * (x if x > 0 else _SELU_ALPHA * (exp(x) - 1.0))


def selu_d(x):
    return _SELU_SCALE * (1.0 if x > 0 else _SELU_ALPHA * exp(x))


def softplus(x):
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|); far left it is e^x itself.
    if x < -30.0:
        return exp(x)
    return max(x, 0.0) + log(1.0 + exp(-abs(x)))


def softplus_d(x):
    return sigmoid(x)


def softsign(x):
    return x / (1.0 + abs(x))


def softsign_d(x):
    d = 1.0 + abs(x)
    return 1.0 / (d * d)


def swish(x):
    return x * sigmoid(x)


def swish_d(x):
    s = sigmoid(x)
    return s + x * s * (1.0 - s)


def hard_sigmoid(x):
    # Keras 3: relu6(x + 3) / 6.
    if x <= -3.0:
        return 0.0
    if x >= 3.0:
        return 1.0
    return x / 6.0 + 0.5


def hard_sigmoid_d(x):
    return 1.0 / 6.0 if -3.0 < x < 3.0 else 0.0


def _erf(x):
    # Abramowitz & Stegun 7.1.26 (error < 1.5e-7) where math.erf is missing.
    t = 1.0 / (1.0 + 0.3275911 * abs(x))
    p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    y = 1.0 - p * exp(-x * x)
    return y if x >= 0 else -y


if erf is None:
    erf = _erf

_SQRT2 = sqrt(2.0)
_INV_SQRT_2PI = 1.0 / sqrt(2.0 * 3.141592653589793)


def gelu(x):
    # Keras 3 default (approximate=False): x * Phi(x), Phi the normal distribution function.
    return 0.5 * x * (1.0 + erf(x / _SQRT2))


def gelu_d(x):
    return 0.5 * (1.0 + erf(x / _SQRT2)) + x * _INV_SQRT_2PI * exp(-0.5 * x * x)


def softmax(z):
    # Over a layer's units; subtracting the max keeps every exp() argument <= 0.
    m = max(z)
    e = [exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def softmax_backward(z, a, grad_a):
    # Jacobian-vector product: dL/dz_i = a_i * (dL/da_i - sum_j dL/da_j * a_j).
    dot = 0.0
    for i in range(len(a)):
        dot += grad_a[i] * a[i]
    return [a[i] * (grad_a[i] - dot) for i in range(len(a))]


class Activation:
    """A named activation: f(z list) -> a list, backward(z, a, grad_a) -> grad_z."""

    def __init__(self, name, fn, derivative=None, elementwise=True):
        self.name = name
        self.fn = fn
        self.derivative = derivative
        self.elementwise = elementwise

    def f(self, z):
        if self.elementwise:
            fn = self.fn
            return [fn(v) for v in z]
        return self.fn(z)

    def backward(self, z, a, grad_a):
        if not self.elementwise:
            if self.derivative is None:
                raise ValueError("activation '%s' has no derivative: register it with one to train" % self.name)
            return self.derivative(z, a, grad_a)
        d = self.derivative or self._numeric_derivative
        return [grad_a[i] * d(z[i]) for i in range(len(z))]

    def _numeric_derivative(self, x):
        # Central difference for student-registered functions without a derivative.
        h = 1e-5 * max(1.0, abs(x))
        return (self.fn(x + h) - self.fn(x - h)) / (2.0 * h)

    def __repr__(self):
        return "Activation(%r)" % self.name


_REGISTRY = {}


def register(name, fn, derivative=None, elementwise=True):
    """Make `fn` usable by name in Dense; fn: float -> float (or list -> list if not elementwise)."""
    if not isinstance(name, str) or not name:
        raise ValueError("activation name must be a non-empty string, got %r" % (name,))
    if not callable(fn):
        raise ValueError("activation '%s': fn must be callable, got %r" % (name, fn))
    if derivative is not None and not callable(derivative):
        raise ValueError("activation '%s': derivative must be callable, got %r" % (name, derivative))
    act = Activation(name, fn, derivative, elementwise)
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


for _name, _fn, _d in (
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
    register(_name, _fn, _d)
register("softmax", softmax, softmax_backward, elementwise=False)
