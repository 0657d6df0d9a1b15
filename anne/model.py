# A network is a list of layers; each layer's output is the next layer's input.
from .layers import Dense


class Sequential:
    """Layers applied one after the other: x -> layers[0] -> ... -> layers[-1]."""

    def __init__(self, layers, seed=0):
        if not isinstance(layers, (list, tuple)) or not layers:
            raise ValueError("Sequential: expected a non-empty list of layers, got %r" % (layers,))
        for k, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise ValueError("Sequential: layer %d is %r, expected a Dense layer" % (k, layer))
        first = layers[0]
        if first.input_dim is None:
            raise ValueError("Sequential: the first layer %s needs input_dim or a kernel" % first.name)
        self.layers = list(layers)
        self._build(seed)

    def _build(self, seed):
        # Give unbuilt layers weights; a layer with a kernel must fit the layer before it.
        rng = None
        n_in = self.layers[0].input_dim
        for k, layer in enumerate(self.layers):
            if layer.kernel is None and rng is None:
                from .rand import Random
                rng = Random(seed)
            try:
                layer.build(n_in, rng=rng)
            except ValueError as e:
                raise ValueError("layer %d %s" % (k, e))
            n_in = layer.units

    @property
    def n_inputs(self):
        return self.layers[0].input_dim

    @property
    def n_outputs(self):
        return self.layers[-1].units

    def _check_input(self, x):
        if not isinstance(x, (list, tuple)) or len(x) != self.n_inputs:
            size = len(x) if isinstance(x, (list, tuple)) else "not a list"
            raise ValueError("input has %s values, the network expects %d" % (size, self.n_inputs))

    def forward(self, x):
        """x: n_inputs floats -> the last layer's activations."""
        self._check_input(x)
        a = x
        for layer in self.layers:
            a = layer.forward(a)[1]
        return a

    def predict(self, X):
        """X: rows of n_inputs floats -> one output list per row."""
        for x in X:
            self._check_input(x)
        # Layer by layer over all rows: the same arithmetic as forward, fewer calls.
        A = X
        for layer in self.layers:
            f = layer.act.f
            A = [f(z) for z in layer.preactivations(A)]
        return A

    def trace(self, x):
        """Every layer's pre-activations z and activations a for one sample x."""
        self._check_input(x)
        steps = []
        a = x
        for layer in self.layers:
            z, a = layer.forward(a)
            steps.append({"z": z, "a": a})
        return steps

    def fit(self, X, y, epochs=1, lr=None, loss=None, optimizer="sgd", batch_size=32, seed=0,
            shuffle=True, callback=None, validation_data=None):
        """Train by backpropagation; -> history {"loss": [...], "accuracy": [...]}. See anne.train.fit."""
        from .train import fit  # imported here: the Pico loads the training code only to train
        return fit(self, X, y, epochs=epochs, lr=lr, loss=loss, optimizer=optimizer, batch_size=batch_size,
                   seed=seed, shuffle=shuffle, callback=callback, validation_data=validation_data)

    def gradients(self, x, y, loss=None):
        """The loss gradients for one sample, one dict per layer. See anne.train.gradients."""
        from .train import gradients
        return gradients(self, x, y, loss=loss)

    def count_params(self):
        return sum(layer.count_params() for layer in self.layers)

    def summary(self):
        """A table of the layers: units, activation, parameters."""
        lines = ["%-8s %-10s %6s  %-12s %7s" % ("layer", "type", "units", "activation", "params")]
        lines.append("-" * len(lines[0]))
        lines.append("%-8s %-10s %6d  %-12s %7d" % ("input", "-", self.n_inputs, "-", 0))
        for k, layer in enumerate(self.layers):
            lines.append("%-8d %-10s %6d  %-12s %7d"
                         % (k + 1, "Dense", layer.units, layer.activation, layer.count_params()))
        lines.append("-" * len(lines[0]))
        lines.append("total parameters: %d" % self.count_params())
        return "\n".join(lines)

    def to_dict(self):
        return {"format": "anne", "version": 1, "layers": [layer.to_dict() for layer in self.layers]}

    @staticmethod
    def from_dict(d):
        """The inverse of to_dict; checks the format and every layer."""
        from .io import model_from_dict
        return model_from_dict(d)

    def __repr__(self):
        return "Sequential(%d -> %s)" % (self.n_inputs, " -> ".join(
            "%d %s" % (layer.units, layer.activation) for layer in self.layers))
