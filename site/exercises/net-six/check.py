# Net "six": three relu layers of 3, 2 and 1 units with the course's weights, so it gives the
# outputs recomputed with numpy (shared/reference/paper-networks.md) and 95 %.
COURSE_OUTPUTS = [0, 7.962081, 0, 9.969112, 6.265024, 8.694111, 0, 3.594811, 8.518195, 7.244182,
                  6.196642, 5.965869, 7.992151, 0, 0, 0, 0.431652, 0, 3.079960, 0]


def check(ns, r):
    from anne import presets
    from checks import close, paper_data

    model = r.model()
    if model is None:
        return
    if not r.layers(model, [3, 2, 1], ["relu", "relu", "relu"]):
        return
    course = presets.six()
    for k in range(3):
        mine, theirs = model.layers[k], course.layers[k]
        if not close(mine.kernel, theirs.kernel, 1e-7):
            return r.fail("Layer %d's kernel is not the course's weights in Keras layout"
                          " (one row per input, one column per unit).",
                          "Der Kernel von Schicht %d ist nicht das Gewicht des Kurses im Keras-Format"
                          " (eine Zeile je Eingang, eine Spalte je Neuron).", (k + 1,))
        if not close(mine.bias, theirs.bias, 1e-7):
            return r.fail("Layer %d's bias differs from the course's.", "Der Bias von Schicht %d weicht vom Kurs ab.",
                          (k + 1,))
    if not r.outputs(model, paper_data()[2], [[v] for v in COURSE_OUTPUTS], tol=2e-6):
        return
    acc = r.test_accuracy(model)
    if acc is not None and acc < 0.95 - 1e-9:
        r.fail("Six neurons should reach 95 %%, yours reach %d %%.",
               "Sechs Neuronen sollten 95 %% erreichen, deine erreichen %d %%.", (int(acc * 100 + 0.5),))
