# Softmax, wie im Paper gedruckt (Tab. B). Es soll die Werte einer Schicht in
# Wahrscheinlichkeiten verwandeln: e^(x_i) / (Summe aller e^(x_j)), jede zwischen 0 und 1, zusammen 1.
# Deine Version läuft unten in der dritten Schicht von Netz "eight". Führ es aus: startet es überhaupt?
import math

from anne import Sequential, activations, presets


def softmax(x):
    max_x = max(x[val])
    exp_x = [math.exp(val - max_x) for val in range(len(x))]
    sum_exp_x = sum(exp_x)
    s = [j / sum_exp_x for j in exp_x]
    return s


activations.register("my_softmax", softmax, elementwise=False)

net = presets.eight().to_dict()
net["layers"][2]["activation"] = "my_softmax"
model = Sequential.from_dict(net)
