# The timing loop of bench/forward.py; runs unchanged on CPython and MicroPython.
import sys

sys.path.insert(0, "bench")
import paper_baseline  # noqa: E402
from anne import datasets, presets  # noqa: E402
from clock import ticks_diff, ticks_us  # noqa: E402  bench/clock.py


def best_of(fns, repeats, rounds=21):
    """Best time per call of each function, in microseconds; rounds alternate between the
    functions so that a busy machine slows them alike."""
    best = [None] * len(fns)
    for _ in range(rounds):
        for k in range(len(fns)):
            t0 = ticks_us()
            for _ in range(repeats):
                fns[k]()
            dt = ticks_diff(ticks_us(), t0) / repeats
            best[k] = dt if best[k] is None or dt < best[k] else best[k]
    return best


def measure(repeats=100):
    _, _, X_test, _ = datasets.iris_paper()
    model = presets.eight()
    weights = [(layer.kernel, layer.bias) for layer in model.layers]
    ours = [o[0] for o in model.predict(X_test)]
    theirs = paper_baseline.predict_eight(X_test, weights)
    worst = max(abs(ours[i] - theirs[i]) for i in range(len(ours)))
    if worst > 1e-12:
        raise AssertionError("baseline and anne disagree by %g" % worst)
    t_anne, t_paper = best_of([lambda: model.predict(X_test),
                               lambda: paper_baseline.predict_eight(X_test, weights)], repeats)
    print("RESULT anne_us=%.1f paper_us=%.1f" % (t_anne, t_paper))
    return t_anne, t_paper
