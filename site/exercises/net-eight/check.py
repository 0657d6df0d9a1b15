# Net "eight": the structure of Tab. 3, the weights of Tab. 2, each layer's own function,
# and the outputs Keras gives (recomputed with numpy: shared/reference/paper-networks.md).
KERAS_OUTPUTS = [0.195907, 0.588282, 0.195907, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.587846, 0.588282, 0.588282, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.195907, 0.195907, 0.524571, 0.195907, 0.588181, 0.195907]
NAMES = ["sigmoid", "relu", "leaky_relu", "tanh", "softmax"]


def check(ns, r):
    from anne import presets
    from checks import close, paper_data

    model = r.model()
    if model is None:
        return
    # Units first, then the outputs (the symptom), then the names (the cause).
    if not r.layers(model, [2, 3, 2, 1]):
        return
    paper = presets.eight()
    for k in range(4):
        mine, theirs = model.layers[k], paper.layers[k]
        if not (close(mine.kernel, theirs.kernel, 1e-7) and close(mine.bias, theirs.bias, 1e-7)):
            return r.fail("Layer %d's weights differ from Tab. 2.", "Die Gewichte von Schicht %d weichen von Tab. 2 ab.",
                          (k + 1,))
    X_test = paper_data()[2]
    if not r.outputs(model, X_test, [[v] for v in KERAS_OUTPUTS], tol=2e-6):
        return
    if not r.layers(model, [2, 3, 2, 1], ["relu", "tanh", "softmax", "sigmoid"]):
        return
    table = ns.get("NEURON")
    if isinstance(table, dict):
        for name in NAMES:
            if table.get(name) != name:
                return r.fail("NEURON sends '%s' to '%s': a layer that asks for %s gets another function.",
                              "NEURON schickt '%s' an '%s': eine Schicht, die %s will, bekommt eine andere Funktion.",
                              (name, table.get(name), name))
    acc = r.test_accuracy(model)
    if acc is not None and abs(acc - 0.90) > 1e-9:
        r.fail("The paper reports 90 %%, your net reaches %d %%.", "Das Paper nennt 90 %%, dein Netz erreicht %d %%.",
               (int(acc * 100 + 0.5),))
