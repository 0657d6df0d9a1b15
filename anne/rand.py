# A small seeded PRNG of our own: MicroPython's `random` differs from CPython's, and a
# run must give the same numbers on CPython, in the browser and on the Pico.
# xorshift32 (Marsaglia 2003) kept to 32 bits with a mask.

_MASK = 0xFFFFFFFF


class Random:
    """Random(seed): the same stream of numbers on every interpreter."""

    def __init__(self, seed=0):
        # Mix the seed so that 0, 1, 2 ... start far apart; xorshift state must not be 0.
        s = (int(seed) * 2654435761 + 0x9E3779B9) & _MASK
        self._state = s or 0x6D2B79F5
        for _ in range(4):
            self._next()

    def _next(self):
        x = self._state
        x ^= (x << 13) & _MASK
        x ^= x >> 17
        x ^= (x << 5) & _MASK
        self._state = x
        return x

    def random(self):
        """A float in [0, 1) with 24 random bits, exact in single precision too."""
        return (self._next() >> 8) / 16777216.0

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def randint(self, a, b):
        """An int in [a, b], both ends included."""
        return a + self._next() % (b - a + 1)

    def shuffle(self, items):
        """Fisher-Yates, in place."""
        for i in range(len(items) - 1, 0, -1):
            j = self._next() % (i + 1)
            items[i], items[j] = items[j], items[i]
