// The fake Pico on standard input/output, for host tools (mpremote, pyserial) through a
// pseudo-terminal: tests/fakes/ptyboard.py copies between a pty and this process.
//   node tests/fakes/stdio-board.mjs [--files-in F.json] [--files-out F.json] [--free BYTES] [--deaf]
//                                    [--raw-paste WINDOW] [--heap-free BYTES]
// --raw-paste: emulate raw-paste with this window (else the board answers R\x00, unsupported).
// --heap-free: gc.mem_free() reports this (a Pico with little memory left).
// --deaf: the board ignores all input (a program stuck in C code, or no MicroPython at all).
// Files are JSON {"/path": base64 | null for a folder}. --files-out is written on SIGTERM (and
// at the end of stdin), with the board's files as of its last finished command.
import { readFileSync, writeFileSync } from "node:fs";
import { createNodeBoard } from "./node.mjs";

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const free = option("--free");
const board = createNodeBoard({
  ...(free ? { flash: { total: 848 * 1024, free: Number(free) } } : {}),
  rawPasteWindow: Number(option("--raw-paste") || 0),
  ...(option("--heap-free") ? { heap: { free: Number(option("--heap-free")) } } : {}),
});
if (option("--files-in")) {
  for (const [path, data] of Object.entries(JSON.parse(readFileSync(option("--files-in"), "utf8")))) {
    board.setFile(path, data === null ? null : Buffer.from(data, "base64"));
  }
}

async function saveAndExit() {
  // A command the board finished (its output already went out) counts, even when its report
  // with the files is still on its way from the worker; a command still running does not.
  const until = Date.now() + 1000;
  while (board.unacked.length && board.worker && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  const out = option("--files-out");
  if (out) {
    const files = Object.fromEntries(board.files.map(([p, d]) => [p, d === null ? null : Buffer.from(d).toString("base64")]));
    writeFileSync(out, JSON.stringify(files));
  }
  board.powerOff();
  process.exit(0);
}

board.deaf = args.includes("--deaf");
board.onOutput = (bytes) => process.stdout.write(Buffer.from(bytes));
board.powerOn();
process.stdin.on("data", (chunk) => board.write(chunk));
process.stdin.on("end", saveAndExit);
process.on("SIGTERM", saveAndExit);
