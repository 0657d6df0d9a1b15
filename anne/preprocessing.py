# Feature scaling.
from math import sqrt


class Standardizer:
    """z-score per feature: (x - mean) / std, std over the rows (ddof = 0)."""

    def __init__(self):
        self.mean = None
        self.std = None

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
