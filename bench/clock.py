# A microsecond clock that reads the same on CPython and MicroPython, for the timing code the
# bench runs on both interpreters (forward_core.py, train_core.py).
try:
    from time import ticks_diff, ticks_us  # MicroPython
except ImportError:
    from time import perf_counter

    def ticks_us():
        return int(perf_counter() * 1e6)

    def ticks_diff(a, b):
        return a - b
