// Compiled send (site/js/compile.js): anne/*.py compiled to .mpy by the WebAssembly mpy-cross,
// sent with the shipped transport to the fake Pico (a real MicroPython 1.27 REPL in WASM), where
// they import and print the same paper's table as the .py files; a board that cannot load them
// gets .py and a note saying why; the other form of each module is removed after a send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BOARD_MPY, CompileError, MPY_VERSION, compileFiles, deployProject, loadCompiler, mpyMismatch,
} from "../../site/js/compile.js";
import { runMain } from "../../site/js/transport/deploy.js";
import { setTables } from "../../site/js/i18n.js";
import { connect, LIMIT } from "./helpers.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WASM = join(ROOT, "node_modules", "@pybricks", "mpy-cross-v6", "build", "mpy-cross-v6.wasm");
const SLOW = { timeout: 90000 }; // a few deploys to a board that runs in a worker thread
const FAST_BOARD = { rawPasteWindow: 128 }; // a Pico's raw-paste: the same protocol, 10x less waiting
setTables({ en: JSON.parse(readFileSync(join(ROOT, "site", "i18n", "en.json"), "utf8")) });

// The board's files for the paper's network eight, as `python -m anne export` makes them.
const PYTHON = process.env.ANNE_PYTHON || [join(ROOT, ".venv", "bin", "python"), "python3"].find((p) => !p.includes("/") || existsSync(p));
const made = spawnSync(PYTHON, ["-c", "import json\nfrom anne import presets\nfrom annetools import export\n" +
  "print(json.dumps({k: v.decode() for k, v in export.pico_files(presets.get('eight')).items()}))"],
{ cwd: ROOT, encoding: "utf8" });
if (made.status !== 0) throw new Error(`${PYTHON} could not make the board files:\n${made.stderr}`);
const EIGHT = Object.fromEntries(Object.entries(JSON.parse(made.stdout)).map(([k, v]) => [k, new TextEncoder().encode(v)]));
const MODULES = Object.keys(EIGHT).filter((p) => /^anne\/.*\.py$/.test(p)).map((p) => p.slice(5, -3)).sort();

const compiler = loadCompiler({ wasm: readFileSync(WASM) });

async function boardPaths(repl, board) {
  await repl.exec("print('sync')"); // the fake's file list is as of the last finished command
  return board.listPaths();
}
const anneForms = (paths) => paths.filter((p) => p.startsWith("/anne/") && /\.m?py$/.test(p)).sort();
const only = (ext) => MODULES.map((m) => `/anne/${m}.${ext}`).sort();

test("mpy-cross (WebAssembly) compiles every anne/ module to a bytecode-only .mpy version 6", LIMIT, async () => {
  const compile = await compiler;
  for (const name of readdirSync(join(ROOT, "anne")).filter((n) => n.endsWith(".py"))) {
    const mpy = await compile(`anne/${name}`, readFileSync(join(ROOT, "anne", name), "utf8"));
    // 'M', version 6, no native arch and so no sub-version, 31-bit small ints (every 32-bit port)
    assert.deepEqual([...mpy.slice(0, 4)], [0x4d, MPY_VERSION, 0, 31], name);
    assert.ok(new TextDecoder().decode(mpy).includes(`anne/${name}`), `${name}: its path, for tracebacks`);
  }
  await assert.rejects(compile("anne/broken.py", "def f(:\n    pass\n"), (error) => {
    assert.ok(error instanceof CompileError);
    assert.match(error.message, /^anne\/broken\.py: .*SyntaxError/);
    return true;
  });
});

test("the .mpy files import on the fake board and print the same table as the .py files", SLOW, async () => {
  const plain = await connect(FAST_BOARD);
  const py = await deployProject(plain.repl, EIGHT);
  assert.equal(py.form, "py");
  const expected = await runMain(plain.repl);
  await plain.close();
  assert.match(expected.stdout, /accuracy: 0\.90 \(18 of 20\)/);

  const { repl, board, close } = await connect(FAST_BOARD);
  const report = await deployProject(repl, EIGHT, { compiled: true, compiler });
  assert.equal(report.form, "mpy");
  assert.match(report.note, /anne\/ went as bytecode \(\.mpy: \d+\.\d KB instead of \d+\.\d KB as \.py\)/);
  const paths = await boardPaths(repl, board);
  assert.deepEqual(anneForms(paths), only("mpy"));
  assert.ok(paths.includes("/main.py") && paths.includes("/model.json") && paths.includes("/anne/iris.csv"));
  const mpyBytes = only("mpy").reduce((n, p) => n + board.readFile(p).length, 0);
  const pyBytes = only("py").reduce((n, p) => n + EIGHT[p.slice(1)].length, 0);
  assert.ok(mpyBytes < 0.6 * pyBytes, `${mpyBytes} B of .mpy vs ${pyBytes} B of .py`);

  const got = await runMain(repl);
  assert.equal(got.stderr, "");
  assert.equal(got.stdout, expected.stdout); // the same table, digit for digit
  const { stdout } = await repl.exec("import anne, anne.model\nprint(anne.__file__, anne.model.__file__)");
  assert.equal(stdout.trim(), "anne/__init__.mpy anne/model.mpy");
  await close();
});

