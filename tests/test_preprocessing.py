from anne.preprocessing import Standardizer
from support import close, raises


def test_fit_transform_gives_zero_mean_unit_std():
    X = [[1.0, 10.0], [2.0, 10.0], [3.0, 10.0]]
    s = Standardizer().fit(X)
    assert s.mean == [2.0, 10.0]
    assert close(s.std[0], (2.0 / 3.0) ** 0.5)
    assert s.std[1] == 1.0  # a constant feature maps to 0 instead of dividing by zero
    Z = s.transform(X)
    assert close([row[0] for row in Z], [-(1.5 ** 0.5), 0.0, 1.5 ** 0.5])
    assert [row[1] for row in Z] == [0.0, 0.0, 0.0]
    assert Standardizer().fit_transform(X) == Z


def test_errors():
    raises(ValueError, Standardizer().fit, [])
    raises(ValueError, Standardizer().transform, [[1.0]])
    raises(ValueError, Standardizer().fit, [[1.0, 2.0], [1.0]])
    e = raises(ValueError, Standardizer().fit([[1.0, 2.0]]).transform, [[1.0]])
    assert "1 values" in str(e) and "2" in str(e)
