# ReLU and leaky ReLU from the paper (Tab. B), one value z at a time: anne applies a
# registered function to every unit of a layer. Training also needs each function's slope
# (its derivative), which the paper does not print; they are written below.
#
# The paper's neuron() (Tab. C) has
#     elif activation == "leaky_relu":
#         yp = relu([tmp[i] + b for i in range(len(tmp))])
# and the registrations below copy what it does. The first layer of the net uses
# "my_leaky_relu". Find what is wrong, in the functions and in the registrations.
from anne import Dense, Sequential, activations


def relu(z):
    if z >= 0:
        return z
    return 0.0


def relu_slope(z):
    return 1.0 if z > 0 else 0.0


def leaky_relu(z, alpha=0.01):
    if z >= 0:
        return z
    return alpha * z


def leaky_relu_slope(z, alpha=0.01):
    return 1.0 if z > 0 else 0.0


activations.register("my_relu", relu, relu_slope)
activations.register("my_leaky_relu", relu, relu_slope)

model = Sequential([
    Dense(3, "my_leaky_relu", input_dim=4),
    Dense(1, "sigmoid"),
], seed=1)
