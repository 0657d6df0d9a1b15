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


def test_made_from_known_values_it_transforms_like_the_fitted_one():
    X = [[1.0, 10.0], [2.0, 12.0], [3.0, 17.0]]
    fitted = Standardizer().fit(X)
    known = Standardizer(mean=fitted.mean, std=fitted.std)
    assert known.transform(X) == fitted.transform(X)
    assert Standardizer([1, 2], (4, 0.5)).mean == [1.0, 2.0]  # ints and tuples become float lists
    d = known.to_dict()
    assert d == {"mean": fitted.mean, "std": fitted.std}
    assert Standardizer(**d).transform(X) == fitted.transform(X)


def test_known_values_are_checked_and_errors_name_index_and_value():
    nan = float("nan")
    cases = [
        (([1.0, 2.0], [1.0]), ["mean has 2 values", "std has 1"]),
        (([1.0, 2.0], [1.0, 0.0]), ["std[1] is 0", "number > 0"]),
        (([1.0], [-2.0]), ["std[0] is -2", "number > 0"]),
        (([1.0, nan], [1.0, 1.0]), ["mean[1] is nan", "finite number"]),
        (([1.0, "a"], [1.0, 1.0]), ["mean[1] is 'a'"]),
        (([1.0], [float("inf")]), ["std[0] is inf"]),
        (([True], [1.0]), ["mean[0] is True"]),
        (([1.0], None), ["std is None"]),
        (([], []), ["mean is []"]),
    ]
    for args, words in cases:
        e = raises(ValueError, Standardizer, *args)
        for word in words:
            assert word in str(e), (args, str(e))


def test_repr_shows_the_values():
    assert repr(Standardizer()) == "Standardizer()"
    assert repr(Standardizer([1.0], [2.0])) == "Standardizer(mean=[1.0], std=[2.0])"
