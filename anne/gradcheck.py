# Gradient check: are backpropagation's gradients right? Measure each one instead.
#
# Nudge one weight w by +h and by -h, run the network forward each time, and the slope of
# the loss is about (L(w + h) - L(w - h)) / 2h, a central difference. Its error grows with h^2
# times the loss's curvature, which is large where a crossentropy output nears 0 or 1, so we
# combine it with the same difference over 2h, whose error is 4 times as large, and the h^2
# terms cancel (Richardson): slope = (8 (L(w+h) - L(w-h)) - (L(w+2h) - L(w-2h))) / 12h.
# Backprop gets every gradient from one backward pass; this needs four forward passes per
# weight, so it is for checking, not for training. It needs double precision (CPython, the
# browser): in the Pico's float32 the rounding of L swamps the tiny differences.
from . import losses
from .train import _check_data, _loss_for, _targets, gradients


def loss_value(model, x, y, loss=None):
    """The loss of one sample x with label y (the loss as in fit)."""
    loss = _loss_for(model, loss)
    target = _targets([y], model.n_outputs)[0][0]
    return losses.get(loss)[0](target, model.forward(x))


def numeric_gradients(model, x, y, loss=None, h=1e-4):
    """dL/dkernel and dL/dbias by central differences: one dict per layer, like gradients().

    Each weight is put back exactly as it was, so the model is unchanged afterwards.
    """
    loss = _check_data(model, [x], [y], _loss_for(model, loss))
    result = []
    for layer in model.layers:
        rows = [_slopes(model, x, y, loss, row, h) for row in layer.kernel]
        result.append({"kernel": rows, "bias": _slopes(model, x, y, loss, layer.bias, h)})
    return result


def _slopes(model, x, y, loss, row, h):
    out = []
    for j in range(len(row)):
        w = row[j]
        near = _at(model, x, y, loss, row, j, w + h) - _at(model, x, y, loss, row, j, w - h)
        far = _at(model, x, y, loss, row, j, w + 2.0 * h) - _at(model, x, y, loss, row, j, w - 2.0 * h)
        row[j] = w
        out.append((8.0 * near - far) / (12.0 * h))
    return out


def _at(model, x, y, loss, row, j, w):
    # The loss with one weight set to w.
    row[j] = w
    return loss_value(model, x, y, loss)


def relative_error(a, b, floor=1e-4):
    """|a - b| / max(|a|, |b|, floor).

    Gradients smaller than `floor` are compared absolutely: the rounding of L alone, about
    1e-16 * L / h, is ~1e-12 there, far more than 1e-6 of a gradient near 0.
    """
    scale = max(abs(a), abs(b), floor)
    return abs(a - b) / scale


def check(model, x, y, loss=None, h=1e-4):
    """The worst relative error between backprop and finite differences over every weight.

    Below ~1e-6 (in double precision) the backward pass is right; a wrong derivative shows
    as an error near 1.
    """
    analytic = gradients(model, x, y, loss)
    numeric = numeric_gradients(model, x, y, loss, h)
    worst = 0.0
    for k in range(len(analytic)):
        a_rows = analytic[k]["kernel"] + [analytic[k]["bias"]]
        n_rows = numeric[k]["kernel"] + [numeric[k]["bias"]]
        for r in range(len(a_rows)):
            for j in range(len(a_rows[r])):
                worst = max(worst, relative_error(a_rows[r][j], n_rows[r][j]))
    return worst
