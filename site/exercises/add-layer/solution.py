# Net "six" with an extra layer that changes nothing: the identity matrix passes each value
# on unchanged, and relu keeps it, because after a relu layer no value is negative.
from anne import Dense, Sequential

model = Sequential([
    Dense(3, "relu",
          kernel=[[0.50914556, -0.18116623, -0.04498423],
                  [0.33949652, -0.42303845, -0.37400272],
                  [-1.4968083, 1.2034143, 0.95544535],
                  [-1.344156, 0.39220142, 1.2244085]],
          bias=[0.83684736, 0.5311056, 0.7652087]),
    Dense(2, "relu",
          kernel=[[-2.1645586, 1.3892978],
                  [0.43439832, -1.8758974],
                  [0.92036045, -1.5745732]],
          bias=[0.9615521, 0.4445824]),
    Dense(2, "relu",
          kernel=[[1.0, 0.0],
                  [0.0, 1.0]],
          bias=[0.0, 0.0]),
    Dense(1, "relu",
          kernel=[[1.6905344],
                  [-2.6346245]],
          bias=[0.4316521]),
])
