# Das Netz "eight" des Papers (Tab. 2 und Tab. 3): 4 Eingänge -> 2 relu -> 3 tanh -> 2 softmax
# -> 1 sigmoid. Laut Paper ordnet es 90 % der 20 Testblumen richtig ein.
#
# Die gedruckte neuron()-Funktion des Papers (Tab. C) wählt die Funktion jeder Schicht nach ihrem Namen.
# NEURON unten ist dieselbe Wahl als Tabelle: verlangter Name -> benutzte Funktion.
from anne import Dense, Sequential

NEURON = {
    "sigmoid": "sigmoid",
    "relu": "relu",
    "leaky_relu": "relu",
    "tanh": "tanh",
    "softmax": "tanh",
}

# Tab. 2: die Zeilen des Kernels sind die Eingänge, die Spalten die Neuronen (Keras-Format).
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

# Tab. 3: die vier Schichten.
model = Sequential([
    Dense(2, NEURON["relu"], kernel=w1, bias=b1),
    Dense(3, NEURON["tanh"], kernel=w2, bias=b2),
    Dense(2, NEURON["softmax"], kernel=w3, bias=b3),
    Dense(1, NEURON["sigmoid"], kernel=w4, bias=b4),
])
