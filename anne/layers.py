# A fully connected layer, in the layout Keras uses and the paper prints (Tab. 2):
# kernel[i][j] is the weight from input i to unit j, so z = x . kernel + bias.
from . import activations


def _is_number(v):
    # bool is an int subclass, but True as a weight is a mistake worth naming;
    # v - v == 0 is false for nan and for +-inf.
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v - v == 0


def _shape(rows):
    return "%dx%d" % (len(rows), len(rows[0]) if rows else 0)


class Dense:
    """units neurons, each z_j = sum_i x_i * kernel[i][j] + bias[j], a = activation(z)."""

    def __init__(self, units, activation="linear", kernel=None, bias=None, input_dim=None):
        if not isinstance(units, int) or isinstance(units, bool) or units < 1:
            raise ValueError("Dense: units must be a positive integer, got %r" % (units,))
        self.units = units
        self.name = "Dense(%d)" % units
        try:
            self.act = activations.get(activation)
        except ValueError as e:
            raise ValueError("%s: %s" % (self.name, e))
        self.activation = self.act.name
        self.kernel = None
        self.bias = None
        if kernel is not None:
            self.kernel = self._check_kernel(kernel, input_dim)
        elif input_dim is not None:
            if not isinstance(input_dim, int) or isinstance(input_dim, bool) or input_dim < 1:
                raise ValueError("%s: input_dim must be a positive integer, got %r" % (self.name, input_dim))
        self.input_dim = len(self.kernel) if self.kernel is not None else input_dim
        if bias is not None:
            self.bias = self._check_vector("bias", bias, units)
        elif self.kernel is not None:
            self.bias = [0.0] * units

    def _check_kernel(self, kernel, input_dim):
        if not isinstance(kernel, (list, tuple)) or not kernel:
            raise ValueError("%s: kernel must be a list of rows (inputs x %d units), got %r"
                             % (self.name, self.units, kernel))
        rows = []
        for i, row in enumerate(kernel):
            if not isinstance(row, (list, tuple)):
                raise ValueError("%s: kernel row %d is %r, expected a list of %d numbers"
                                 % (self.name, i, row, self.units))
            if len(row) != self.units:
                raise ValueError("%s: kernel is %dx%d, expected %dx%d (inputs x units, Keras layout)"
                                 % (self.name, len(kernel), len(row), len(kernel), self.units))
            for j, w in enumerate(row):
                if not _is_number(w):
                    raise ValueError("%s: kernel[%d][%d] is %r, expected a number" % (self.name, i, j, w))
            rows.append([float(w) for w in row])
        if input_dim is not None and input_dim != len(rows):
            raise ValueError("%s: kernel is %s, expected %dx%d (input_dim=%d)"
                             % (self.name, _shape(rows), input_dim, self.units, input_dim))
        return rows

    def _check_vector(self, what, values, n):
        if not isinstance(values, (list, tuple)) or len(values) != n:
            size = len(values) if isinstance(values, (list, tuple)) else "not a list"
            raise ValueError("%s: %s has %s values, expected %d" % (self.name, what, size, n))
        for j, v in enumerate(values):
            if not _is_number(v):
                raise ValueError("%s: %s[%d] is %r, expected a number" % (self.name, what, j, v))
        return [float(v) for v in values]

    def build(self, input_dim, init=None, rng=None):
        """Give an unbuilt layer weights for input_dim inputs (glorot_uniform unless `init`)."""
        if self.kernel is not None:
            if len(self.kernel) != input_dim:
                raise ValueError("%s: kernel is %s, expected %dx%d (the previous layer has %d units)"
                                 % (self.name, _shape(self.kernel), input_dim, self.units, input_dim))
            return
        from . import init as initializers
        make = initializers.get(init or "glorot_uniform")
        self.kernel = make(input_dim, self.units, rng)
        self.input_dim = input_dim
        if self.bias is None:
            self.bias = [0.0] * self.units

    def preactivations(self, X):
        """Many samples at once: rows of input_dim floats -> rows of z = x . kernel + bias."""
        kernel = self.kernel
        bias = self.bias
        units = range(self.units)
        Z = []
        for x in X:
            z = bias[:]
            for xi, row in zip(x, kernel):
                for j in units:
                    z[j] += xi * row[j]
            Z.append(z)
        return Z

    def forward(self, x):
        """x: input_dim floats -> (z, a), each units floats."""
        z = self.preactivations([x])[0]
        return z, self.act.f(z)

    def count_params(self):
        return (self.input_dim or 0) * self.units + self.units

    def to_dict(self):
        return {"units": self.units, "activation": self.activation,
                "kernel": [list(r) for r in self.kernel], "bias": list(self.bias)}

    def __repr__(self):
        return "Dense(%d, activation=%r, input_dim=%r)" % (self.units, self.activation, self.input_dim)
