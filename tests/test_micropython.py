# cpython-only
"""Every shared test module also runs under real MicroPython (WebAssembly, in Node).

A module is shared unless its first line is `# cpython-only`. Each shared module must run
the same number of tests under MicroPython as pytest finds in it, all passing.
"""
import os
import re
import shutil
import subprocess

import pytest

from mpy.calls import PICO_HEAP, run_micropython

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def shared_modules():
    names = []
    for name in sorted(os.listdir(HERE)):
        if name.startswith("test_") and name.endswith(".py"):
            with open(os.path.join(HERE, name)) as f:
                if f.readline().strip() != "# cpython-only":
                    names.append(name)
    return names


def count_tests(path):
    with open(path) as f:
        return len(re.findall(r"^def (test_\w+)\(\)", f.read(), re.M))


def run_under_micropython(*args, timeout=600):
    node = shutil.which("node")
    assert node, "node is missing: MicroPython tests need Node.js (make test installs the npm side)"
    return subprocess.run([node, os.path.join(HERE, "mpy", "run.mjs")] + list(args), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_there_are_shared_modules():
    assert len(shared_modules()) >= 5


@pytest.mark.parametrize("module", shared_modules())
def test_module_passes_under_micropython(module):
    proc = run_under_micropython(os.path.join("tests", module))
    out = proc.stdout + proc.stderr
    passed = re.findall(r"^PASS ", out, re.M)
    assert proc.returncode == 0 and "0 failed" in out, out
    assert len(passed) == count_tests(os.path.join(HERE, module)), out


def test_paper_networks_and_data_fit_in_a_pico_heap():
    # What stays alive once anne, the IRIS rows and both paper networks are loaded and have
    # predicted, measured after the collector ran (see tests/mpy/calls.py), leaves most of
    # the Pico's 190 KB free for the garbage of a forward pass.
    out = run_micropython([
        "from anne import presets, datasets, metrics\n"
        "X_train, y_train, X_test, y_test = datasets.iris_paper()\n"
        "eight, six = presets.eight(), presets.six()\n"
        "acc = (metrics.accuracy(y_test, eight.predict(X_test)), metrics.accuracy(y_test, six.predict(X_test)))\n",
        "import gc\n"
        "alive = gc.mem_alloc()\n"
        "gc.disable()\n"
        "start = gc.mem_alloc()\n"
        "eight.predict(X_test)\n"
        "garbage = gc.mem_alloc() - start\n"
        "gc.enable()\n"
        "print('alive', alive, 'garbage', garbage, 'accuracy', acc[0], acc[1])\n",
    ], heap=PICO_HEAP)
    words = out.split()
    alive, garbage = int(words[1]), int(words[3])
    assert words[5:7] == ["0.9", "0.95"], out
    print("alive after loading: %d bytes; one predict of 20 rows: %d bytes of garbage" % (alive, garbage))
    assert alive + garbage < PICO_HEAP // 2, (alive, garbage)
