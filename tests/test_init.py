from anne import init
from anne.rand import Random
from support import raises


def test_glorot_uniform_shape_and_limit():
    k = init.glorot_uniform(4, 3, Random(0))
    limit = (6.0 / 7.0) ** 0.5
    assert len(k) == 4 and all(len(row) == 3 for row in k)
    assert all(-limit <= w < limit for row in k for w in row)


def test_he_uniform_limit():
    k = init.he_uniform(6, 2, Random(0))
    assert all(-1.0 <= w < 1.0 for row in k for w in row)


def test_zeros_and_seeded_repeatability():
    assert init.zeros(2, 3) == [[0.0] * 3] * 2
    assert init.glorot_uniform(3, 3, Random(4)) == init.glorot_uniform(3, 3, Random(4))


def test_unknown_initialiser_is_named():
    e = raises(ValueError, init.get, "orthogonal")
    assert "orthogonal" in str(e) and "glorot_uniform" in str(e)
