# The paper's net "eight" (Tab. 2 and Tab. 3): 4 inputs -> 2 relu -> 3 tanh -> 2 softmax
# -> 1 sigmoid. The paper says it classifies 90 % of the 20 test flowers right.
#
# The paper's printed neuron() (Tab. C) chooses each layer's function by its name.
# NEURON below is the same choice, written as a table: name asked for -> function used.
from anne import Dense, Sequential

NEURON = {
    "sigmoid": "sigmoid",
    "relu": "relu",
    "leaky_relu": "relu",
    "tanh": "tanh",
    "softmax": "tanh",
}

# Tab. 2: kernel rows are the inputs, columns the units (Keras layout).
w1 = [[-0.75323504, -0.25906014],
      [-0.46379513, -0.5019245],
      [2.1273055, 1.7724446],
      [1.1853403, 0.88468695]]
b1 = [0.53405946, 0.32578036]
w2 = [[-1.6785783, 2.0158117, 1.2769054],
      [-1.4055765, 0.6828738, 1.5902631]]
b2 = [1.18362, -1.1555661, -1.0966455]
w3 = [[0.729278, -1.0240695],
      [-0.80972326, 1.4383037],
      [-0.90892404, 1.6760625]]
b3 = [0.10695826, 0.01635581]
w4 = [[-0.2019448],
      [1.5772797]]
b4 = [-1.2177287]

# Tab. 3: the four layers.
model = Sequential([
    Dense(2, NEURON["relu"], kernel=w1, bias=b1),
    Dense(3, NEURON["tanh"], kernel=w2, bias=b2),
    Dense(2, NEURON["softmax"], kernel=w3, bias=b3),
    Dense(1, NEURON["sigmoid"], kernel=w4, bias=b4),
])
