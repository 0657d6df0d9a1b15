# Der Pico rechnet mit einfach genauen floats (float32: etwa 7 Stellen, größter Wert
# etwa 3,4e38); der Browser und dein PC rechnen doppelt genau (float64: etwa 16 Stellen,
# größter Wert etwa 1,8e308). Bilde hier den Pico nach:
#   f32(v)     v auf float32 gerundet, wie der Pico es speichert (inf außerhalb des Bereichs);
#              struct.pack("f", v) packt v in 4 Bytes, struct.unpack("f", ...) liest sie zurück.
#   exp32(v)   math.exp, wie der Pico es rechnet: das Ergebnis als float32, und ein Fehler
#              (ValueError, wie MicroPython ihn auslöst), wenn das Ergebnis zu groß ist (inf).
#   tanh32(x)  ein tanh für die Liste einer Schicht, das auf dem Pico für jedes x funktioniert
#              (siehe die Aufgabe "tanh"), mit exp32.
#   PICO_LIMIT die kleinste ganze Zahl x >= 0, bei der das tanh des Papers auf dem Pico versagt.
import math
import struct

from anne import Sequential, activations, presets

INF = float("inf")


def f32(v):
    return struct.unpack("d", struct.pack("d", v))[0]


def exp32(v):
    return f32(math.exp(v))


# Das tanh des Papers (Tab. B), mit dem exp des Pico.
def paper_tanh32(x):
    return [(exp32(v) - exp32(-v)) / (exp32(v) + exp32(-v)) for v in x]


def tanh32(x):
    return paper_tanh32(x)


# Doppelt genau funktioniert das tanh des Papers bis x = 709 und versagt ab 710.
PICO_LIMIT = 710

activations.register("tanh32", tanh32, elementwise=False)
net = presets.eight().to_dict()
net["layers"][1]["activation"] = "tanh32"
model = Sequential.from_dict(net)
