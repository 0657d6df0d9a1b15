# Sigmoid, wie im Paper gedruckt (Tab. B): es nimmt die Liste der Werte einer Schicht und gibt
# eine Liste zurück. Deine Version sitzt unten in der Ausgabeschicht von Netz "eight", das Bild
# zeigt also, was sie tut. Die Prüfung probiert auch Werte, die das Netz nie sieht, etwa x = -1000.
import math

from anne import Sequential, activations, presets


def sigmoid(x):
    z = [1 / (1 + math.exp(-x[val])) for val in range(len(x))]
    return z


# elementwise=False: die Funktion bekommt die ganze Liste, wie im Paper.
activations.register("my_sigmoid", sigmoid, elementwise=False)

net = presets.eight().to_dict()
net["layers"][3]["activation"] = "my_sigmoid"
model = Sequential.from_dict(net)
