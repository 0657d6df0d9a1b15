# The paper's two networks on its 20 test rows. The expected outputs are the independent
# numpy/Keras figures of shared/reference/paper-networks.md, to 6 decimals.
from anne import activations, datasets, metrics, presets
from support import f32, forward32, raises

EIGHT = [0.195907, 0.588282, 0.195907, 0.588282, 0.588282, 0.588282, 0.195907, 0.587846, 0.588282, 0.588282,
         0.588282, 0.588282, 0.588282, 0.195907, 0.195907, 0.195907, 0.524571, 0.195907, 0.588181, 0.195907]
SIX = [0, 7.962081, 0, 9.969112, 6.265024, 8.694111, 0, 3.594811, 8.518195, 7.244182,
       6.196642, 5.965869, 7.992151, 0, 0, 0, 0.431652, 0, 3.079960, 0]


def _check(model, expected, accuracy, forward):
    _, _, X_test, y_test = datasets.iris_paper()
    outputs = [forward(model, x) for x in X_test]
    for i in range(20):
        assert len(outputs[i]) == 1
        assert abs(outputs[i][0] - expected[i]) < 5e-7, (i, outputs[i][0], expected[i])
    assert metrics.accuracy(y_test, outputs) == accuracy


def _forward64(model, x):
    return model.forward(x)


def test_eight_reproduces_the_paper_table():
    _check(presets.eight(), EIGHT, 0.90, _forward64)


def test_six_reproduces_the_paper_table():
    _check(presets.six(), SIX, 0.95, _forward64)


def _exp32(x):
    import math

    x = f32(x)
    return float("inf") if x > 88.72 else f32(math.exp(x))


def _check32(model, expected, accuracy):
    saved = activations.exp
    activations.exp = _exp32
    try:
        _, _, X_test, y_test = datasets.iris_paper()
        outputs = [forward32(model, x) for x in X_test]
    finally:
        activations.exp = saved
    for i in range(20):
        # float32 keeps about 7 digits: the table holds to 1e-5.
        assert abs(outputs[i][0] - expected[i]) < 1e-5, (i, outputs[i][0], expected[i])
    assert metrics.accuracy(y_test, outputs) == accuracy


def test_eight_holds_in_single_precision():
    _check32(presets.eight(), EIGHT, 0.90)


def test_six_holds_in_single_precision():
    _check32(presets.six(), SIX, 0.95)


def test_presets_by_name():
    assert presets.get("eight").to_dict() == presets.eight().to_dict()
    e = raises(ValueError, presets.get, "seven")
    assert "seven" in str(e) and "eight" in str(e) and "six" in str(e)
