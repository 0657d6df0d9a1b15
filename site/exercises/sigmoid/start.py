# Sigmoid, as printed in the paper (Tab. B): it takes a layer's list of values and returns
# a list. Your version goes into the output layer of net "eight" below, so the picture shows
# what it does. The check also tries values the net never sees, like x = -1000.
import math

from anne import Sequential, activations, presets


def sigmoid(x):
    z = [1 / (1 + math.exp(-x[val])) for val in range(len(x))]
    return z


# elementwise=False: the function gets the whole list, as in the paper.
activations.register("my_sigmoid", sigmoid, elementwise=False)

net = presets.eight().to_dict()
net["layers"][3]["activation"] = "my_sigmoid"
model = Sequential.from_dict(net)
