# sigmoid(x) for a list x: the values of anne's sigmoid (Keras semantics) on 101 points,
# finite results far out (the paper's version overflows there), and net "eight" using it.
KERAS_OUTPUTS = [0.195907, 0.588282, 0.195907, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.587846, 0.588282, 0.588282, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.195907, 0.195907, 0.524571, 0.195907, 0.588181, 0.195907]


def check(ns, r):
    from anne import activations
    from checks import paper_data

    fn = r.function("sigmoid")
    if fn is None:
        return
    reference = activations.get("sigmoid").f
    grid = [[-10 + 0.2 * i for i in range(101)]]
    few = [[0.0], [1.0, -1.0], [2.5, -3.5, 0.25]]
    far = [[-1000.0], [1000.0], [-745.0, 745.0], [-710.0, 710.0, -709.0], [-1e300, 1e300]]
    if not r.list_function(fn, "sigmoid", reference, few + grid, tol=1e-9):
        return
    if not r.list_function(fn, "sigmoid", reference, far, tol=1e-9):
        return
    model = r.model()
    if model is None:
        return
    if model.layers[-1].activation != "my_sigmoid":
        return r.fail("The output layer uses '%s': register your sigmoid as 'my_sigmoid' and use it there.",
                      "Die Ausgabeschicht benutzt '%s': registriere dein sigmoid als 'my_sigmoid' und benutze es dort.",
                      (model.layers[-1].activation,))
    if r.outputs(model, paper_data()[2], [[v] for v in KERAS_OUTPUTS], tol=2e-6):
        r.test_accuracy(model)
