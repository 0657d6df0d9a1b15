# The Pico's single-precision floats, emulated in double precision.
import math
import struct

from anne import Sequential, activations, presets

INF = float("inf")
F32_MAX = 3.4028234663852886e38  # the largest float32


def f32(v):
    # struct.pack("f", v) fails (CPython) or gives inf (MicroPython) beyond the range.
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


# The paper's tanh (Tab. B), with the Pico's exp.
def paper_tanh32(x):
    return [(exp32(v) - exp32(-v)) / (exp32(v) + exp32(-v)) for v in x]


# (1 - e^-2|v|) / (1 + e^-2|v|) needs exp only of numbers <= 0.
def tanh32(x):
    t = []
    for v in x:
        e = exp32(-2 * abs(v))
        y = f32((1 - e) / (1 + e))
        t.append(y if v >= 0 else -y)
    return t


# exp32(88) = 1.65e38 still fits, exp32(89) = 4.5e38 does not.
PICO_LIMIT = 89

activations.register("tanh32", tanh32, elementwise=False)
net = presets.eight().to_dict()
net["layers"][1]["activation"] = "tanh32"
model = Sequential.from_dict(net)
