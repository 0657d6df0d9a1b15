# Backpropagation against finite differences (anne.gradcheck), for every built-in activation
# in a hidden and in the output layer, with every loss: relative error < 1e-6 in double.
from anne import Dense, Sequential, gradcheck
from anne.presets import eight
from anne.rand import Random
from support import raises

ACTIVATIONS = ["linear", "relu", "leaky_relu", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign",
               "swish", "silu", "hard_sigmoid", "gelu", "softmax"]
# Outputs a crossentropy can read as probabilities: in [0, 1] (binary), or >= 0 (categorical
# rescales them to sum to 1, as Keras does). Other outputs are clipped, and the loss is flat there.
BINARY_OUTPUTS = ["sigmoid", "hard_sigmoid", "softmax"]
CATEGORICAL_OUTPUTS = ["softmax", "sigmoid", "hard_sigmoid", "relu", "softplus"]
# Where a derivative jumps, a finite difference across the jump is meaningless: keep z away.
KINKS = {"relu": [0.0], "leaky_relu": [0.0], "selu": [0.0], "elu": [0.0], "hard_sigmoid": [-3.0, 3.0]}
TOL = 1e-6


def _away_from_kinks(model, x):
    for layer, step in zip(model.layers, model.trace(x)):
        for kink in KINKS.get(layer.activation, []):
            for z in step["z"]:
                if abs(z - kink) < 0.01:
                    return False
    return True


def _case(hidden, output, n_out, rng):
    """A 3 -> 4 hidden -> n_out output net with seeded weights, and an input away from kinks."""
    seed = rng.randint(0, 10000)
    model = Sequential([Dense(4, hidden, input_dim=3), Dense(n_out, output)], seed=seed)
    while True:
        x = [rng.uniform(-2.0, 2.0) for _ in range(3)]
        if _away_from_kinks(model, x):
            return model, x


def _label(loss, n_out, rng):
    if loss == "mse":
        return [rng.uniform(-1.0, 1.0) for _ in range(n_out)]
    return rng.randint(0, max(1, n_out - 1))


def _check(hidden, output, loss, n_out, rng):
    model, x = _case(hidden, output, n_out, rng)
    y = _label(loss, n_out, rng)
    err = gradcheck.check(model, x, y, loss)
    assert err < TOL, (hidden, output, loss, n_out, err)


def test_every_activation_in_a_hidden_layer_with_every_loss():
    rng = Random(11)
    for act in ACTIVATIONS:
        _check(act, "linear", "mse", 2, rng)
        _check(act, "sigmoid", "binary_crossentropy", 1, rng)
        _check(act, "sigmoid", "binary_crossentropy", 2, rng)
        _check(act, "softmax", "categorical_crossentropy", 3, rng)


def test_every_activation_as_output_with_mse():
    rng = Random(12)
    for act in ACTIVATIONS:
        _check("tanh", act, "mse", 3, rng)


def test_probability_outputs_with_crossentropy():
    rng = Random(13)
    for act in BINARY_OUTPUTS:
        _check("tanh", act, "binary_crossentropy", 2, rng)
    for act in CATEGORICAL_OUTPUTS:
        _check("tanh", act, "categorical_crossentropy", 3, rng)


def test_every_pair_of_activations_with_mse():
    rng = Random(14)
    for hidden in ACTIVATIONS:
        for output in ACTIVATIONS:
            _check(hidden, output, "mse", 2, rng)


def test_the_papers_network_eight():
    # 4 -> 2 relu -> 3 tanh -> 2 softmax -> 1 sigmoid, Keras weights: gradients through softmax inside.
    model = eight()
    x = [0.3, -1.2, 0.8, 0.5]
    for y in (0, 1):
        assert gradcheck.check(model, x, y) < TOL


def test_gradients_are_not_trivially_zero():
    # The comparison above means something only if the gradients are there.
    model = eight()
    g = model.gradients([0.3, -1.2, 0.8, 0.5], 0)
    assert len(g) == 4
    for layer in g:
        assert any(v != 0.0 for row in layer["kernel"] for v in row)
        assert any(v != 0.0 for v in layer["bias"])


def test_numeric_gradients_have_the_shapes_of_the_weights():
    model = eight()
    num = gradcheck.numeric_gradients(model, [0.1, 0.2, 0.3, 0.4], 1)
    for layer, g in zip(model.layers, num):
        assert len(g["kernel"]) == len(layer.kernel)
        assert all(len(row) == layer.units for row in g["kernel"])
        assert len(g["bias"]) == layer.units


def test_checking_leaves_the_weights_exactly_as_they_were():
    model = eight()
    before = [([list(r) for r in layer.kernel], list(layer.bias)) for layer in model.layers]
    gradcheck.check(model, [0.1, 0.2, 0.3, 0.4], 1)
    after = [([list(r) for r in layer.kernel], list(layer.bias)) for layer in model.layers]
    assert before == after


def test_a_wrong_derivative_is_caught():
    model = Sequential([Dense(2, "linear", input_dim=2), Dense(1, "linear")], seed=3)
    # A hand-made activation with a wrong derivative, put into the hidden layer directly: not
    # registered, so the global list stays as it was (type(...) is the class Dense uses).
    act = model.layers[0].act
    model.layers[0].act = type(act)("square", lambda z: [v * v for v in z], lambda z: list(z))  # d: 2z
    assert gradcheck.check(model, [0.7, -0.4], [0.5], "mse") > 0.1


def test_relative_error_uses_a_floor_near_zero():
    assert gradcheck.relative_error(2.0, 2.0) == 0.0
    assert abs(gradcheck.relative_error(1.0, 1.1) - 0.1 / 1.1) < 1e-15
    assert gradcheck.relative_error(1e-9, 2e-9) == 1e-9 / 1e-4


def test_bad_sample_is_a_value_error():
    model = eight()
    raises(ValueError, gradcheck.check, model, [0.1, 0.2], 1)
    raises(ValueError, gradcheck.check, model, [0.1, 0.2, 0.3, 0.4], 2)
