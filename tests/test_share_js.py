# cpython-only
"""The share-link codec's Node tests (tests/js/share.test.mjs) as part of `make test`."""
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_node_tests(path, timeout=300):
    node = shutil.which("node")
    assert node, "node is missing: the share-link tests need Node.js 20+ (make test installs the npm side)"
    for package in ("fflate", "diff"):
        assert os.path.isdir(os.path.join(ROOT, "node_modules", package)), \
            "{} is missing: run `npm ci` (make test does)".format(package)
    proc = subprocess.run([node, "--test", "--test-reporter=tap", path], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)
    return proc, proc.stdout + proc.stderr


def test_share_codec_node_tests_pass():
    proc, out = run_node_tests(os.path.join("tests", "js", "share.test.mjs"))
    declared = len(re.findall(r'^test\("', open(os.path.join(HERE, "js", "share.test.mjs")).read(), re.M))
    passed = re.search(r"^# pass (\d+)", out, re.M)
    assert proc.returncode == 0, out
    assert passed and int(passed.group(1)) == declared, out
    assert re.search(r"^# skipped 0$", out, re.M) and re.search(r"^# todo 0$", out, re.M), out
