# The two networks of the AI-ANNE paper, with the weights trained in Keras.
from .layers import Dense
from .model import Sequential


def eight():
    """4 -> 2 relu -> 3 tanh -> 2 softmax -> 1 sigmoid: 90 % on the paper's test rows (Tab. 2, 3)."""
    return Sequential([
        Dense(2, "relu",
              kernel=[[-0.75323504, -0.25906014],
                      [-0.46379513, -0.5019245],
                      [2.1273055, 1.7724446],
                      [1.1853403, 0.88468695]],
              bias=[0.53405946, 0.32578036]),
        Dense(3, "tanh",
              kernel=[[-1.6785783, 2.0158117, 1.2769054],
                      [-1.4055765, 0.6828738, 1.5902631]],
              bias=[1.18362, -1.1555661, -1.0966455]),
        Dense(2, "softmax",
              kernel=[[0.729278, -1.0240695],
                      [-0.80972326, 1.4383037],
                      [-0.90892404, 1.6760625]],
              bias=[0.10695826, 0.01635581]),
        Dense(1, "sigmoid",
              kernel=[[-0.2019448],
                      [1.5772797]],
              bias=[-1.2177287]),
    ])


def six():
    """4 -> 3 relu -> 2 relu -> 1 relu: 95 % on the paper's test rows (the course's weights)."""
    return Sequential([
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
        Dense(1, "relu",
              kernel=[[1.6905344],
                      [-2.6346245]],
              bias=[0.4316521]),
    ])


PRESETS = {"eight": eight, "six": six}


def get(name):
    fn = PRESETS.get(name)
    if fn is None:
        raise ValueError("unknown preset '%s'; known: %s" % (name, ", ".join(sorted(PRESETS))))
    return fn()
