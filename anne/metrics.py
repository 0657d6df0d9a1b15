# How good are the predictions? A prediction is a class number or a network's output list.


def classes(outputs):
    """Output lists -> class numbers: one output is class 1 when > 0.5 (the paper's rule), else argmax."""
    result = []
    for out in outputs:
        if isinstance(out, (int, float)):
            result.append(int(out))
        elif len(out) == 1:
            result.append(1 if out[0] > 0.5 else 0)
        else:
            best = 0
            for k in range(1, len(out)):
                if out[k] > out[best]:
                    best = k
            result.append(best)
    return result


def _check_lengths(y_true, y_pred):
    if len(y_true) != len(y_pred):
        raise ValueError("y_true has %d labels but y_pred has %d" % (len(y_true), len(y_pred)))
    if not y_true:
        raise ValueError("no labels to compare")


def accuracy(y_true, y_pred):
    """The fraction of rows whose predicted class is the true class."""
    _check_lengths(y_true, y_pred)
    pred = classes(y_pred)
    right = 0
    for i in range(len(pred)):
        if pred[i] == y_true[i]:
            right += 1
    return right / len(pred)


def confusion_matrix(y_true, y_pred, n_classes=None):
    """m[t][p] = how many rows of true class t were predicted as class p."""
    _check_lengths(y_true, y_pred)
    pred = classes(y_pred)
    if n_classes is None:
        n_classes = max(max(y_true), max(pred)) + 1
        if n_classes < 2:
            n_classes = 2
    m = [[0] * n_classes for _ in range(n_classes)]
    for i in range(len(pred)):
        t, p = y_true[i], pred[i]
        if not (0 <= t < n_classes and 0 <= p < n_classes):
            raise ValueError("row %d: class %d or %d is outside 0..%d" % (i, t, p, n_classes - 1))
        m[t][p] += 1
    return m
