# Tanh, wie im Paper gedruckt (Tab. B): (e^x - e^-x) / (e^x + e^-x) für jeden Wert der Liste
# einer Schicht. Deine Version läuft unten in der zweiten Schicht von Netz "eight". Die Prüfung
# probiert auch große Werte wie x = 1000: was liefert math.exp(1000)?
import math

from anne import Sequential, activations, presets


def tanh(x):
    t = [(math.exp(x[val]) - math.exp(-x[val])) / (math.exp(x[val])
         + math.exp(-x[val])) for val in range(len(x))]
    return t


activations.register("my_tanh", tanh, elementwise=False)

net = presets.eight().to_dict()
net["layers"][1]["activation"] = "my_tanh"
model = Sequential.from_dict(net)
