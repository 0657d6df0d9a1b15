# Optimizers against Keras 3: the same three steps from the same weights and gradients.
#
# KERAS_STEPS: Keras 3.15.1 (jax backend, float64): v = keras.Variable(W0); opt.build([v]);
# opt.apply_gradients([(g, v)]) for each g in GRADS, with keras.optimizers.SGD(),
# SGD(momentum=0.9), Adam() and Adam(learning_rate=0.1), all other arguments left at defaults.
from anne import optimizers
from support import close, raises

W0 = [0.5, -1.0, 2.0]
GRADS = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.05], [0.2, 0.2, -0.6]]
KERAS_STEPS = {
    "sgd": [[0.499, -0.998, 1.997], [0.503, -1.003, 1.9965000000000002], [0.501, -1.005, 2.0025]],
    "momentum": [[0.499, -0.998, 1.997], [0.5021, -1.0012, 1.9938], [0.50289, -1.00608, 1.99692]],
    "adam": [[0.49900003162177664, -0.9990000158111383, 1.9990000105408143],
             [0.4995595308245253, -0.9994422284779804, 1.9982166913410848],
             [0.4996697037278893, -0.9999851684831786, 1.9985130413648853]],
    "adam lr=0.1": [[0.40000316217766335, -0.9000015811138306, 1.9000010540814425],
                    [0.455953082452529, -0.9442228477980377, 1.8216691341084883],
                    [0.4669703727889277, -0.9985168483178619, 1.8513041364885268]],
}


def _run(opt):
    # The weights as two rows (a kernel row and a bias), as fit() hands them over.
    params = [W0[:2], W0[2:]]
    opt.build(params)
    steps = []
    for g in GRADS:
        opt.step(params, [g[:2], g[2:]])
        steps.append(params[0] + params[1])
    return steps


def test_sgd_matches_keras():
    assert close(_run(optimizers.get("sgd")), KERAS_STEPS["sgd"], 1e-12)


def test_momentum_matches_keras_sgd_with_momentum():
    assert close(_run(optimizers.get("momentum")), KERAS_STEPS["momentum"], 1e-12)


def test_adam_matches_keras():
    assert close(_run(optimizers.get("adam")), KERAS_STEPS["adam"], 1e-12)
    assert close(_run(optimizers.get("adam", lr=0.1)), KERAS_STEPS["adam lr=0.1"], 1e-12)


def test_defaults_are_keras_defaults():
    assert optimizers.SGD().lr == 0.01
    m = optimizers.Momentum()
    assert m.lr == 0.01 and m.momentum == 0.9
    a = optimizers.Adam()
    assert (a.lr, a.beta_1, a.beta_2, a.epsilon) == (0.001, 0.9, 0.999, 1e-7)


def test_step_changes_the_rows_in_place():
    row = [1.0, 2.0]
    params = [row]
    opt = optimizers.get("sgd", lr=0.5)
    opt.build(params)
    opt.step(params, [[2.0, -2.0]])
    assert params[0] is row and row == [0.0, 3.0]


def test_build_resets_the_state():
    opt = optimizers.get("adam")
    first = _run(opt)
    assert _run(opt) == first  # a second fit starts Adam afresh (iterations and moments)


def test_get_takes_names_objects_and_lr():
    assert optimizers.names() == ["adam", "momentum", "sgd"]
    assert isinstance(optimizers.get("momentum"), optimizers.Momentum)
    opt = optimizers.Adam(beta_1=0.5)
    assert optimizers.get(opt) is opt and opt.lr == 0.001
    assert optimizers.get(opt, lr=0.2).lr == 0.2 and opt.beta_1 == 0.5
    assert optimizers.get("sgd", lr=None).lr == 0.01


def test_unknown_optimizer_is_a_value_error():
    e = raises(ValueError, optimizers.get, "rmsprop")
    assert "rmsprop" in str(e) and "adam" in str(e), str(e)
    raises(ValueError, optimizers.get, 42)
