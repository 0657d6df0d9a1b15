# float32 on the Pico: f32 rounds like struct's "f" format (inf beyond its range), exp32
# fails where the Pico's math.exp does, tanh32 is finite for every x with that exp32, and
# PICO_LIMIT is where the paper's tanh first fails in single precision (89; 710 in double).
import math
import struct

INF = float("inf")
F32_MAX = 3.4028234663852886e38


def f32(v):
    if v != v or v in (INF, -INF):
        return v
    if abs(v) > F32_MAX:
        return INF if v > 0 else -INF
    return struct.unpack("f", struct.pack("f", v))[0]


def exp32(v):
    y = f32(math.exp(v)) if v < 710 else INF
    if y == INF:
        raise ValueError("math domain error")
    return y


def paper_tanh_fails(v):
    try:
        t = (exp32(v) - exp32(-v)) / (exp32(v) + exp32(-v))
    except (ValueError, OverflowError, ZeroDivisionError):
        return True
    return t != t


def reference_tanh(x):
    return [math.tanh(v) for v in x]


def check(ns, r):
    from checks import fmt

    fn = r.function("f32")
    if fn is None:
        return
    for v in (0.1, 1.0 / 3.0, 16777217.0, -2.5, 1e-30, 3.0e38, 1e39, -1e39, 1e300):
        ok, got = r.call(fn, "f32", v)
        if not ok:
            return
        want = f32(v)
        if got != want:
            return r.fail("Your f32(%r) returns %r, expected %r (the nearest float32).",
                          "Dein f32(%r) gibt %r zurück, erwartet ist %r (der nächste float32).", (v, got, want))
    fn = r.function("exp32")
    if fn is None:
        return
    for v in (0.0, 1.0, -1.0, 10.5, 88.0, -88.0, -100.0):
        ok, got = r.call(fn, "exp32", v)
        if not ok:
            return
        if got != exp32(v):
            return r.fail("Your exp32(%s) returns %r, expected %r.", "Dein exp32(%s) gibt %r zurück, erwartet ist %r.",
                          (fmt(v), got, exp32(v)))
    for v in (89.0, 100.0, 1000.0):
        try:
            got = fn(v)
        except (ValueError, OverflowError):
            continue
        return r.fail("Your exp32(%s) returns %s: on the Pico, math.exp(%s) fails (ValueError), because the result"
                      " is larger than the largest float32, about 3.4e38.",
                      "Dein exp32(%s) gibt %s zurück: auf dem Pico schlägt math.exp(%s) fehl (ValueError), weil das"
                      " Ergebnis größer als der größte float32 ist, etwa 3,4e38.", (fmt(v), fmt(got), fmt(v)))
    fn = r.function("tanh32")
    if fn is None:
        return
    # tanh32 runs with the reference exp32, whatever the student's own does.
    ns["exp32"] = exp32
    grid = [[-5 + 0.1 * i for i in range(101)]]
    far = [[50.0, -50.0], [88.0], [89.0], [-89.0], [100.0, -100.0], [1000.0], [-1e30]]
    if not r.list_function(fn, "tanh32", reference_tanh, grid + far, tol=1e-6):
        return
    limit = 0
    while not paper_tanh_fails(float(limit)):
        limit += 1
    got = ns.get("PICO_LIMIT")
    if got != limit:
        hint_en = hint_de = ""
        if got == 710:
            hint_en = " 710 is the limit in double precision."
            hint_de = " 710 ist die Grenze bei doppelter Genauigkeit."
        return r.fail("PICO_LIMIT is %s, but the paper's tanh with exp32 already fails at another whole x.%s"
                      " Try paper_tanh32([x]) for x = 80, 81, ...",
                      "PICO_LIMIT ist %s, aber das tanh des Papers mit exp32 schlägt schon bei einem anderen ganzen x"
                      " fehl.%s Probiere paper_tanh32([x]) für x = 80, 81, ...", (fmt(got), hint_en if r.lang == "en"
                                                                                    else hint_de))
    r.note("The paper's tanh fails on the Pico from x = %d on (in double precision: from 710 on).",
           "Das tanh des Papers schlägt auf dem Pico ab x = %d fehl (bei doppelter Genauigkeit: ab 710).", (limit,))
