# Training by backpropagation (anne.train, Sequential.fit / .gradients): one step by hand,
# batches as mean gradients, seeds, callbacks, the two IRIS tasks, bad input, and memory.
import sys

from anne import Dense, Sequential, metrics, train
from anne.datasets import iris, iris_paper, split
from anne.preprocessing import Standardizer
from support import close, raises

MICROPYTHON = sys.implementation.name == "micropython"


def _weights(model):
    return [([list(r) for r in layer.kernel], list(layer.bias)) for layer in model.layers]


def _net_4_3_2_1(seed=0):
    return Sequential([Dense(3, "relu", input_dim=4), Dense(2, "relu"), Dense(1, "sigmoid")], seed=seed)


def _iris_held_out(seed=0):
    """Three species, 120 training rows and 30 held out; scaling fitted on the training rows."""
    X, y, _, _ = iris()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=seed)
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), y_train, scaler.transform(X_test), y_test


# --- what one step does ---------------------------------------------------------------------

def test_one_sgd_step_by_hand():
    # a = w x + b = 0.5 * 2 + 0.1 = 1.1; mse = (a - y)^2, dL/da = 2 (a - y) = 0.2
    # dL/dw = x * 0.2 = 0.4, dL/db = 0.2; w = 0.5 - 0.1 * 0.4, b = 0.1 - 0.1 * 0.2
    model = Sequential([Dense(1, "linear", kernel=[[0.5]], bias=[0.1])])
    history = model.fit([[2.0]], [[1.0]], epochs=1, lr=0.1, loss="mse", batch_size=1)
    assert close(model.layers[0].kernel[0][0], 0.46, 1e-15)
    assert close(model.layers[0].bias[0], 0.08, 1e-15)
    assert close(history["loss"][0], 0.01, 1e-15)  # the loss before the step, as Keras reports it


def test_a_batch_steps_along_the_mean_gradient():
    X, y, _, _ = iris_paper()
    X, y = X[:10], y[:10]
    model = _net_4_3_2_1(seed=3)
    grads = [model.gradients(X[i], y[i]) for i in range(10)]
    expected = []
    for k, layer in enumerate(model.layers):
        kernel = [[layer.kernel[i][j] - 0.5 * sum(g[k]["kernel"][i][j] for g in grads) / 10
                   for j in range(layer.units)] for i in range(len(layer.kernel))]
        bias = [layer.bias[j] - 0.5 * sum(g[k]["bias"][j] for g in grads) / 10 for j in range(layer.units)]
        expected.append((kernel, bias))
    model.fit(X, y, epochs=1, lr=0.5, batch_size=10, optimizer="sgd")
    for k, layer in enumerate(model.layers):
        assert close(layer.kernel, expected[k][0], 1e-12)
        assert close(layer.bias, expected[k][1], 1e-12)


def test_a_partial_last_batch_is_averaged_over_its_own_rows():
    # 3 rows, batch 2: the second step uses the third row alone, at full weight.
    model = Sequential([Dense(1, "linear", kernel=[[0.0]], bias=[0.0])])
    X = [[1.0], [1.0], [1.0]]
    model.fit(X, [[1.0], [1.0], [1.0]], epochs=1, lr=0.25, loss="mse", batch_size=2, shuffle=False)
    # step 1: a = 0, dL/dw = dL/db = -2 -> w = b = 0.5; step 2: a = 1, gradient 0.
    assert model.layers[0].kernel == [[0.5]] and model.layers[0].bias == [0.5]


def test_epoch_loss_is_the_average_as_it_trained():
    # With one full batch, the epoch's loss is the loss before its only step.
    X, y, _, _ = iris_paper()
    model = _net_4_3_2_1()
    before, _ = train.evaluate(model, X, y)
    history = model.fit(X, y, epochs=1, batch_size=len(X))
    assert close(history["loss"][0], before, 1e-12)


def test_training_runs_the_same_forward_pass_as_predict():
    from anne.presets import eight
    model = eight()
    ws = train.Workspace(model, "binary_crossentropy")
    for x in iris_paper()[2]:
        assert train.forward(ws, x) == model.forward(x)  # exactly: the same sums in the same order


