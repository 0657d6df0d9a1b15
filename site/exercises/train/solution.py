# Train your own network for the paper's task: versicolor (class 0) or virginica (class 1).
# One epoch with a tiny learning rate hardly moves the weights; 60 epochs with lr = 0.1
# bring the loss down and 18 of the 20 test flowers right.
from anne import Dense, Sequential, datasets

X_train, y_train, X_test, y_test = datasets.iris_paper()

model = Sequential([
    Dense(4, "relu", input_dim=4),
    Dense(1, "sigmoid"),
], seed=1)

history = model.fit(X_train, y_train, epochs=60, lr=0.1, batch_size=8, seed=0)
