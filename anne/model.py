# A network is a list of layers; each layer's output is the next layer's input.
# With scaling, the network takes raw measurements and standardises them first, like a Keras
# Normalization layer: the file then carries the mean and std the weights were trained with.
from .layers import Dense


class Sequential:
    """Layers applied one after the other: x -> [scaling] -> layers[0] -> ... -> layers[-1].

    scaling: None, or a fitted anne.preprocessing.Standardizer, one mean and std per input.
    """

    def __init__(self, layers, seed=0, scaling=None):
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
        self.scaling = scaling

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
    def scaling(self):
        """None, or the Standardizer applied to every input before the first layer."""
        return self._scaling

    @scaling.setter
    def scaling(self, scaling):
        if scaling is not None:
            from .preprocessing import Standardizer
            if not isinstance(scaling, Standardizer) or scaling.mean is None:
                raise ValueError("Sequential: scaling is %r, expected a fitted Standardizer or None" % (scaling,))
            if len(scaling.mean) != self.n_inputs:
                raise ValueError("Sequential: scaling has a mean and std for %d inputs, the network has %d"
                                 % (len(scaling.mean), self.n_inputs))
        self._scaling = scaling

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

    def _input(self, x):
        # One sample as the first layer sees it: checked, then standardised if there is a scaling.
        self._check_input(x)
        return x if self._scaling is None else self._scaling.transform([x])[0]

    def forward(self, x):
        """x: n_inputs floats -> the last layer's activations."""
        a = self._input(x)
        for layer in self.layers:
            a = layer.forward(a)[1]
        return a

    def predict(self, X):
        """X: rows of n_inputs floats -> one output list per row."""
        for x in X:
            self._check_input(x)
        # Layer by layer over all rows: the same arithmetic as forward, fewer calls.
        A = X if self._scaling is None else self._scaling.transform(X)
        for layer in self.layers:
            f = layer.act.f
            A = [f(z) for z in layer.preactivations(A)]
        return A

    def trace(self, x):
        """Every layer's pre-activations z and activations a for one sample x."""
        steps = []
        a = self._input(x)
        for layer in self.layers:
            z, a = layer.forward(a)
            steps.append({"z": z, "a": a})
        return steps

    def fit(self, X, y, epochs=1, lr=None, loss=None, optimizer="sgd", batch_size=32, seed=0,
            shuffle=True, callback=None, validation_data=None):
        """Train by backpropagation on rows X as predict takes them; -> history {"loss": [...], ...}.
        See anne.train.fit."""
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
        if self._scaling is not None:
            lines.append("inputs are standardised first: (x - mean) / std, mean %s, std %s"
                         % (_short(self._scaling.mean), _short(self._scaling.std)))
        return "\n".join(lines)

    def to_dict(self):
        """The model as a dict in anne.io's file format (version 2)."""
        d = {"format": "anne", "version": 2, "layers": [layer.to_dict() for layer in self.layers]}
        if self._scaling is not None:
            d["scaling"] = self._scaling.to_dict()
        return d

    @staticmethod
    def from_dict(d):
        """The inverse of to_dict; checks the format and every layer."""
        from .io import model_from_dict
        return model_from_dict(d)

    def __repr__(self):
        return "Sequential(%d%s -> %s)" % (
            self.n_inputs, "" if self._scaling is None else " standardised",
            " -> ".join("%d %s" % (layer.units, layer.activation) for layer in self.layers))


def _short(values):
    return "[" + ", ".join("%.4g" % v for v in values) + "]"