def _plain_sgd(model, X, y, epochs, lr, batch_size, seed):
    """Mini-batch SGD written out plainly, by the formulas at the top of anne/train.py: zero the
    sums, add each sample's share of dL/dw, step. -> the loss of each epoch (binary crossentropy)."""
    from anne.losses import binary_crossentropy
    from anne.rand import Random
    layers = model.layers
    rng = Random(seed)
    order = list(range(len(X)))
    curve = []
    for _ in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            grad_kernel = [[[0.0] * layer.units for _ in layer.kernel] for layer in layers]
            grad_bias = [[0.0] * layer.units for layer in layers]
            for i in batch:
                zs, acts = [], [X[i]]
                for layer in layers:
                    z = list(layer.bias)
                    for r in range(len(layer.kernel)):
                        for j in range(layer.units):
                            z[j] += acts[-1][r] * layer.kernel[r][j]
                    zs.append(z)
                    acts.append(layer.act.f(z))
                target = [float(y[i])]
                total += binary_crossentropy(target, acts[-1])
                grad_z = [(acts[-1][0] - target[0]) * (1.0 / len(batch))]  # sigmoid + crossentropy
                for k in range(len(layers) - 1, -1, -1):
                    x = acts[k]
                    for j in range(layers[k].units):
                        grad_bias[k][j] += grad_z[j]
                        for r in range(len(x)):
                            grad_kernel[k][r][j] += x[r] * grad_z[j]
                    if k > 0:
                        grad_a = [0.0] * len(x)
                        for r in range(len(x)):
                            for j in range(layers[k].units):
                                grad_a[r] += layers[k].kernel[r][j] * grad_z[j]
                        d = layers[k - 1].act.d(zs[k - 1])
                        grad_z = [grad_a[r] * d[r] for r in range(len(x))]
            for k, layer in enumerate(layers):
                for j in range(layer.units):
                    layer.bias[j] -= grad_bias[k][j] * lr
                    for r in range(len(layer.kernel)):
                        layer.kernel[r][j] -= grad_kernel[k][r][j] * lr
        curve.append(total / len(X))
    return curve


def test_fit_is_plain_minibatch_sgd_exactly():
    # fit's loops are arranged for speed (anne/train.py says how); the numbers must not notice.
    # 10 rows in batches of 3: three full batches and one of a single row, every epoch.
    X, y, _, _ = iris_paper()
    X, y = X[:10], y[:10]
    for spec, batch_size in (([(3, "relu"), (2, "relu"), (1, "sigmoid")], 3),
                             ([(4, "tanh"), (3, "elu"), (1, "sigmoid")], 1)):
        fast, plain = [Sequential([Dense(spec[0][0], spec[0][1], input_dim=4)]
                                  + [Dense(units, act) for units, act in spec[1:]], seed=5) for _ in range(2)]
        history = fast.fit(X, y, epochs=3, lr=0.1, optimizer="sgd", batch_size=batch_size, seed=2)
        assert history["loss"] == _plain_sgd(plain, X, y, 3, 0.1, batch_size, 2)
        assert _weights(fast) == _weights(plain)


# --- fit's results and knobs ----------------------------------------------------------------

def test_history_has_one_value_per_epoch():
    X, y, X_test, y_test = iris_paper()
    history = _net_4_3_2_1().fit(X, y, epochs=3, lr=0.01, batch_size=8, validation_data=(X_test, y_test))
    assert sorted(history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(v) == 3 for v in history.values())
    assert all(0.0 <= a <= 1.0 for a in history["accuracy"] + history["val_accuracy"])


def test_validation_figures_are_those_of_the_model_after_the_epoch():
    X, y, X_test, y_test = iris_paper()
    model = _net_4_3_2_1()
    history = model.fit(X, y, epochs=2, lr=0.01, batch_size=1, validation_data=(X_test, y_test))
    val_loss, val_acc = train.evaluate(model, X_test, y_test)
    assert close(history["val_loss"][-1], val_loss, 1e-15)
    assert history["val_accuracy"][-1] == val_acc == metrics.accuracy(y_test, model.predict(X_test))


def test_the_loss_goes_down_with_every_optimizer():
    X, y, _, _ = iris_paper()
    for name, lr in (("sgd", 0.05), ("momentum", 0.01), ("adam", 0.01)):
        history = _net_4_3_2_1().fit(X, y, epochs=6, lr=lr, optimizer=name, batch_size=4)
        assert history["loss"][-1] < 0.8 * history["loss"][0], (name, history["loss"])


def test_the_same_seed_trains_the_same_network():
    X, y, _, _ = iris_paper()
    a, b, c = _net_4_3_2_1(), _net_4_3_2_1(), _net_4_3_2_1()
    ha = a.fit(X, y, epochs=2, lr=0.05, batch_size=4, seed=7)
    hb = b.fit(X, y, epochs=2, lr=0.05, batch_size=4, seed=7)
    hc = c.fit(X, y, epochs=2, lr=0.05, batch_size=4, seed=8)
    assert ha == hb and _weights(a) == _weights(b)
    assert _weights(a) != _weights(c)  # another shuffle, another path


