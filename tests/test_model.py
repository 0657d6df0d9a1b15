from anne import Dense, Sequential
from anne.datasets import iris, iris_paper
from anne.preprocessing import Standardizer
from anne.presets import eight
from support import close, forward32, is_finite, raises


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
    assert d["format"] == "anne" and d["version"] == 2 and len(d["layers"]) == 4
    assert "scaling" not in d  # only a model with scaling has one
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


# --- scaling: the network takes raw measurements and standardises them first ---------------

def _paper_scaler():
    """The paper's scaling, fitted on the 100 rows of both species in cm -> (it, X_test in cm)."""
    X, y, _, _ = iris()
    return Standardizer().fit([X[i] for i in range(len(y)) if y[i] > 0]), iris_paper(scaled=False)[2]


def _scaled_eight():
    scaler, X_cm = _paper_scaler()
    return Sequential(eight().layers, scaling=scaler), X_cm


def test_scaled_model_on_cm_rows_equals_the_unscaled_twin_on_standardised_rows():
    scaled, X_cm = _scaled_eight()
    twin = eight()
    X = scaled.scaling.transform(X_cm)
    assert scaled.predict(X_cm) == twin.predict(X)
    for k in range(len(X)):
        assert scaled.forward(X_cm[k]) == twin.forward(X[k])
        assert scaled.trace(X_cm[k]) == twin.trace(X[k])
    # iris_paper() scales with this very fit: the paper's standardised test rows, exactly.
    assert X == iris_paper()[2]


def test_forward_predict_and_trace_apply_the_scaling_by_hand():
    scaling = Standardizer(mean=[1.0, 2.0], std=[2.0, 0.5])
    m = small()
    m.scaling = scaling
    # x = [3, 2.5] -> [(3 - 1) / 2, (2.5 - 2) / 0.5] = [1, 1], which small() maps to [2.0]
    assert m.forward([3.0, 2.5]) == [2.0]
    assert m.predict([[3.0, 2.5]]) == [[2.0]]
    assert m.trace([3.0, 2.5]) == small().trace([1.0, 1.0])
    m.scaling = None  # writable: back to standardised inputs
    assert m.forward([1.0, 1.0]) == [2.0]


def test_scaled_input_is_still_checked_against_n_inputs():
    scaled, _ = _scaled_eight()
    for fn in (scaled.forward, scaled.trace):
        e = raises(ValueError, fn, [1.0, 2.0])
        assert "2 values" in str(e) and "expects 4" in str(e), str(e)
    e = raises(ValueError, scaled.predict, [[1.0, 2.0, 3.0, 4.0], [1.0]])
    assert "1 values" in str(e) and "expects 4" in str(e), str(e)


def test_scaling_must_be_a_fitted_standardizer_for_the_inputs():
    e = raises(ValueError, Sequential, eight().layers, scaling=Standardizer([0.0] * 3, [1.0] * 3))
    assert "3 inputs" in str(e) and "has 4" in str(e), str(e)
    e = raises(ValueError, Sequential, eight().layers, scaling=Standardizer())
    assert "fitted Standardizer" in str(e), str(e)
    m = eight()
    e = raises(ValueError, setattr, m, "scaling", {"mean": [0.0] * 4, "std": [1.0] * 4})
    assert "fitted Standardizer" in str(e), str(e)
    assert m.scaling is None


def test_summary_repr_and_to_dict_show_the_scaling():
    scaled, _ = _scaled_eight()
    assert "standardised" in scaled.summary() and "mean [6.262" in scaled.summary(), scaled.summary()
    assert "standardised" not in eight().summary()
    assert repr(scaled) == "Sequential(4 standardised -> 2 relu -> 3 tanh -> 2 softmax -> 1 sigmoid)"
    d = scaled.to_dict()
    assert d["scaling"] == {"mean": scaled.scaling.mean, "std": scaled.scaling.std}
    again = Sequential.from_dict(d)
    assert again.to_dict() == d and again.scaling.mean == scaled.scaling.mean


def test_scaled_model_in_float32_stays_close_on_cm_and_extreme_rows():
    scaled, X_cm = _scaled_eight()
    rows = X_cm + [[0.0] * 4, [1e6, -1e6, 1e6, -1e6], [1e30, 1e30, 1e30, 1e30]]
    for x in rows:
        out32 = forward32(scaled, x)
        out = scaled.forward(x)
        assert all(is_finite(v) for v in out32), (x, out32)
        assert close(out32, out, 1e-5), (x, out32, out)
