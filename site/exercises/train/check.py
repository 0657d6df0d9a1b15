# A network trained by model.fit in the student's code: at most 6 neurons, a falling loss,
# and at least 90 % of the paper's 20 test flowers right.
MAX_NEURONS = 6


def check(ns, r):
    from checks import fmt

    model = r.model()
    if model is None:
        return
    neurons = 0
    for layer in model.layers:
        neurons += layer.units
    if neurons > MAX_NEURONS:
        return r.fail("Your net has %d neurons: use at most %d, as few as net six.",
                      "Dein Netz hat %d Neuronen: nimm höchstens %d, so wenige wie Netz six.", (neurons, MAX_NEURONS))
    if model.layers[-1].units != 1:
        return r.fail("The last layer has %d units: the paper's task needs one output (> 0.5 means virginica).",
                      "Die letzte Schicht hat %d Neuronen: die Aufgabe des Papers braucht eine Ausgabe"
                      " (> 0.5 heißt virginica).", (model.layers[-1].units,))
    history = ns.get("history")
    losses = history.get("loss") if isinstance(history, dict) else None
    if not isinstance(losses, list) or not losses:
        return r.fail("Keep what fit returns: history = model.fit(X_train, y_train, ...).",
                      "Behalte, was fit zurückgibt: history = model.fit(X_train, y_train, ...).")
    r.note("Training: %d epochs, loss %s -> %s.", "Training: %d Epochen, Verlust %s -> %s.",
           (len(losses), fmt(losses[0]), fmt(losses[-1])))
    acc = r.test_accuracy(model)
    if acc is None:
        return
    if acc < 0.9 - 1e-9:
        r.fail("%d %% of the test flowers right: train until at least 90 %%. More epochs? A larger lr?",
               "%d %% der Testblumen richtig: trainiere, bis es mindestens 90 %% sind. Mehr Epochen? Eine größere lr?",
               (int(acc * 100 + 0.5),))
