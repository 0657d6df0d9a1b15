from anne import datasets


def test_iris_has_150_rows_of_4_features_and_3_classes():
    X, y, features, targets = datasets.iris()
    assert len(X) == 150 and len(y) == 150
    assert all(len(row) == 4 for row in X)
    assert [y.count(k) for k in range(3)] == [50, 50, 50]
    assert X[0] == [5.1, 3.5, 1.4, 0.2] and y[0] == 0
    assert X[149] == [5.9, 3.0, 5.1, 1.8] and y[149] == 2
    assert features[2] == "petal length (cm)" and targets == ["setosa", "versicolor", "virginica"]


def test_iris_paper_split_matches_the_paper():
    X_train, y_train, X_test, y_test = datasets.iris_paper()
    assert len(X_train) == 80 and len(X_test) == 20
    assert y_test == [0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert y_train.count(0) == 40 and y_train.count(1) == 40
    # Row 76 is (6.8, 2.8, 4.8, 1.4); the scaling is fitted on the 100 rows of both species.
    mean = [6.262, 2.872, 4.906, 1.676]
    std = [0.659511940756193, 0.33108307114680446, 0.8214401986754728, 0.4226393261399133]
    expected = [(v - mean[j]) / std[j] for j, v in enumerate([6.8, 2.8, 4.8, 1.4])]
    assert all(abs(X_test[0][j] - expected[j]) < 1e-12 for j in range(4))


def test_split_is_reproducible_and_complete():
    X, y, _, _ = datasets.iris()
    a = datasets.split(X, y, 0.2, seed=3)
    b = datasets.split(X, y, 0.2, seed=3)
    assert a == b
    assert len(a[0]) == 120 and len(a[2]) == 30
    assert sorted(a[1] + a[3]) == sorted(y)


def test_iris_paper_in_cm_standardises_to_the_scaled_rows():
    X_train, y_train, X_test, y_test = datasets.iris_paper()
    cm = datasets.iris_paper(scaled=False)
    assert cm[1] == y_train and cm[3] == y_test
    assert len(cm[0]) == 80 and len(cm[2]) == 20
    assert cm[2][0] == [6.8, 2.8, 4.8, 1.4]  # the paper's first test row, as iris.csv has it
    from anne.preprocessing import Standardizer
    X, y, _, _ = datasets.iris()
    scaler = Standardizer().fit([X[i] for i in range(len(y)) if y[i] > 0])
    assert scaler.transform(cm[0]) == X_train and scaler.transform(cm[2]) == X_test
