from anne import Dense
from support import close, raises


def test_forward_is_x_dot_kernel_plus_bias_in_keras_layout():
    # 3 inputs, 2 units: kernel[i][j] joins input i to unit j.
    layer = Dense(2, "linear", kernel=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], bias=[0.5, -0.5])
    z, a = layer.forward([1.0, 0.0, -1.0])
    assert z == [1.0 - 5.0 + 0.5, 2.0 - 6.0 - 0.5]
    assert a == z


def test_activation_is_applied_to_z():
    layer = Dense(2, "relu", kernel=[[1.0, -1.0]], bias=[0.0, 0.0])
    assert layer.forward([3.0]) == ([3.0, -3.0], [3.0, 0.0])


def test_bias_defaults_to_zeros_and_params_are_counted():
    layer = Dense(3, "tanh", kernel=[[0.1, 0.2, 0.3]] * 4)
    assert layer.bias == [0.0, 0.0, 0.0]
    assert layer.input_dim == 4 and layer.count_params() == 15


def test_wrong_kernel_shape_names_layer_and_shapes():
    e = raises(ValueError, Dense, 3, "relu", kernel=[[1.0, 2.0]] * 4)
    assert "Dense(3)" in str(e) and "4x2" in str(e) and "4x3" in str(e), str(e)


def test_kernel_rows_must_match_input_dim():
    e = raises(ValueError, Dense, 2, kernel=[[1.0, 2.0]] * 3, input_dim=4)
    assert "3x2" in str(e) and "4x2" in str(e), str(e)


def test_non_numbers_are_named():
    e = raises(ValueError, Dense, 2, kernel=[[1.0, "x"]])
    assert "kernel[0][1]" in str(e) and "'x'" in str(e), str(e)
    e = raises(ValueError, Dense, 1, kernel=[[float("nan")]])
    assert "kernel[0][0]" in str(e), str(e)
    e = raises(ValueError, Dense, 2, kernel=[[1.0, 2.0]], bias=[0.0, float("inf")])
    assert "bias[1]" in str(e), str(e)
    e = raises(ValueError, Dense, 2, kernel=[[1.0, 2.0]], bias=[0.0])
    assert "bias has 1 values, expected 2" in str(e), str(e)


def test_unknown_activation_names_layer_and_name():
    e = raises(ValueError, Dense, 4, "relu7")
    assert "Dense(4)" in str(e) and "relu7" in str(e), str(e)


def test_bad_units():
    raises(ValueError, Dense, 0)
    raises(ValueError, Dense, 2.5)
    raises(ValueError, Dense, True)


def test_build_initialises_glorot_within_limit():
    from anne.rand import Random

    layer = Dense(3, "relu")
    layer.build(4, rng=Random(1))
    limit = (6.0 / 7.0) ** 0.5
    assert len(layer.kernel) == 4 and all(len(r) == 3 for r in layer.kernel)
    assert all(-limit <= w <= limit for r in layer.kernel for w in r)
    assert layer.bias == [0.0] * 3


def test_to_dict_round_trip_values():
    layer = Dense(1, "sigmoid", kernel=[[0.25], [-0.5]], bias=[0.125])
    d = layer.to_dict()
    assert d == {"units": 1, "activation": "sigmoid", "kernel": [[0.25], [-0.5]], "bias": [0.125]}
    assert close(Dense(d["units"], d["activation"], d["kernel"], d["bias"]).forward([1.0, 1.0])[1],
                 layer.forward([1.0, 1.0])[1])
