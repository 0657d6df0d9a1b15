# Optimizers: how a gradient becomes a change of the weights. Keras 3's update rules and
# default hyper-parameters (keras.optimizers.SGD and Adam), written out for plain lists.
#
# The weights are handed over as `params`, a list of rows: every kernel row and every bias
# of the network. `grads` has the same shape. step() changes the rows in place, so the
# model's own kernel and bias lists are the ones that learn; build() allocates whatever
# memory the optimizer keeps between steps, once, before training.
#
# step() runs after every batch, with batch_size=1 after every sample, so its loops are written
# like those in anne/train.py: `for g in grads[r]:` with a counter j beside it (not zip(), which
# makes a new pair for every weight on MicroPython), and every list in a local name.
from math import sqrt


class SGD:
    """Plain gradient descent: w -= lr * g. Keras' default lr is 0.01."""

    name = "sgd"

    def __init__(self, lr=0.01):
        self.lr = lr

    def build(self, params):
        pass  # no memory between steps

    def step(self, params, grads):
        lr = self.lr
        r = 0
        for w in params:
            j = 0
            for g in grads[r]:
                w[j] -= g * lr
                j += 1
            r += 1


class Momentum:
    """SGD with momentum (Keras SGD(momentum=0.9)): v = momentum*v - lr*g; w += v.

    The velocity v remembers the direction of the last steps, so the weights keep rolling
    through flat stretches and zig-zag less across narrow valleys.
    """

    name = "momentum"

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.velocity = None

    def build(self, params):
        self.velocity = [[0.0] * len(w) for w in params]

    def step(self, params, grads):
        lr = self.lr
        mu = self.momentum
        velocity = self.velocity
        r = 0
        for w in params:
            v = velocity[r]
            j = 0
            for g in grads[r]:
                vj = v[j] * mu - g * lr
                v[j] = vj
                w[j] += vj
                j += 1
            r += 1


class Adam:
    """Adam (Kingma & Ba 2015) as Keras writes it: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.

    m is a running mean of the gradient, v of its square; each weight's step is
    m / sqrt(v), so every weight gets a step size of its own. The bias correction of the
    paper is folded into the learning rate (alpha), as Keras does.
    """

    name = "adam"

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.lr = lr
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.iterations = 0
        self.m = None
        self.v = None

    def build(self, params):
        self.m = [[0.0] * len(w) for w in params]
        self.v = [[0.0] * len(w) for w in params]
        self.iterations = 0

    def step(self, params, grads):
        self.iterations += 1
        t = self.iterations
        alpha = self.lr * sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        keep_1 = 1.0 - self.beta_1  # computed once per step, not per weight: fewer floats made
        keep_2 = 1.0 - self.beta_2
        eps = self.epsilon
        root = sqrt  # a local name: found faster than the module's global, once per weight
        ms = self.m
        vs = self.v
        r = 0
        for w in params:
            m = ms[r]
            v = vs[r]
            j = 0
            for g in grads[r]:
                # m[j] += (g - m[j]) * keep_1, and v[j] alike, with the values held in locals
                mj = m[j]
                mj += (g - mj) * keep_1
                m[j] = mj
                vj = v[j]
                vj += (g * g - vj) * keep_2
                v[j] = vj
                w[j] -= mj * alpha / (root(vj) + eps)
                j += 1
            r += 1


_OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def names():
    return sorted(_OPTIMIZERS)


def get(name, lr=None):
    """A fresh optimizer for a name ('sgd', 'momentum', 'adam') with Keras' defaults.

    lr=None keeps the optimizer's default learning rate. An optimizer object passes through
    (its own lr is kept unless lr is given).
    """
    if isinstance(name, str):
        cls = _OPTIMIZERS.get(name)
        if cls is None:
            raise ValueError("unknown optimizer %r; known: %s" % (name, ", ".join(names())))
        opt = cls()
    elif hasattr(name, "step") and hasattr(name, "build"):
        opt = name
    else:
        raise ValueError("optimizer must be a name (%s) or an object with build() and step(), got %r"
                         % (", ".join(names()), name))
    if lr is not None:
        opt.lr = lr
    return opt
