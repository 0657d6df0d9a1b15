from anne import Dense, Sequential
from anne.presets import eight
from support import raises


def small():
    return Sequential([Dense(2, "relu", kernel=[[1.0, -1.0], [0.5, 0.5]], bias=[0.0, 0.1]),
                       Dense(1, "linear", kernel=[[2.0], [3.0]], bias=[-1.0])])


def test_forward_chains_layers():
    # h = relu([1 + 0.5, -1 + 0.5 + 0.1]) = [1.5, 0]; out = 2 * 1.5 + 3 * 0 - 1
    assert small().forward([1.0, 1.0]) == [2.0]


def test_predict_is_forward_per_row():
    m = small()
    assert m.predict([[1.0, 1.0], [0.0, 0.0]]) == [m.forward([1.0, 1.0]), m.forward([0.0, 0.0])]


def test_trace_gives_z_and_a_per_layer():
    steps = small().trace([1.0, 1.0])
    assert len(steps) == 2
    assert steps[0] == {"z": [1.5, -0.4], "a": [1.5, 0.0]}
    assert steps[1] == {"z": [2.0], "a": [2.0]}


def test_trace_of_eight_ends_in_its_output():
    m = eight()
    x = [0.1, -0.2, 0.3, 0.4]
    steps = m.trace(x)
    assert [len(s["a"]) for s in steps] == [2, 3, 2, 1]
    assert steps[-1]["a"] == m.forward(x)
    assert abs(sum(steps[2]["a"]) - 1.0) < 1e-12  # the softmax layer sums to 1


def test_summary_lists_layers_and_parameter_count():
    text = eight().summary()
    for word in ("relu", "tanh", "softmax", "sigmoid", "total parameters: 30"):
        assert word in text, text


def test_to_dict_and_from_dict_round_trip():
    m = eight()
    d = m.to_dict()
    assert d["format"] == "anne" and d["version"] == 1 and len(d["layers"]) == 4
    again = Sequential.from_dict(d)
    assert again.to_dict() == d
    assert again.forward([1.0, 2.0, 3.0, 4.0]) == m.forward([1.0, 2.0, 3.0, 4.0])


def test_layers_are_built_from_the_previous_layer_with_a_seed():
    a = Sequential([Dense(3, "relu", input_dim=4), Dense(1, "sigmoid")], seed=7)
    b = Sequential([Dense(3, "relu", input_dim=4), Dense(1, "sigmoid")], seed=7)
    assert len(a.layers[1].kernel) == 3
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != Sequential([Dense(3, "relu", input_dim=4), Dense(1)], seed=8).to_dict()


def test_mismatched_layers_name_the_layer_and_shapes():
    e = raises(ValueError, Sequential, [Dense(2, kernel=[[1.0, 1.0]]), Dense(1, kernel=[[1.0]] * 3)])
    assert "layer 1" in str(e) and "3x1" in str(e) and "2x1" in str(e), str(e)


def test_bad_construction_and_input():
    raises(ValueError, Sequential, [])
    raises(ValueError, Sequential, ["dense"])
    e = raises(ValueError, Sequential, [Dense(2)])
    assert "input_dim" in str(e)
    e = raises(ValueError, small().forward, [1.0])
    assert "1 values" in str(e) and "expects 2" in str(e), str(e)
