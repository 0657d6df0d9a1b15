# Net "six" with a fourth neuron in its first layer, and the same outputs: the new neuron
# gets a column in layer 1's kernel (any weights: here it adds up the four inputs) and a
# row of zeros in layer 2's kernel, so layer 2 multiplies its output by 0 and ignores it.
from anne import Dense, Sequential

model = Sequential([
    Dense(4, "relu",
          kernel=[[0.50914556, -0.18116623, -0.04498423, 1.0],
                  [0.33949652, -0.42303845, -0.37400272, 1.0],
                  [-1.4968083, 1.2034143, 0.95544535, 1.0],
                  [-1.344156, 0.39220142, 1.2244085, 1.0]],
          bias=[0.83684736, 0.5311056, 0.7652087, 0.0]),
    Dense(2, "relu",
          kernel=[[-2.1645586, 1.3892978],
                  [0.43439832, -1.8758974],
                  [0.92036045, -1.5745732],
                  [0.0, 0.0]],
          bias=[0.9615521, 0.4445824]),
    Dense(1, "relu",
          kernel=[[1.6905344],
                  [-2.6346245]],
          bias=[0.4316521]),
])
