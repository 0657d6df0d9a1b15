# Softmax over a layer's values. Two fixes to the printed version:
# - max(x[val]) used a name that does not exist there: the largest value is max(x);
# - it took e^ of the positions 0, 1, 2, ... (range(len(x))), not of the values x[i].
# Subtracting the largest value first changes nothing in the result (it cancels in the
# fraction) but keeps every exp() argument <= 0, so x = [1000, 0] does not overflow.
import math

from anne import Sequential, activations, presets


def softmax(x):
    max_x = max(x)
    exp_x = [math.exp(v - max_x) for v in x]
    sum_exp_x = sum(exp_x)
    s = [j / sum_exp_x for j in exp_x]
    return s


activations.register("my_softmax", softmax, elementwise=False)

net = presets.eight().to_dict()
net["layers"][2]["activation"] = "my_softmax"
model = Sequential.from_dict(net)
