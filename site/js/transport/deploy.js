// Deploy layer: put a file set ({relative path: bytes}) on the board, skipping files whose
// size and sha256 already match, refusing early when the flash is too small, writing main.py
// last (so a half-finished deploy never starts new code against old modules), and reporting
// progress in files and bytes.

import { BoardFS, sha256Hex } from "./boardfs.js";
import { DeployCancelledError, NotEnoughFlashError } from "./errors.js";
import { TrainStream } from "./trainstream.js";

const boardPath = (relative) => "/" + relative.replace(/^\/+/, "");

function parentFolders(paths) {
  const folders = new Set();
  for (const path of paths) {
    const parts = path.split("/").slice(1, -1);
    for (let i = 1; i <= parts.length; i++) folders.add("/" + parts.slice(0, i).join("/"));
  }
  return [...folders].sort((a, b) => a.length - b.length);
}

// Package files (in folders) first, then top-level ones such as model.json, main.py last.
function writeOrder(a, b) {
  const rank = (p) => (p === "/main.py" ? 2 : p.split("/").length > 2 ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * Deploy files to the board behind `repl` (a RawRepl already in the raw REPL).
 * files: {relative path: Uint8Array}. onProgress receives
 *   {phase: "checking"|"writing"|"done", file, filesDone, filesTotal, bytesDone, bytesTotal}.
 * signal (an AbortSignal) stops the deploy between chunks (Stop button): finished files stay
 * new, the others keep their previous version.
 * Returns {written, skipped, bytesTotal, bytesWritten, chunkSize, seconds}.
 */
export async function deploy(repl, files, { onProgress = () => {}, chunkSize, signal = null } = {}) {
  const started = Date.now();
  const fs = new BoardFS(repl, chunkSize ? { chunkSize } : {});
  const entries = Object.entries(files).map(([rel, data]) => [boardPath(rel), data]);
  const filesTotal = entries.length;

  onProgress({ phase: "checking", file: null, filesDone: 0, filesTotal, bytesDone: 0, bytesTotal: 0 });
  await fs.install();
  const board = await fs.stat(entries.map(([path]) => path));

  const changed = [];
  const skipped = [];
  for (const [path, data] of entries) {
    const onBoard = board.files[path];
    const same = onBoard && onBoard[0] === data.length && onBoard[1] === await sha256Hex(data);
    (same ? skipped : changed).push([path, data]);
  }
  changed.sort(([a], [b]) => writeOrder(a, b));
  const bytesTotal = changed.reduce((n, [, data]) => n + data.length, 0);

  // Each new file needs its blocks while the old one still exists (safe write), plus one block
  // of metadata; littlefs allocates whole blocks.
  const block = board.block || 4096;
  const needed = changed.reduce((n, [, data]) => n + (Math.ceil(data.length / block) + 1) * block, 0);
  if (needed > board.free) {
    throw new NotEnoughFlashError(`The Pico has ${kib(board.free)} free but these files need about ` +
      `${kib(needed)}. Delete files you no longer need from the board (e.g. in Thonny), then try again.`,
    { needed, free: board.free, key: "flash", params: { free: kib(board.free), needed: kib(needed) } });
  }

  for (const folder of parentFolders(changed.map(([path]) => path))) await fs.mkdir(folder);

  let bytesDone = 0;
  let filesDone = skipped.length;
  for (const [path, data] of changed) {
    if (signal?.aborted) {
      throw new DeployCancelledError(`Stopped after ${filesDone - skipped.length} of ${changed.length} files; ` +
        "the others keep their previous version on the board.",
      { key: "stopped_after", params: { done: filesDone - skipped.length, total: changed.length } });
    }
    const before = bytesDone;
    onProgress({ phase: "writing", file: path, filesDone, filesTotal, bytesDone, bytesTotal });
    await fs.writeFile(path, data, {
      signal,
      onBytes: (n) => onProgress({ phase: "writing", file: path, filesDone, filesTotal, bytesDone: before + n, bytesTotal }),
    });
    bytesDone = before + data.length;
    filesDone += 1;
  }
  onProgress({ phase: "done", file: null, filesDone, filesTotal, bytesDone, bytesTotal });
  return {
    written: changed.map(([path]) => path),
    skipped: skipped.map(([path]) => path),
    bytesTotal,
    bytesWritten: bytesDone,
    chunkSize: fs.chunkSize,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Run the deployed main.py as the board would after a reset: soft reboot (so no module from
 * before the deploy is still cached), then import main, streaming its output. Stop with
 * repl.interrupt(); returns {stdout, stderr}.
 */
export async function runMain(repl, { onStdout = null } = {}) {
  await repl.reboot();
  return repl.exec("import main", { onStdout, check: false, timeoutMs: Infinity });
}

/**
 * Train on the board (Train on the Pico): soft reboot, then run `script` (boardfiles.train_py,
 * for the files deploy() put there), streaming its lines. onEvent gets each line of the
 * training format ({kind: "start" | "epoch" | "refused" | "memory" | "end", ...}) as it
 * arrives, onText everything else the board prints. Stop with repl.interrupt(): the board keeps
 * its last complete epoch. Returns {events, end, stderr, model}: end is the "end" event (or
 * null), model the trained model.json read back from the board when it saved one.
 */
export async function trainOnBoard(repl, script, { onEvent = () => {}, onText = () => {} } = {}) {
  const events = [];
  const stream = new TrainStream({ onEvent: (event) => { events.push(event); onEvent(event); }, onText });
  await repl.reboot();
  const { stderr } = await repl.exec(script, { onStdout: (bytes) => stream.push(bytes), check: false, timeoutMs: Infinity });
  stream.end();
  const end = events.findLast((e) => e.kind === "end") || null;
  let model = null;
  if (end?.saved) model = JSON.parse(new TextDecoder().decode(await new BoardFS(repl).readFile("/model.json")));
  return { events, end, stderr, model };
}

/** MicroPython version and board name, e.g. {version: "1.27.0", machine: "Raspberry Pi Pico with RP2040"}. */
export async function boardInfo(repl) {
  return repl.evalJson(
    "(lambda s: {'version': '.'.join(str(n) for n in s.implementation.version[:3]), " +
    "'machine': getattr(s.implementation, '_machine', s.platform)})(__import__('sys'))");
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
