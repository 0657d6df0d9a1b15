# The Pico computes with single-precision floats (float32: about 7 digits, largest value
# about 3.4e38); the browser and your PC use double precision (float64: about 16 digits,
# largest about 1.8e308). Emulate the Pico here:
#   f32(v)     v rounded to float32, as the Pico stores it (inf beyond its range);
#              struct.pack("f", v) packs v into 4 bytes, struct.unpack("f", ...) reads them back.
#   exp32(v)   math.exp as the Pico computes it: the result in float32, and an error
#              (ValueError, as MicroPython raises) when that result is too big (inf).
#   tanh32(x)  a tanh for a layer's list that works on the Pico for every x (see the
#              exercise "tanh"), using exp32.
#   PICO_LIMIT the smallest whole number x >= 0 for which the paper's tanh fails on the Pico.
import math
import struct

from anne import Sequential, activations, presets

INF = float("inf")


def f32(v):
    return struct.unpack("d", struct.pack("d", v))[0]


def exp32(v):
    return f32(math.exp(v))


# The paper's tanh (Tab. B), with the Pico's exp.
def paper_tanh32(x):
    return [(exp32(v) - exp32(-v)) / (exp32(v) + exp32(-v)) for v in x]


def tanh32(x):
    return paper_tanh32(x)


# In double precision the paper's tanh works up to x = 709 and fails from 710 on.
PICO_LIMIT = 710

activations.register("tanh32", tanh32, elementwise=False)
net = presets.eight().to_dict()
net["layers"][1]["activation"] = "tanh32"
model = Sequential.from_dict(net)
