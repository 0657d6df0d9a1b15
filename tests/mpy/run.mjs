// Run test modules under real MicroPython (the WebAssembly build the browser uses) in Node.
//   node tests/mpy/run.mjs [--heap BYTES] tests/test_layers.py ...
// The repository's anne/ (and annetools/boardfiles.py) is copied into the interpreter's filesystem at /lib and
// tests/*.py at /tests, site/exercises and site/py at /site; tests/mpy/runner.py then imports each module and calls its test_*.
// Exit code 0 only when every test passed.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const mpyModule = join(root, "node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs");

function copyTree(mp, from, to) {
  mp.FS.mkdir(to);
  for (const name of readdirSync(from)) {
    if (name === "__pycache__") continue;
    const src = join(from, name);
    if (statSync(src).isDirectory()) copyTree(mp, src, `${to}/${name}`);
    else mp.FS.writeFile(`${to}/${name}`, readFileSync(src));
  }
}

export async function startMicroPython({ heap = 16 * 1024 * 1024, out = (s) => process.stdout.write(s) } = {}) {
  let loadMicroPython;
  try {
    ({ loadMicroPython } = await import(mpyModule));
  } catch (e) {
    throw new Error(`MicroPython-WebAssembly is missing (${mpyModule}): run "npm ci" (make test does)`);
  }
  const mp = await loadMicroPython({ heapsize: heap, stdout: out, stderr: out, linebuffer: false });
  mp.FS.mkdir("/lib");
  copyTree(mp, join(root, "anne"), "/lib/anne");
  // The board-file builder, pure Python the browser's worker imports too (annetools.boardfiles).
  mp.FS.mkdir("/lib/annetools");
  for (const name of ["__init__.py", "boardfiles.py"]) {
    mp.FS.writeFile(`/lib/annetools/${name}`, readFileSync(join(root, "annetools", name)));
  }
  mp.FS.mkdir("/tests");
  for (const name of readdirSync(join(root, "tests"))) {
    if (name.endsWith(".py")) mp.FS.writeFile(`/tests/${name}`, readFileSync(join(root, "tests", name)));
  }
  mp.FS.writeFile("/tests/_mpy_runner.py", readFileSync(join(here, "runner.py")));
  // The exercises and the browser's pure Python (checks.py) for tests/test_exercises.py.
  mp.FS.mkdir("/site");
  copyTree(mp, join(root, "site", "exercises"), "/site/exercises");
  copyTree(mp, join(root, "site", "py"), "/site/py");
  return mp;
}

async function main(argv) {
  let heap;
  const modules = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--heap") heap = Number(argv[++i]);
    else modules.push(basename(argv[i]).replace(/\.py$/, ""));
  }
  const mp = await startMicroPython({ heap });
  try {
    mp.runPython(`import sys\nsys.path.insert(0, "/tests")\nimport _mpy_runner\nif not _mpy_runner.main(${JSON.stringify(modules)}): raise SystemExit(1)`);
  } catch (e) {
    // SystemExit(1) from a failed test arrives here; its report is already printed.
    process.exitCode = 1;
    if (!String(e.message).includes("SystemExit")) console.error(String(e.message));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
