# softmax(x) over a layer's values: anne's softmax on many vectors, a result that depends
# on the values and not on their positions, no overflow at x = [1000, 0], and net "eight"
# using it in its third layer.
KERAS_OUTPUTS = [0.195907, 0.588282, 0.195907, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.587846, 0.588282, 0.588282, 0.588282, 0.588282, 0.588282, 0.195907,
                 0.195907, 0.195907, 0.524571, 0.195907, 0.588181, 0.195907]


def check(ns, r):
    from anne import activations
    from anne.rand import Random
    from checks import close, fmt, paper_data

    fn = r.function("softmax")
    if fn is None:
        return
    reference = activations.get("softmax").f
    # Positions matter only if the values are ignored: the same values in another order.
    ok, a = r.call(fn, "softmax", [1.0, 2.0, 3.0])
    if not ok:
        return
    ok, b = r.call(fn, "softmax", [3.0, 1.0, 2.0])
    if not ok:
        return
    if close(a, b, 1e-12):
        return r.fail("Your softmax returns %s for x = [1, 2, 3] and for x = [3, 1, 2]: it should depend on the"
                      " values of x, not on their positions.",
                      "Dein softmax gibt %s zurück für x = [1, 2, 3] und für x = [3, 1, 2]: es sollte von den"
                      " Werten in x abhängen, nicht von ihren Positionen.", (fmt(a),))
    rng = Random(7)
    vectors = [[1.0, 2.0, 3.0], [0.0, 0.0], [5.0], [-1.0, 0.5, 2.0, 3.0]]
    for n in (2, 3, 5, 10):
        for _ in range(5):
            vectors.append([rng.uniform(-6.0, 6.0) for _ in range(n)])
    if not r.list_function(fn, "softmax", reference, vectors, tol=1e-9):
        return
    far = [[1000.0, 0.0], [0.0, 1000.0], [1000.0, 1000.0], [-1000.0, 0.0], [-1000.0, -1000.0], [800.0, 790.0, -5.0]]
    if not r.list_function(fn, "softmax", reference, far, tol=1e-9):
        return
    model = r.model()
    if model is None:
        return
    if model.layers[2].activation != "my_softmax":
        return r.fail("Layer 3 uses '%s': register your softmax as 'my_softmax' and use it there.",
                      "Schicht 3 benutzt '%s': registriere dein softmax als 'my_softmax' und benutze es dort.",
                      (model.layers[2].activation,))
    if r.outputs(model, paper_data()[2], [[v] for v in KERAS_OUTPUTS], tol=2e-6):
        r.test_accuracy(model)
