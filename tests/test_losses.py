# Losses against Keras 3's own numbers, each gradient against a finite difference of its loss,
# and the crossentropies at outputs of exactly 0 and 1 (a saturated sigmoid), in double and
# in the Pico's single precision.
#
# The Keras values were computed with Keras 3.15.1 (jax backend) by keras.losses.<name>(y, a):
# categorical crossentropy in float64; mean_squared_error and binary_crossentropy came out in
# float32 there, so they are compared to 1e-6.
from math import log

from anne import losses
from support import close, f32, is_finite, raises

Y2 = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.3, 0.7]]
A2 = [[0.9, 0.2], [0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]
KERAS_MSE = [0.02499999850988388, 0.0, 0.0, 0.03999999910593033]
KERAS_BCE = [0.16425202786922455, 1.000000082740371e-07, 1.000000082740371e-07, 0.6931471824645996]
Y3 = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5]]
A3 = [[0.2, 0.7, 0.1], [0.0, 0.0, 1.0], [0.1, 0.1, 0.6], [0.3, 0.3, 0.4]]
KERAS_CCE = [0.3566749439387323, 16.11809565095832, 0.2876820724517809, 1.0601317681000455]
LOSSES = ["mse", "binary_crossentropy", "categorical_crossentropy"]


def _numeric(f, y, a, k, h=1e-6):
    up = list(a)
    down = list(a)
    up[k] += h
    down[k] -= h
    return (f(y, up) - f(y, down)) / (2.0 * h)


def test_mse_matches_keras():
    for i in range(len(Y2)):
        assert close(losses.mse(Y2[i], A2[i]), KERAS_MSE[i], 1e-6)


def test_binary_crossentropy_matches_keras_including_clipped_outputs():
    for i in range(len(Y2)):
        assert close(losses.binary_crossentropy(Y2[i], A2[i]), KERAS_BCE[i], 1e-6)
    assert close(losses.binary_crossentropy([1.0], [0.5]), log(2.0), 1e-15)


def test_categorical_crossentropy_matches_keras():
    for i in range(len(Y3)):
        assert close(losses.categorical_crossentropy(Y3[i], A3[i]), KERAS_CCE[i], 1e-12)


def test_categorical_crossentropy_takes_class_numbers():
    # Keras' sparse_categorical_crossentropy gives the same three values for labels 1, 0, 2.
    for i, c in enumerate([1, 0, 2]):
        assert losses.categorical_crossentropy(c, A3[i]) == losses.categorical_crossentropy(Y3[i], A3[i])
    assert losses.categorical_crossentropy_gradient(1, A3[0]) == losses.categorical_crossentropy_gradient(Y3[0], A3[0])


def test_each_gradient_matches_a_finite_difference_of_its_loss():
    cases = [("mse", [0.3, -1.0, 2.0], [0.1, 0.5, 1.5]),
             ("binary_crossentropy", [1.0, 0.0, 0.4], [0.8, 0.3, 0.55]),
             ("categorical_crossentropy", [0.0, 1.0, 0.0], [0.2, 0.5, 0.3]),
             ("categorical_crossentropy", [0.1, 0.6, 0.3], [0.9, 0.4, 0.7])]  # unnormalised outputs
    for name, y, a in cases:
        f, grad = losses.get(name)
        g = grad(y, a)
        for k in range(len(a)):
            assert close(g[k], _numeric(f, y, a, k), 1e-7), (name, k, g[k], _numeric(f, y, a, k))


def test_gradient_writes_into_the_given_list():
    out = [9.0, 9.0]
    assert losses.mse_gradient([0.0, 1.0], [1.0, 1.0], out) is out
    assert out == [1.0, 0.0]


def _sigmoid(z):
    from math import exp
    return 1.0 / (1.0 + exp(-z))


def test_sigmoid_binary_crossentropy_is_the_chain_rule():
    # dL/dz = dL/da * a (1 - a) = (a - y) / n
    y = [1.0, 0.0]
    a = [_sigmoid(0.7), _sigmoid(-1.3)]
    chain = [g * v * (1.0 - v) for g, v in zip(losses.binary_crossentropy_gradient(y, a), a)]
    assert close(losses.sigmoid_binary_crossentropy_gradient(y, a), chain, 1e-12)


def test_softmax_categorical_crossentropy_is_the_chain_rule():
    from anne import activations
    z = [0.4, -1.1, 2.0]
    a = activations.softmax(z)
    y = [0.0, 0.0, 1.0]
    chain = activations.softmax_backward(z, a, losses.categorical_crossentropy_gradient(y, a))
    assert close(losses.softmax_categorical_crossentropy_gradient(y, a), chain, 1e-12)
    assert close(losses.softmax_categorical_crossentropy_gradient(2, a), [a[0], a[1], a[2] - 1.0], 1e-15)


def test_crossentropy_is_finite_at_outputs_of_exactly_0_and_1():
    # A saturated sigmoid gives exactly 0.0 or 1.0; log(0) would be -inf without the clip.
    for conv in (float, f32):
        for a in ([0.0], [1.0], [conv(1.0 - 1e-9)]):
            for y in ([0.0], [1.0]):
                v = losses.binary_crossentropy(y, [conv(a[0])])
                assert is_finite(v) and v <= 16.2, (y, a, v)
                assert all(is_finite(g) for g in losses.binary_crossentropy_gradient(y, a))
        assert losses.binary_crossentropy([1.0], [0.0]) == -log(1e-7)
        p = [conv(0.0), conv(1.0), conv(0.0)]
        assert is_finite(losses.categorical_crossentropy([1.0, 0.0, 0.0], p))
        assert all(is_finite(g) for g in losses.categorical_crossentropy_gradient([1.0, 0.0, 0.0], p))


def test_combined_gradients_keep_learning_at_saturated_outputs():
    # The clipped loss is flat at a = 1, so dL/da is 0 there and a stand-alone sigmoid would
    # stop learning; the combined dL/dz = a - y still says: move down, hard.
    assert losses.binary_crossentropy_gradient([0.0], [1.0]) == [0.0]
    assert losses.sigmoid_binary_crossentropy_gradient([0.0], [1.0]) == [1.0]
    assert losses.softmax_categorical_crossentropy_gradient(0, [0.0, 1.0]) == [-1.0, 1.0]


def test_combined_pairs_and_defaults():
    assert losses.combined("sigmoid", "binary_crossentropy") is losses.sigmoid_binary_crossentropy_gradient
    assert losses.combined("softmax", "categorical_crossentropy") is losses.softmax_categorical_crossentropy_gradient
    assert losses.combined("softmax", "sparse_categorical_crossentropy") is not None
    assert losses.combined("relu", "binary_crossentropy") is None
    assert losses.combined("sigmoid", "mse") is None
    assert losses.default_for("sigmoid") == "binary_crossentropy"
    assert losses.default_for("softmax") == "categorical_crossentropy"
    assert losses.default_for("relu") == "mse"


def test_names_and_aliases():
    for name in LOSSES:
        assert name in losses.names()
        assert losses.canonical(name) == name
    assert losses.canonical("mean_squared_error") == "mse"
    assert losses.get("mean_squared_error") == losses.get("mse")


def test_unknown_loss_names_the_known_ones():
    e = raises(ValueError, losses.get, "hinge")
    assert "hinge" in str(e) and "binary_crossentropy" in str(e), str(e)
