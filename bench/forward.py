"""Forward pass of net eight on the paper's 20 test rows: anne against the paper's own code.

The baseline is bench/paper_baseline.py (the paper's appendix code, defects fixed). Both are
timed in the same run, on CPython and on MicroPython-WebAssembly (Node); the ratio is what
counts. Goal (issue 3): anne at least 1.5x faster than the paper's code on both.

    python bench/forward.py      (make bench runs it)
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
GOAL = 1.5

NODE_SCRIPT = """
import { startMicroPython } from "%s/tests/mpy/run.mjs";
import { readFileSync } from "node:fs";
const mp = await startMicroPython({ heap: 8 * 1024 * 1024 });
mp.FS.mkdir("/bench");
for (const f of ["paper_baseline.py", "forward_core.py", "clock.py"])
  mp.FS.writeFile("/bench/" + f, readFileSync("%s/bench/" + f));
mp.runPython("import sys\\nsys.path.insert(0, '/bench')\\nimport forward_core\\nforward_core.measure()");
"""


def micropython_times():
    proc = subprocess.run(["node", "--input-type=module", "-e", NODE_SCRIPT % (ROOT, ROOT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    m = re.search(r"RESULT anne_us=([\d.]+) paper_us=([\d.]+)", proc.stdout)
    if not m:
        raise SystemExit("MicroPython run failed:\n" + proc.stdout + proc.stderr)
    return float(m.group(1)), float(m.group(2))


def main():
    import forward_core

    rows = [("CPython %d.%d" % sys.version_info[:2],) + forward_core.measure()]
    rows.append(("MicroPython-WASM",) + micropython_times())
    print("\nforward pass of net eight, 20 rows (best of 21 alternating rounds)")
    print("%-18s %12s %12s %8s %6s" % ("interpreter", "anne (us)", "paper (us)", "speedup", "goal"))
    results = []
    for name, anne_us, paper_us in rows:
        ratio = paper_us / anne_us
        ok = ratio >= GOAL
        print("%-18s %12.1f %12.1f %7.2fx %6s" % (name, anne_us, paper_us, ratio, "pass" if ok else "MISS"))
        results.append({"figure": "forward speedup vs paper code, " + name, "value": round(ratio, 2),
                        "unit": "x", "goal": ">= %.1fx" % GOAL, "pass": ok})
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "forward.json"), "w") as f:
        json.dump(results, f, indent=1)
    return 0 if all(r["pass"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
