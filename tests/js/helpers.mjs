// Shared set-up for the transport tests: a fake Pico (real MicroPython-WASM REPL) behind a
// fake Web Serial port, and the shipped transport modules from site/js/transport/ on top.
import { after } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNodeSerial } from "../fakes/node.mjs";
import { SerialLink } from "../../site/js/transport/serial.js";
import { RawRepl } from "../../site/js/transport/rawrepl.js";

// Every test ends within this, whatever the board does (node:test fails it on time-out).
export const LIMIT = { timeout: 30000 };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const text = (s) => new TextEncoder().encode(s);
export const same = (a, b) => a !== null && b !== null && Buffer.from(a).equals(Buffer.from(b));

// Boards still on when a test file ends (a failed test skips its own close) are switched off,
// so no worker thread outlives the file.
const openBoards = new Set();
after(() => { for (const board of openBoards) board.powerOff(); });

/**
 * Open a connection to a fresh fake board; call close() at the end of the test.
 * enter: true enters the raw REPL; false waits for the board's boot and drops its output;
 * null does neither (a board that may never finish booting).
 */
export async function connect(boardOptions = {}, { enter = true, files = {}, replOptions = {} } = {}) {
  const serial = createNodeSerial(boardOptions);
  const board = serial.port.board;
  openBoards.add(board);
  for (const [path, data] of Object.entries(files)) board.setFile(path, data);
  const port = await serial.requestPort();
  const link = new SerialLink(port);
  await link.open();
  const repl = new RawRepl(link, replOptions);
  if (enter) await repl.enter();
  else if (enter === false) {
    await board.ready;        // booted and its banner sent...
    await link.settle(50);    // ...and discarded, so the test starts from silence
  }
  const close = async () => {
    await link.close();
    board.powerOff();
  };
  return { serial, board, port, link, repl, close };
}

/** Time fn() in milliseconds; returns [result or error, ms]. */
export async function timed(fn) {
  const started = Date.now();
  try {
    return [await fn(), Date.now() - started];
  } catch (error) {
    return [error, Date.now() - started];
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// The repository's Python (pytest passes its own as ANNE_PYTHON), for what only Python makes:
// the board's files and training script (annetools/boardfiles.py) and reference results.
const PYTHON = process.env.ANNE_PYTHON || [join(ROOT, ".venv", "bin", "python"), "python3"].find((p) => !p.includes("/") || existsSync(p));

/** Run Python code in the repository (anne and annetools importable), input on stdin -> its stdout. */
export function python(code, input = "") {
  const result = spawnSync(PYTHON, ["-c", code], { cwd: ROOT, input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${PYTHON} failed (${result.status}):\n${result.stderr}${result.error || ""}`);
  return result.stdout;
}
