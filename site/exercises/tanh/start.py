# Tanh, as printed in the paper (Tab. B): (e^x - e^-x) / (e^x + e^-x) for each value of a
# layer's list. Your version runs in the second layer of net "eight" below. The check also
# tries large values such as x = 1000: what does math.exp(1000) give?
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
