# cpython-only
"""The page's pure modules in Node's test runner (tests/js/): the project and opening files."""
import os
import subprocess

import pytest

from test_transport_js import ROOT, _node

SUITES = ["project", "openfiles"]


@pytest.mark.parametrize("suite", SUITES)
def test_page_suite(suite):
    path = os.path.join("tests", "js", suite + ".test.mjs")
    result = subprocess.run([_node(), "--test", "--test-reporter=spec", path], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, "node --test {} failed:\n{}\n{}".format(path, result.stdout[-6000:], result.stderr[-3000:])
