# Trainiere dein eigenes Netz für die Aufgabe des Papers: versicolor (Klasse 0) oder virginica
# (Klasse 1) aus 4 standardisierten Messwerten. 80 Blumen zum Lernen, die 20 des Papers zum Testen.
# Ziel: mindestens 90 % der 20 Testblumen richtig, mit höchstens 6 Neuronen (wie Netz six).
# model.fit(...) ändert die Gewichte Schritt für Schritt; history hat den Verlust jeder Epoche.
from anne import Dense, Sequential, datasets

X_train, y_train, X_test, y_test = datasets.iris_paper()

model = Sequential([
    Dense(4, "relu", input_dim=4),
    Dense(1, "sigmoid"),
], seed=1)

history = model.fit(X_train, y_train, epochs=1, lr=0.001, batch_size=8, seed=0)
