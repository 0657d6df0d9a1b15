# BASELINE FOR BENCHMARKS ONLY - not part of anne.
# The AI-ANNE paper's appendix code (Tab. A, B, C), kept faithful in structure (one neuron at
# a time over all samples, lists rebuilt by zeros/transpose/add_dim) with its defects fixed so
# that it computes the same network as anne:
#   - neuron() maps "leaky_relu" and "softmax" to the right functions (the paper: relu, tanh);
#   - softmax subtracts the max of the values and exponentiates the values, not the indices;
#   - a softmax layer is normalised over its units per sample, not per neuron across samples;
#   - weights are given in Keras layout and transposed here, as the paper's dense() needs.
import math


def zero_dim(x):
    return [0 for i in range(len(x))]


def add_dim(x, y):
    return [x[i] + y[i] for i in range(len(x))]


def zeros(rows, cols):
    M = []
    while len(M) < rows:
        M.append([])
        while len(M[-1]) < cols:
            M[-1].append(0.0)
    return M


def transpose(M):
    if not isinstance(M[0], list):
        M = [M]
    rows = len(M)
    cols = len(M[0])
    MT = zeros(cols, rows)
    for i in range(rows):
        for j in range(cols):
            MT[j][i] = M[i][j]
    return MT


def sigmoid(x):
    return [1 / (1 + math.exp(-x[val])) for val in range(len(x))]


def relu(x):
    y = []
    for i in range(len(x)):
        if x[i] >= 0:
            y.append(x[i])
        else:
            y.append(0)
    return y


def leaky_relu(x, alpha=0.01):
    p = []
    for i in range(len(x)):
        if x[i] >= 0:
            p.append(x[i])
        else:
            p.append(alpha * x[i])
    return p


def tanh(x):
    return [(math.exp(x[val]) - math.exp(-x[val])) / (math.exp(x[val]) + math.exp(-x[val]))
            for val in range(len(x))]


def softmax(x):
    max_x = max(x)
    exp_x = [math.exp(v - max_x) for v in x]
    sum_exp_x = sum(exp_x)
    return [j / sum_exp_x for j in exp_x]


def neuron(x, w, b, activation):
    tmp = zero_dim(x[0])
    for i in range(len(x)):
        tmp = add_dim(tmp, [(float(w[i]) * float(x[i][j])) for j in range(len(x[0]))])
    z = [tmp[i] + b for i in range(len(tmp))]
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "relu":
        return relu(z)
    if activation == "leaky_relu":
        return leaky_relu(z)
    if activation == "tanh":
        return tanh(z)
    if activation in ("softmax", "linear"):
        return z  # softmax needs the whole layer: dense() applies it
    raise ValueError("Function unknown!")


def dense(nunit, x, w, b, activation):
    wt = transpose(w)  # Keras layout (inputs x units) -> one row of weights per neuron
    res = []
    for i in range(nunit):
        res.append(neuron(x, wt[i], b[i], activation))
    if activation == "softmax":
        per_sample = [softmax(col) for col in transpose(res)]
        res = transpose(per_sample)
    return res


def predict_eight(X, weights):
    """weights: [(kernel, bias), ...] of net eight; X: rows -> one output per row."""
    (w1, b1), (w2, b2), (w3, b3), (w4, b4) = weights
    yout1 = dense(2, transpose(X), w1, b1, "relu")
    yout2 = dense(3, yout1, w2, b2, "tanh")
    yout3 = dense(2, yout2, w3, b3, "softmax")
    ypred = dense(1, yout3, w4, b4, "sigmoid")
    return ypred[0]
