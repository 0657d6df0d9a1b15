# Sigmoid that never overflows: 1/(1+e^-v) needs e^-v, which is too big for a float when v
# is very negative (math.exp(1000) fails). For v < 0 the same value is e^v/(1+e^v), and
# e^v of a negative v is small. So each branch only ever computes exp of a number <= 0.
import math

from anne import Sequential, activations, presets


def sigmoid(x):
    z = []
    for v in x:
        if v >= 0:
            z.append(1 / (1 + math.exp(-v)))
        else:
            e = math.exp(v)
            z.append(e / (1 + e))
    return z


activations.register("my_sigmoid", sigmoid, elementwise=False)

net = presets.eight().to_dict()
net["layers"][3]["activation"] = "my_sigmoid"
model = Sequential.from_dict(net)