test("switching forms removes the other one, and only once the new one is on the board", SLOW, async () => {
  const { repl, board, close } = await connect(FAST_BOARD);
  await deployProject(repl, EIGHT);
  assert.deepEqual(anneForms(await boardPaths(repl, board)), only("py"));

  // MicroPython imports x.py before x.mpy: the .py files must go, after the .mpy files arrived.
  const compiled = await deployProject(repl, EIGHT, { compiled: true, compiler });
  assert.deepEqual(compiled.removed.sort(), only("py"));
  assert.deepEqual(anneForms(await boardPaths(repl, board)), only("mpy"));
  assert.match((await runMain(repl)).stdout, /accuracy: 0\.90/);

  const again = await deployProject(repl, EIGHT, { compiled: true, compiler });
  assert.deepEqual([again.written, again.removed], [[], []]); // unchanged: nothing written or removed

  const back = await deployProject(repl, EIGHT);
  assert.deepEqual(back.removed.sort(), only("mpy"));
  assert.deepEqual(anneForms(await boardPaths(repl, board)), only("py"));
  const { stdout } = await runMain(repl);
  assert.match(stdout, /accuracy: 0\.90/);
  await close();
});

test("a board that cannot load these .mpy files gets .py, and the note says why", SLOW, async () => {
  // The fake is a real MicroPython 1.27 (.mpy 6.3): let it answer as an older or a stripped one.
  const { repl, board, close } = await connect(FAST_BOARD);
  await deployProject(repl, EIGHT, { compiled: true, compiler }); // .mpy from an earlier send
  const evalJson = repl.evalJson.bind(repl);
  let answer = [0x0005 | (5 << 10), "1.18.0"]; // MicroPython 1.12-1.18 on an armv7m board: .mpy 5
  repl.evalJson = (expression) => (expression === BOARD_MPY ? Promise.resolve(answer) : evalJson(expression));

  const report = await deployProject(repl, EIGHT, { compiled: true, compiler });
  assert.equal(report.form, "py");
  assert.equal(report.note, "MicroPython 1.18.0 on the board loads .mpy version 5.0, not version 6 as made here, " +
    "so anne/ went as .py. MicroPython 1.19 or newer loads them.");
  assert.deepEqual(report.removed.sort(), only("mpy")); // the earlier .mpy files go
  assert.deepEqual(anneForms(await boardPaths(repl, board)), only("py"));
  assert.match((await runMain(repl)).stdout, /accuracy: 0\.90 \(18 of 20\)/);

  answer = [null, "1.22.2"]; // a build without .mpy loading (no sys.implementation._mpy)
  const none = await deployProject(repl, EIGHT, { compiled: true, compiler });
  assert.equal(none.form, "py");
  assert.match(none.note, /^MicroPython 1\.22\.2 on the board cannot load \.mpy files/);
  await close();
});

test("the board's real answer: MicroPython 1.27 loads .mpy 6.3, our version 6 fits", LIMIT, async () => {
  const { repl, close } = await connect(FAST_BOARD);
  const [mpy, version] = await repl.evalJson(BOARD_MPY);
  assert.equal(version, "1.27.0");
  assert.equal(mpy & 0xff, 6);
  assert.equal((mpy >> 8) & 3, 3);
  assert.equal(mpyMismatch(mpy, version), null);
  assert.equal(mpyMismatch(0x1306, "1.27.0"), null); // a Pico: arch armv6m (4) in bits 10 and up
  await close();
});

test("a module mpy-cross cannot compile sends all of anne/ as .py, naming the module", SLOW, async () => {
  const { repl, board, close } = await connect(FAST_BOARD);
  const files = { ...EIGHT, "anne/rand.py": new TextEncoder().encode("def broken(:\n    pass\n") };
  const report = await deployProject(repl, files, { compiled: true, compiler });
  assert.equal(report.form, "py");
  assert.match(report.note, /^mpy-cross could not compile anne\/rand\.py: .*SyntaxError.*, so anne\/ went as \.py\.$/);
  assert.deepEqual(anneForms(await boardPaths(repl, board)), only("py"));
  await close();
});

test("compileFiles leaves main.py, model.json and iris.csv as they are", LIMIT, async () => {
  const out = await compileFiles(EIGHT, await compiler);
  assert.deepEqual(Object.keys(out).filter((p) => !p.endsWith(".mpy")).sort(), ["anne/iris.csv", "main.py", "model.json"]);
  for (const path of ["anne/iris.csv", "main.py", "model.json"]) assert.equal(out[path], EIGHT[path]);
});
