# Every built-in activation against reference values (computed with mpmath at 30 digits from
# the Keras 3 definitions), its derivative against a finite difference, and extreme inputs
# in double and in the Pico's single precision.
import math

from anne import activations
from support import INF, close, f32, is_finite, raises

POINTS = [-10000.0, -50.0, -5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 5.0, 50.0, 10000.0]
REFERENCE = {
    "linear": [-10000.0, -50.0, -5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 5.0, 50.0, 10000.0],
    "relu": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 5.0, 50.0, 10000.0],
    "leaky_relu": [-2000.0, -10.0, -1.0, -0.2, -0.1, 0.0, 0.5, 1.0, 5.0, 50.0, 10000.0],
    "sigmoid": [0.0, 1.9287498479639178e-22, 0.0066928509242848554, 0.2689414213699951, 0.37754066879814546,
                0.5, 0.6224593312018546, 0.7310585786300049, 0.9933071490757152, 1.0, 1.0],
    "tanh": [-1.0, -1.0, -0.9999092042625951, -0.7615941559557649, -0.46211715726000974, 0.0,
             0.46211715726000974, 0.7615941559557649, 0.9999092042625951, 1.0, 1.0],
    "elu": [-1.0, -1.0, -0.9932620530009145, -0.6321205588285577, -0.3934693402873666, 0.0, 0.5, 1.0, 5.0,
            50.0, 10000.0],
    "selu": [-1.7580993408473768, -1.7580993408473768, -1.7462533606696202, -1.1113307378125628,
             -0.6917581878028713, 0.0, 0.5253504936777402, 1.0507009873554805, 5.253504936777403,
             52.53504936777402, 10507.009873554805],
    "softplus": [0.0, 1.9287498479942364e-22, 0.006715348489118068, 0.3132616875182228, 0.4740769841801067,
                 0.6931471805599453, 0.9740769841801067, 1.3132616875182228, 5.006715348489118, 50.0, 10000.0],
    "softsign": [-0.9999000099990001, -0.9803921568627451, -0.8333333333333334, -0.5, -0.3333333333333333, 0.0,
                 0.3333333333333333, 0.5, 0.8333333333333334, 0.9803921568627451, 0.9999000099990001],
    "swish": [-0.0, -9.643749239819589e-21, -0.03346425462142428, -0.2689414213699951, -0.18877033439907273,
              0.0, 0.3112296656009273, 0.7310585786300049, 4.966535745378576, 50.0, 10000.0],
    "hard_sigmoid": [0.0, 0.0, 0.0, 0.3333333333333333, 0.4166666666666667, 0.5, 0.5833333333333334,
                     0.6666666666666666, 1.0, 1.0, 1.0],
    "gelu": [0.0, 0.0, -1.4332578593959695e-06, -0.15865525393145705, -0.15426876936299344, 0.0,
             0.34573123063700656, 0.8413447460685429, 4.999998566742141, 50.0, 10000.0],
}
ELEMENTWISE = sorted(REFERENCE) + ["silu"]
# Points away from the kinks of relu, leaky_relu, elu, selu and hard_sigmoid.
SMOOTH_POINTS = [-7.3, -2.9, -1.1, -0.37, 0.21, 0.8, 1.7, 2.6, 6.4]


def test_names_cover_the_issue_list():
    for name in ELEMENTWISE + ["softmax"]:
        assert name in activations.names(), name


def test_values_match_reference():
    for name in sorted(REFERENCE):
        act = activations.get(name)
        got = act.f(POINTS)
        for i in range(len(POINTS)):
            assert close(got[i], REFERENCE[name][i], 1e-12), (name, POINTS[i], got[i], REFERENCE[name][i])


def test_silu_is_swish():
    assert activations.get("silu").f(POINTS) == activations.get("swish").f(POINTS)


def test_derivatives_match_finite_differences():
    for name in ELEMENTWISE:
        act = activations.get(name)
        for x in SMOOTH_POINTS:
            h = 1e-6
            numeric = (act.f([x + h])[0] - act.f([x - h])[0]) / (2 * h)
            assert close(act.d([x])[0], numeric, 1e-6), (name, x, act.d([x])[0], numeric)


