# Feature scaling.
from math import sqrt

from .layers import _is_number


def _numbers(name, values, positive=False):
    # The values of a known scaling as floats; an error names the first bad one.
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("%s is %r, expected a non-empty list of numbers" % (name, values))
    for j, v in enumerate(values):
        if not _is_number(v) or (positive and v <= 0):
            raise ValueError("%s[%d] is %r, expected a %s"
                             % (name, j, v, "number > 0" if positive else "finite number"))
    return [float(v) for v in values]


class Standardizer:
    """z-score per feature: (x - mean) / std, std over the rows (ddof = 0).

    Standardizer() is fitted later (fit(X)); Standardizer(mean, std) uses known values, one per
    feature, such as those a model file carries.
    """

    def __init__(self, mean=None, std=None):
        self.mean = None
        self.std = None
        if mean is None and std is None:
            return
        # Messages name the argument alone ("std[2] is 0, ..."), so anne.io can say where it was.
        mean = _numbers("mean", mean)
        std = _numbers("std", std, positive=True)
        if len(mean) != len(std):
            raise ValueError("mean has %d values but std has %d, expected one of each per feature"
                             % (len(mean), len(std)))
        self.mean = mean
        self.std = std

    def fit(self, X):
        if not X:
            raise ValueError("Standardizer.fit: no rows")
        n = len(X)
        d = len(X[0])
        mean = [0.0] * d
        for row in X:
            if len(row) != d:
                raise ValueError("Standardizer.fit: rows have %d and %d values" % (d, len(row)))
            for j in range(d):
                mean[j] += row[j]
        mean = [m / n for m in mean]
        var = [0.0] * d
        for row in X:
            for j in range(d):
                diff = row[j] - mean[j]
                var[j] += diff * diff
        # A constant feature keeps std 1, so it maps to 0 instead of dividing by zero.
        self.std = [sqrt(v / n) or 1.0 for v in var]
        self.mean = mean
        return self

    def transform(self, X):
        if self.mean is None:
            raise ValueError("Standardizer.transform: call fit first")
        d = len(self.mean)
        out = []
        for row in X:
            if len(row) != d:
                raise ValueError("Standardizer.transform: row has %d values, fitted on %d" % (len(row), d))
            out.append([(row[j] - self.mean[j]) / self.std[j] for j in range(d)])
        return out

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def to_dict(self):
        """-> {"mean": [...], "std": [...]}, as a model file's "scaling" holds them."""
        return {"mean": list(self.mean), "std": list(self.std)}

    def __repr__(self):
        if self.mean is None:
            return "Standardizer()"
        return "Standardizer(mean=%r, std=%r)" % (self.mean, self.std)