def test_training_in_slices_with_resume_equals_one_call():
    X, y, _, _ = iris_paper()
    whole, sliced = _net_4_3_2_1(), _net_4_3_2_1()
    h = train.fit(whole, X, y, epochs=6, optimizer="adam", lr=0.01, batch_size=8, seed=3)
    state = {}
    losses = []
    for _ in range(3):
        losses += train.fit(sliced, X, y, epochs=2, optimizer="adam", lr=0.01, batch_size=8, seed=3,
                            resume=state)["loss"]
    assert losses == h["loss"] and _weights(sliced) == _weights(whole)


def test_without_shuffle_the_seed_does_not_matter():
    X, y, _, _ = iris_paper()
    a, b = _net_4_3_2_1(), _net_4_3_2_1()
    a.fit(X, y, epochs=1, lr=0.05, batch_size=4, shuffle=False, seed=1)
    b.fit(X, y, epochs=1, lr=0.05, batch_size=4, shuffle=False, seed=2)
    assert _weights(a) == _weights(b)


def test_callback_sees_every_epoch_and_false_stops():
    X, y, _, _ = iris_paper()
    seen = []

    def callback(epoch, logs):
        seen.append((epoch, sorted(logs)))
        return epoch < 2  # False after the third epoch

    history = _net_4_3_2_1().fit(X, y, epochs=10, lr=0.01, callback=callback)
    assert seen == [(0, ["accuracy", "loss"]), (1, ["accuracy", "loss"]), (2, ["accuracy", "loss"])]
    assert len(history["loss"]) == 3


def test_callback_returning_none_goes_on():
    X, y, _, _ = iris_paper()
    history = _net_4_3_2_1().fit(X, y, epochs=2, callback=lambda epoch, logs: None)
    assert len(history["loss"]) == 2


def test_class_numbers_and_one_hot_lists_train_alike():
    X, y, _, _ = _iris_held_out()
    X, y = X[:30], y[:30]
    one_hot = [[1.0 if k == c else 0.0 for k in range(3)] for c in y]
    a = Sequential([Dense(4, "tanh", input_dim=4), Dense(3, "softmax")], seed=1)
    b = Sequential([Dense(4, "tanh", input_dim=4), Dense(3, "softmax")], seed=1)
    assert a.fit(X, y, epochs=2, lr=0.1, batch_size=5) == b.fit(X, one_hot, epochs=2, lr=0.1, batch_size=5)
    assert _weights(a) == _weights(b)


def test_regression_targets_with_mse():
    # y = 2x - 1 with one linear unit: plain least squares.
    X = [[i / 10.0] for i in range(-10, 11)]
    y = [2.0 * x[0] - 1.0 for x in X]
    model = Sequential([Dense(1, "linear", input_dim=1)])
    model.fit(X, y, epochs=60, lr=0.1, loss="mse", batch_size=1)
    assert abs(model.layers[0].kernel[0][0] - 2.0) < 1e-3 and abs(model.layers[0].bias[0] + 1.0) < 1e-3


def test_training_the_papers_network_eight_from_keras_weights():
    from anne.presets import eight
    X, y, X_test, y_test = iris_paper()
    model = eight()  # relu, tanh, softmax (hidden), sigmoid: backprop through softmax's Jacobian
    before, _ = train.evaluate(model, X, y)
    model.fit(X, y, epochs=3, lr=0.01, batch_size=1)
    after, _ = train.evaluate(model, X, y)
    assert after < before


# --- the accuracy targets (seed 0) ---------------------------------------------------

def test_paper_task_4_3_2_1_reaches_95_percent_on_the_papers_test_rows():
    # 20 epochs sits in the middle of a long plateau (epochs 4 to ~45 all give 19/20 right).
    # Trained on much longer, the net fits the 80 rows ever closer and settles at 18/20,
    # like the paper's own Keras network "eight" (90 %).
    X, y, X_test, y_test = iris_paper()
    model = _net_4_3_2_1(seed=0)
    model.fit(X, y, epochs=20, lr=0.01, optimizer="sgd", batch_size=1, seed=0)
    assert metrics.accuracy(y_test, model.predict(X_test)) >= 0.95


def test_three_class_iris_reaches_95_percent_held_out():
    X, y, X_test, y_test = _iris_held_out(seed=0)
    model = Sequential([Dense(8, "tanh", input_dim=4), Dense(3, "softmax")], seed=0)
    history = model.fit(X, y, epochs=20, lr=0.01, optimizer="adam", batch_size=8, seed=0,
                        validation_data=(X_test, y_test))
    assert history["val_accuracy"][-1] >= 0.95
    assert metrics.accuracy(y_test, model.predict(X_test)) >= 0.95


