# tanh(x) for a list x: math.tanh on 101 points, finite +-1 far out (the paper's formula
# overflows, or gives inf/inf = nan), and net "eight" using it in its second layer.
KERAS_OUTPUTS = [0.195907, 0.588282, 0.195907, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.587846, 0.588282, 0.588282, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.195907, 0.195907, 0.524571, 0.195907, 0.588181, 0.195907]


def reference(x):
    import math
    return [math.tanh(v) for v in x]


def check(ns, r):
    from checks import paper_data

    fn = r.function("tanh")
    if fn is None:
        return
    few = [[0.0], [0.5, -0.5], [1.0, 2.0, -3.0]]
    grid = [[-5 + 0.1 * i for i in range(101)]]
    far = [[20.0, -20.0], [100.0], [-100.0], [709.0, -709.0], [710.0], [-710.0], [1000.0, -1000.0], [1e300]]
    if not r.list_function(fn, "tanh", reference, few + grid, tol=1e-9):
        return
    if not r.list_function(fn, "tanh", reference, far, tol=1e-9):
        return
    model = r.model()
    if model is None:
        return
    if model.layers[1].activation != "my_tanh":
        return r.fail("Layer 2 uses '%s': register your tanh as 'my_tanh' and use it there.",
                      "Schicht 2 benutzt '%s': registriere dein tanh als 'my_tanh' und benutze es dort.",
                      (model.layers[1].activation,))
    if r.outputs(model, paper_data()[2], [[v] for v in KERAS_OUTPUTS], tol=2e-6):
        r.test_accuracy(model)
