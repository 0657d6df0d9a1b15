# "my_relu" and "my_leaky_relu" as registered with anne (alpha = 0.01, the paper's slope):
# their values and slopes on 101 points, checked through anne's own Activation objects,
# and the net's first layer using leaky ReLU.
ALPHA = 0.01


def relu(x):
    return [v if v > 0 else 0.0 for v in x]


def relu_slope(x):
    return [1.0 if v > 0 else 0.0 for v in x]


def leaky(x):
    return [v if v >= 0 else ALPHA * v for v in x]


def leaky_slope(x):
    return [1.0 if v > 0 else ALPHA for v in x]


def check(ns, r):
    from anne import activations

    points = [[-5 + 0.1 * i for i in range(101) if i != 50], [-1000.0, 1000.0, -0.001, 0.001]]
    for name, f, d in (("my_relu", relu, relu_slope), ("my_leaky_relu", leaky, leaky_slope)):
        try:
            act = activations.get(name)
        except ValueError:
            return r.fail("There is no activation '%s': register it with activations.register('%s', fn, slope).",
                          "Es gibt keine Aktivierung '%s': registriere sie mit activations.register('%s', fn, slope).",
                          (name, name))
        if name == "my_leaky_relu":
            ok, got = r.call(act.f, name, [-2.0])
            if ok and close_list(got, [0.0]):
                return r.fail("'my_leaky_relu' gives 0 for z = -2, like relu: leaky ReLU lets %s * z through."
                              " Which function did you register under that name?",
                              "'my_leaky_relu' gibt 0 für z = -2, wie relu: leaky ReLU lässt %s * z durch."
                              " Welche Funktion hast du unter diesem Namen registriert?", (ALPHA,))
        if not r.list_function(act.f, name, f, points, tol=1e-12):
            return
        if act.d is None:
            return r.fail("'%s' has no slope: pass it as the third argument of register.",
                          "'%s' hat keine Steigung: gib sie als drittes Argument von register an.", (name,))
        if not r.list_function(act.d, name + " slope", d, points, tol=1e-6):
            return
    model = r.model()
    if model is None:
        return
    if model.layers[0].activation != "my_leaky_relu":
        r.fail("Layer 1 uses '%s', expected 'my_leaky_relu'.", "Schicht 1 benutzt '%s', erwartet ist 'my_leaky_relu'.",
               (model.layers[0].activation,))


def close_list(a, b):
    from checks import close
    return isinstance(a, (list, tuple)) and close(list(a), b, 1e-12)
