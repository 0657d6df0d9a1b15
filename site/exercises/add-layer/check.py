# Net "six" with a layer of 2 relu units before its last layer and, on all 100 flowers of
# the task, the outputs of the course's net six.


def check(ns, r):
    from anne import presets
    from checks import paper_data

    model = r.model()
    if model is None:
        return
    if not r.layers(model, [3, 2, 2, 1], ["relu", "relu", "relu", "relu"]):
        return
    X_train, _, X_test, _ = paper_data()
    X = X_test + X_train
    expected = presets.six().predict(X)
    if not r.outputs(model, X, expected, tol=1e-9, test=False):
        return r.note("Flowers 1-20 are the test flowers, 21-100 the training flowers.",
                      "Die Blumen 1-20 sind die Testblumen, 21-100 die Trainingsblumen.")
    r.test_accuracy(model)
