# Netz "six": 4 Eingänge -> 3 relu -> 2 relu -> 1 relu, 95 % auf den Testblumen.
# Aufgabe: gib der ersten Schicht ein viertes Neuron, und lass jede Ausgabe des Netzes gleich.
# Ein Kernel hat eine Zeile je Eingang und eine Spalte je Neuron: welche Kernel ändern ihre Form?
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
    Dense(1, "relu",
          kernel=[[1.6905344],
                  [-2.6346245]],
          bias=[0.4316521]),
])