def _cm_and_scaled(seed=0):
    """Three species in cm, and the same rows standardised on the training rows -> both + scaler."""
    X, y, _, _ = iris()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=seed)
    scaler = Standardizer().fit(X_train)
    cm = (X_train, y_train, X_test, y_test)
    return cm, (scaler.transform(X_train), y_train, scaler.transform(X_test), y_test), scaler


def test_a_scaled_model_on_cm_rows_trains_exactly_like_its_twin_on_standardised_rows():
    cm, standardised, scaler = _cm_and_scaled()
    layers = [Dense(8, "tanh", input_dim=4), Dense(3, "softmax")]
    scaled = Sequential(layers, seed=0, scaling=scaler)
    twin = Sequential([Dense(8, "tanh", input_dim=4), Dense(3, "softmax")], seed=0)
    assert _weights(scaled) == _weights(twin)
    X, y, X_test, y_test = cm
    Xs, _, Xs_test, _ = standardised
    kw = {"epochs": 3, "lr": 0.01, "optimizer": "adam", "batch_size": 8, "seed": 0}
    history = scaled.fit(X, y, validation_data=(X_test, y_test), **kw)
    assert history == twin.fit(Xs, y, validation_data=(Xs_test, y_test), **kw)
    assert _weights(scaled) == _weights(twin)
    assert X == _cm_and_scaled()[0][0]  # the caller's rows stay in cm
    assert train.evaluate(scaled, X_test, y_test) == train.evaluate(twin, Xs_test, y_test)
    assert scaled.gradients(X[3], y[3]) == twin.gradients(Xs[3], y[3])
    assert scaled.predict(X_test) == twin.predict(Xs_test)


# --- gradients() for the visualiser ----------------------------------------------------------

def test_gradients_per_layer_have_the_shapes_and_change_nothing():
    model = Sequential([Dense(3, "tanh", input_dim=4), Dense(2, "softmax")], seed=2)
    before = _weights(model)
    g = model.gradients([0.1, 0.2, -0.3, 0.4], 1)
    assert _weights(model) == before
    assert [len(layer["kernel"]) for layer in g] == [4, 3]
    assert [len(layer["kernel"][0]) for layer in g] == [3, 2]
    assert [len(layer["bias"]) for layer in g] == [3, 2]
    # The bias gradient is dL/dz; through softmax + crossentropy dL/dz = a - y.
    a = model.forward([0.1, 0.2, -0.3, 0.4])
    assert close(g[1]["z"], [a[0], a[1] - 1.0], 1e-15) and g[1]["bias"] == g[1]["z"]
    # dL/da is shown too: Keras' crossentropy rescales a to sum 1 first, so it is 1 - y/a.
    assert close(g[1]["a"], [1.0, 1.0 - 1.0 / a[1]], 1e-12)


# --- bad input: a clear ValueError, and the model exactly as it was --------------------------

def _rejects(model, X, y, words, **kw):
    before = _weights(model)
    e = raises(ValueError, model.fit, X, y, **kw)
    for word in words:
        assert word in str(e), (word, str(e))
    assert _weights(model) == before
    return e


def test_ragged_rows_are_rejected():
    X, y, _, _ = iris_paper()
    bad = [list(r) for r in X]
    bad[5] = bad[5][:3]
    _rejects(_net_4_3_2_1(), bad, y, ["row 5", "3 values", "expects 4"])
    _rejects(_net_4_3_2_1(), [[1.0, 2.0, 3.0, 4.0], 7], [0, 1], ["row 1"])
    _rejects(_net_4_3_2_1(), [], [], ["X"])


def test_labels_out_of_range_are_rejected():
    X, y, _, _ = iris_paper()
    _rejects(_net_4_3_2_1(), X, [2] + y[1:], ["y[0]", "class 2", "0..1"])
    _rejects(_net_4_3_2_1(), X, y[:-1] + [-1], ["y[79]", "class -1"])
    three = Sequential([Dense(3, "softmax", input_dim=4)])
    _rejects(three, X[:2], [0, 3], ["y[1]", "class 3", "0..2"])
    _rejects(three, X[:2], [[1.0, 0.0, 0.0], [0.0, 1.0]], ["y[1]", "2 targets", "3 outputs"])
    _rejects(_net_4_3_2_1(), X[:2], [0.5, 1.5], ["y[1]", "[0, 1]"])  # crossentropy targets
    _rejects(three, X[:2], [0, "1"], ["y[1]"])
    _rejects(three, X[:2], [0, 1.0], ["y[1]"])  # a float is no class number for 3 outputs


