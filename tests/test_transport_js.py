# cpython-only
"""Runs the Web Serial transport tests (tests/js/, node's test runner) against the real
MicroPython-WASM REPL, so `make test` covers site/js/transport/."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITES = ["serial", "rawrepl", "boardfs", "deploy", "pico", "trainstream", "train"]
MICROPYTHON = os.path.join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript", "micropython.mjs")


def _node():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the transport tests need Node.js 20+ (make test installs it)")
    if not os.path.exists(MICROPYTHON):
        pytest.fail("npm package @micropython/micropython-webassembly-pyscript is missing: run npm ci")
    return node


@pytest.mark.parametrize("suite", SUITES)
def test_transport_suite(suite):
    path = os.path.join("tests", "js", suite + ".test.mjs")
    result = subprocess.run(
        [_node(), "--test", "--test-reporter=spec", path],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, ANNE_PYTHON=sys.executable),  # the board files come from this Python's annetools
    )
    assert result.returncode == 0, "node --test {} failed:\n{}\n{}".format(path, result.stdout[-6000:], result.stderr[-3000:])
