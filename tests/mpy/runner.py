# Runs test modules under MicroPython: imports each, calls every test_* function, and prints
# one PASS/FAIL line per test, then "N passed, N failed". Used by tests/mpy/run.mjs.
import sys

sys.path.insert(0, "/tests")
sys.path.insert(0, "/lib")


def run_module(name, counts):
    try:
        module = __import__(name)
    except Exception as e:
        print("FAIL %s <import>" % name)
        sys.print_exception(e)
        counts[1] += 1
        return
    for attr in sorted(dir(module)):
        fn = getattr(module, attr)
        if not attr.startswith("test_") or not callable(fn):
            continue
        try:
            fn()
        except Exception as e:
            print("FAIL %s %s" % (name, attr))
            sys.print_exception(e)
            counts[1] += 1
        else:
            print("PASS %s %s" % (name, attr))
            counts[0] += 1


def main(names):
    counts = [0, 0]
    for name in names:
        run_module(name, counts)
    print("%d passed, %d failed" % (counts[0], counts[1]))
    return counts[1] == 0