def test_nan_and_infinity_in_X_are_rejected():
    X, y, _, _ = iris_paper()
    for v in (float("nan"), float("inf"), "1.5", None):
        bad = [list(r) for r in X]
        bad[7][2] = v
        _rejects(_net_4_3_2_1(), bad, y, ["X[7][2]"])
    bad_y = [[0.5]] * 79 + [[float("nan")]]
    _rejects(Sequential([Dense(1, "linear", input_dim=4)]), X, bad_y, ["y[79]"], loss="mse")


def test_learning_rate_must_be_positive():
    X, y, _, _ = iris_paper()
    for lr in (0, 0.0, -0.1, float("nan"), float("inf"), "0.1"):
        _rejects(_net_4_3_2_1(), X, y, ["lr"], lr=lr)


def test_lengths_of_X_and_y_must_match():
    X, y, _, _ = iris_paper()
    _rejects(_net_4_3_2_1(), X, y[:-1], ["80 rows", "79 labels"])
    _rejects(_net_4_3_2_1(), X, 1, ["y"])


def test_other_arguments_are_checked_before_training():
    X, y, X_test, y_test = iris_paper()
    _rejects(_net_4_3_2_1(), X, y, ["epochs"], epochs=-1)
    _rejects(_net_4_3_2_1(), X, y, ["epochs"], epochs=2.5)
    _rejects(_net_4_3_2_1(), X, y, ["batch_size"], batch_size=0)
    _rejects(_net_4_3_2_1(), X, y, ["hinge"], loss="hinge")
    _rejects(_net_4_3_2_1(), X, y, ["rmsprop"], optimizer="rmsprop")
    _rejects(_net_4_3_2_1(), X, y, ["callback"], callback=5)
    _rejects(_net_4_3_2_1(), X, y, ["validation_data"], validation_data=X_test)
    _rejects(_net_4_3_2_1(), X, y, ["X_val", "20 rows", "19 labels"], validation_data=(X_test, y_test[1:]))
    _rejects(_net_4_3_2_1(), X, y, ["y_val[0]"], validation_data=(X_test, [5] + y_test[1:]))
    _rejects(_net_4_3_2_1(), X, y, ["categorical_crossentropy", "2 or more"], loss="categorical_crossentropy")


def test_zero_epochs_changes_nothing():
    X, y, _, _ = iris_paper()
    model = _net_4_3_2_1()
    before = _weights(model)
    assert model.fit(X, y, epochs=0) == {"loss": [], "accuracy": []}
    assert _weights(model) == before


# --- memory (measured on MicroPython; the Pico has ~190 KB of heap) --------------------------
# Counted as bytes allocated with the collector off, so the figures are exact and the same on
# the Pico and in WebAssembly (whose MicroPython collects only between calls from JavaScript).

def test_training_state_and_garbage_per_sample_are_small():
    if not MICROPYTHON:
        return  # gc.mem_alloc exists only on MicroPython
    import gc
    from anne import optimizers
    X, y, _, _ = iris_paper()
    # The paper's 4-2-3-2-1 network, trained from scratch.
    model = Sequential([Dense(2, "relu", input_dim=4), Dense(3, "tanh"), Dense(2, "softmax"),
                        Dense(1, "sigmoid")], seed=0)
    model.fit(X[:2], y[:2])  # imports anne.train and optimizers: code is not what we measure
    gc.collect()
    gc.disable()
    try:
        # What fit() holds while it trains: the workspace, Adam's two moments, targets, row order.
        start = gc.mem_alloc()
        ws = train.Workspace(model, "binary_crossentropy")
        opt = optimizers.get("adam")
        opt.build(ws.params)
        targets = train._targets(y, 1)
        order = list(range(len(X)))
        held = gc.mem_alloc() - start
        # What one training sample allocates and drops (floats are heap objects on MicroPython).
        per_sample = {}
        for name in ("sgd", "adam"):
            start = gc.mem_alloc()
            model.fit(X[:20], y[:20], epochs=0, optimizer=name)
            setup = gc.mem_alloc() - start
            start = gc.mem_alloc()
            model.fit(X[:20], y[:20], epochs=1, lr=0.01, batch_size=1, optimizer=name)
            per_sample[name] = (gc.mem_alloc() - start - setup) // 20
    finally:
        gc.enable()
    print("training holds %d bytes; one sample makes %d bytes of garbage with sgd, %d with adam"
          % (held, per_sample["sgd"], per_sample["adam"]))
    assert ws and targets and order
    assert held < 10 * 1024, held
    assert per_sample["sgd"] < 6 * 1024 and per_sample["adam"] < 12 * 1024, per_sample
