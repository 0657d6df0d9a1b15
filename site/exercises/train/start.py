# Train your own network for the paper's task: versicolor (class 0) or virginica (class 1)
# from 4 standardised measurements. 80 flowers to learn from, the paper's 20 to test on.
# Goal: at least 90 % of the 20 test flowers right, with at most 6 neurons (like net six).
# model.fit(...) changes the weights step by step; history has the loss of every epoch.
from anne import Dense, Sequential, datasets

X_train, y_train, X_test, y_test = datasets.iris_paper()

model = Sequential([
    Dense(4, "relu", input_dim=4),
    Dense(1, "sigmoid"),
], seed=1)

history = model.fit(X_train, y_train, epochs=1, lr=0.001, batch_size=8, seed=0)
