# Helpers for tests that run under CPython (pytest) and MicroPython alike.
import struct


def raises(exc_type, fn, *args, **kwargs):
    """Call fn and return the exc_type it raises; fail if it raises nothing."""
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        return e
    raise AssertionError("%s did not raise %s" % (getattr(fn, "__name__", fn), exc_type.__name__))


def close(a, b, tol=1e-9):
    """|a - b| <= tol * max(1, |a|, |b|), element-wise for lists."""
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b), "lengths %d != %d" % (len(a), len(b))
        return all(close(a[i], b[i], tol) for i in range(len(a)))
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


_F32_MAX = 3.4028234663852886e38
INF = float("inf")


def f32(x):
    """x rounded to the Pico's single precision (inf beyond its range, as on the board)."""
    if x != x or x in (INF, -INF):
        return x
    if abs(x) > _F32_MAX:
        return INF if x > 0 else -INF
    return struct.unpack("f", struct.pack("f", x))[0]


def forward32(model, x):
    """model.forward(x) with the Pico's arithmetic: the inputs (and the model's scaling), the
    weights and every sum and product rounded to float32, each activation's result too."""
    a = [f32(v) for v in x]
    s = getattr(model, "scaling", None)
    if s is not None:
        a = [f32(f32(a[j] - f32(s.mean[j])) / f32(s.std[j])) for j in range(len(a))]
    for layer in model.layers:
        z = [f32(b) for b in layer.bias]
        for i in range(len(a)):
            for j in range(layer.units):
                z[j] = f32(z[j] + f32(a[i] * f32(layer.kernel[i][j])))
        a = [f32(v) for v in layer.act.f(z)]
    return a


def is_finite(x):
    return x == x and x not in (INF, -INF)
