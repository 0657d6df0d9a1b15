# Weight initialisers, Keras' definitions, driven by anne.rand so a seed means the same
# weights everywhere. Each returns a kernel in Keras layout: n_in rows x n_out columns.
from math import sqrt

from .rand import Random


def _uniform(n_in, n_out, limit, rng):
    rng = rng or Random(0)
    return [[rng.uniform(-limit, limit) for _ in range(n_out)] for _ in range(n_in)]


def glorot_uniform(n_in, n_out, rng=None):
    return _uniform(n_in, n_out, sqrt(6.0 / (n_in + n_out)), rng)


def he_uniform(n_in, n_out, rng=None):
    return _uniform(n_in, n_out, sqrt(6.0 / n_in), rng)


def zeros(n_in, n_out, rng=None):
    return [[0.0] * n_out for _ in range(n_in)]


_INITIALISERS = {"glorot_uniform": glorot_uniform, "he_uniform": he_uniform, "zeros": zeros}


def get(name):
    """The initialiser called `name` (a function passes through)."""
    if callable(name):
        return name
    fn = _INITIALISERS.get(name)
    if fn is None:
        raise ValueError("unknown initialiser '%s'; known: %s" % (name, ", ".join(sorted(_INITIALISERS))))
    return fn
