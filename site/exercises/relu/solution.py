# ReLU and leaky ReLU with their slopes, each registered under its own name.
# Fixed: "my_leaky_relu" was registered with relu (as the paper's neuron() sends
# "leaky_relu" to relu), and leaky_relu's slope for z < 0 is alpha, not 0.
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
    return 1.0 if z >= 0 else alpha


activations.register("my_relu", relu, relu_slope)
activations.register("my_leaky_relu", leaky_relu, leaky_relu_slope)

model = Sequential([
    Dense(3, "my_leaky_relu", input_dim=4),
    Dense(1, "sigmoid"),
], seed=1)
