"""Run Python code under MicroPython-WebAssembly in Node, as several separate calls.

The WebAssembly port collects garbage between top-level calls, not inside one, and its heap
grows by itself when full: a small heapsize caps nothing. Memory tests therefore measure
gc.mem_alloc() at the start of a call, when everything unreachable has been collected.
"""
import json
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUN_MJS = os.path.join(HERE, "run.mjs")
# A Pico with MicroPython has about 190 KB of heap free after boot.
PICO_HEAP = 190 * 1024

_NODE_DRIVER = r'''
import { startMicroPython } from %s;
import { readFileSync } from "node:fs";
const { heap, calls } = JSON.parse(readFileSync(0, "utf8"));
const mp = await startMicroPython({ heap });
for (const code of calls) mp.runPython(code);
'''


def run_micropython(calls, heap=16 * 1024 * 1024, timeout=300):
    """Each string in calls is one runPython call, in one interpreter; -> its stdout."""
    node = shutil.which("node")
    assert node, "node is missing: MicroPython tests need Node.js (make test installs the npm side)"
    calls = ['import sys\nsys.path.insert(0, "/lib")\n'] + list(calls)
    proc = subprocess.run([node, "--input-type=module", "-e", _NODE_DRIVER % json.dumps(RUN_MJS)],
                          input=json.dumps({"heap": heap, "calls": calls}), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout
