# Net "six" from the AI-ANNE course: 4 inputs -> 3 relu -> 2 relu -> 1 relu, six neurons,
# 95 % of the paper's 20 test flowers right.
#
# The weights below are written the way the paper's printed dense() reads them:
# w[i] holds the weights of neuron i (one row per neuron). anne's Dense, like Keras and
# like Tab. 2, wants the kernel the other way round: one row per input, one column per unit.
from anne import Dense, Sequential


# Tab. A of the paper (Mathematical Basics - IV).
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


# One row per neuron (the printed code's layout).
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
