# Netz "six" aus dem AI-ANNE-Kurs: 4 Eingänge -> 3 relu -> 2 relu -> 1 relu, sechs Neuronen,
# 95 % der 20 Testblumen des Papers richtig.
#
# Die Gewichte unten stehen so, wie die gedruckte dense()-Funktion des Papers sie liest:
# w[i] enthält die Gewichte von Neuron i (eine Zeile je Neuron). Dense in anne will, wie Keras
# und wie Tab. 2, den Kernel andersherum: eine Zeile je Eingang, eine Spalte je Neuron.
from anne import Dense, Sequential


# Tab. A des Papers (Mathematical Basics - IV).
def transpose(M):
    if not isinstance(M[0], list):
        M = [M]
    rows = len(M)
    cols = len(M[0])
    MT = [[0.0] * rows for _ in range(cols)]
    for i in range(rows):
        for j in range(cols):
            MT[j][i] = M[i][j]
    return MT


# Eine Zeile je Neuron (das Format des gedruckten Codes).
w1 = [[0.50914556, 0.33949652, -1.4968083, -1.344156],
      [-0.18116623, -0.42303845, 1.2034143, 0.39220142],
      [-0.04498423, -0.37400272, 0.95544535, 1.2244085]]
b1 = [0.83684736, 0.5311056, 0.7652087]
w2 = [[-2.1645586, 0.43439832, 0.92036045],
      [1.3892978, -1.8758974, -1.5745732]]
b2 = [0.9615521, 0.4445824]
w3 = [[1.6905344, -2.6346245]]
b3 = [0.4316521]

model = Sequential([
    Dense(3, "relu", kernel=w1, bias=b1),
    Dense(2, "relu", kernel=w2, bias=b2),
    Dense(1, "relu", kernel=w3, bias=b3),
])
