# ReLU und leaky ReLU aus dem Paper (Tab. B), für je einen Wert z: anne wendet eine
# registrierte Funktion auf jedes Neuron einer Schicht an. Zum Trainieren braucht jede Funktion
# auch ihre Steigung (Ableitung), die das Paper nicht abdruckt; sie stehen unten.
#
# neuron() des Papers (Tab. C) enthält
#     elif activation == "leaky_relu":
#         yp = relu([tmp[i] + b for i in range(len(tmp))])
# und die Registrierungen unten machen es genauso. Die erste Schicht des Netzes benutzt
# "my_leaky_relu". Finde, was falsch ist, in den Funktionen und in den Registrierungen.
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
