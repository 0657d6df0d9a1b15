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


# A Pico with MicroPython has about 190 KB of heap free after boot.
PICO_HEAP = 190 * 1024


def test_paper_networks_fit_in_a_pico_sized_heap():
    proc = run_under_micropython("--heap", str(PICO_HEAP), "tests/test_presets.py", "tests/test_model.py",
                                 "tests/test_datasets.py", "tests/test_io.py")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and " 0 failed" in out, out
    assert "MemoryError" not in out, out