def test_extreme_inputs_stay_finite_in_double():
    for name in ELEMENTWISE:
        act = activations.get(name)
        xs = [-1e4, -1e3, -710.0, -89.0, 89.0, 710.0, 1e3, 1e4]
        assert all(is_finite(v) for v in act.f(xs)), (name, act.f(xs))
        assert all(is_finite(v) for v in act.d(xs)), (name, act.d(xs))
    big = activations.get("softmax").f([1e4, -1e4, 0.0])
    assert big == [1.0, 0.0, 0.0]


def _exp32(x):
    # exp on the Pico: single precision, inf above ~88.72 (where CPython would raise).
    x = f32(x)
    return INF if x > 88.72 else f32(math.exp(x))


def _log32(x):
    return f32(math.log(f32(x)))


def test_extreme_inputs_stay_finite_in_single_precision():
    saved = activations.exp, activations.log
    activations.exp, activations.log = _exp32, _log32
    try:
        for name in ELEMENTWISE:
            act = activations.get(name)
            for x in (-1e4, -1e3, -89.0, -50.0, 50.0, 89.0, 1e3, 1e4):
                y = f32(act.f([f32(x)])[0])
                assert is_finite(y), (name, x, y)
                assert is_finite(f32(act.d([f32(x)])[0])), (name, x)
        soft = activations.get("softmax").f([f32(1e4), 0.0, f32(-1e4)])
        assert soft == [1.0, 0.0, 0.0], soft
    finally:
        activations.exp, activations.log = saved


def test_softmax_sums_to_one_and_matches_reference():
    a = activations.get("softmax").f([1.0, 2.0, 3.0])
    assert close(a, [0.09003057317038046, 0.24472847105479764, 0.6652409557748219], 1e-12)
    assert close(sum(activations.get("softmax").f([1000.0, 0.0, -3.5])), 1.0, 1e-12)


def test_softmax_backward_matches_finite_differences():
    act = activations.get("softmax")
    z = [0.3, -1.2, 2.0]
    grad_a = [0.5, -1.0, 2.0]
    got = act.backward(z, act.f(z), grad_a)
    for i in range(3):
        h = 1e-6
        up = list(z)
        down = list(z)
        up[i] += h
        down[i] -= h
        fu, fd = act.f(up), act.f(down)
        numeric = sum(grad_a[k] * (fu[k] - fd[k]) / (2 * h) for k in range(3))
        assert close(got[i], numeric, 1e-6), (i, got[i], numeric)


def test_elementwise_backward_is_grad_times_derivative():
    act = activations.get("tanh")
    z = [-0.7, 0.2]
    assert act.backward(z, act.f(z), [2.0, -1.0]) == [2.0 * act.d(z)[0], -1.0 * act.d(z)[1]]


def test_erf_fallback_is_close_to_math_erf():
    for x in (-3.0, -1.0, -0.2, 0.0, 0.4, 1.5, 4.0):
        assert abs(activations._erf(x) - activations.erf(x)) < 2e-7


def test_register_a_student_activation_and_use_it_by_name():
    from anne import Dense

    activations.register("half_relu", lambda x: 0.5 * x if x > 0 else 0.0)
    try:
        layer = Dense(2, "half_relu", kernel=[[1.0, -1.0]], bias=[0.0, 0.0])
        assert layer.forward([4.0]) == ([4.0, -4.0], [2.0, 0.0])
        # No derivative given: a central difference stands in for training.
        assert close(layer.act.backward([4.0, -4.0], [2.0, 0.0], [1.0, 1.0]), [0.5, 0.0], 1e-6)
    finally:
        del activations._REGISTRY["half_relu"]


def test_unknown_activation_names_the_known_ones():
    e = raises(ValueError, activations.get, "relu6x")
    assert "relu6x" in str(e) and "sigmoid" in str(e)


def test_register_rejects_bad_arguments():
    raises(ValueError, activations.register, "", abs)
    raises(ValueError, activations.register, "x", 3)
    raises(ValueError, activations.register, "x", abs, "not callable")
