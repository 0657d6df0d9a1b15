// The training stream parser (site/js/transport/trainstream.js) against hostile chunkings: every
// split of a realistic board output must give the same events and the same text as reading it
// whole; and it reads lines exactly as annetools/boardfiles.py's read_train_line does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TrainStream, readTrainLine } from "../../site/js/transport/trainstream.js";
import { python, LIMIT } from "./helpers.mjs";

// What a board sends (\r\n line ends) while training, with the student's own prints mixed in:
// UTF-8 of 2 to 4 bytes, a lone \r (progress output), a line that only looks like ours, a
// blank line, and a last line cut short by Ctrl-C.
const BOARD = [
  "Grüße from the code 🌼\r\n",
  "@anne1 start epochs=3 needed=9536 free=180112\r\n",
  "@anne1 epoch n=1 loss=0.6931471805599453 accuracy=0.5 ms=241.5\r\n",
  "50%\r75%\r\n",
  "@anne1 epoch n=2 loss=0.5123412345678 accuracy=0.8125 ms=240.1\r\n",
  "print says @anne1 epoch n=9 loss=1.0 accuracy=1.0 ms=1.0\r\n",
  "\r\n",
  "@anne1 epoch n=3 loss=nan accuracy=0.5 ms=1e-05\r\n",
  "@anne1 end n=3 stopped=1 saved=1 loss=0.4 accuracy=0.875\r\n",
  "@anne1 epoch n=4 loss=0.41 accura",
].join("");
const bytes = new TextEncoder().encode(BOARD);

function read(chunks) {
  const events = [];
  let text = "";
  const stream = new TrainStream({ onEvent: (e) => events.push(e), onText: (t) => { text += t; } });
  for (const chunk of chunks) stream.push(chunk);
  stream.end();
  return { events, text };
}

const whole = read([bytes]);

test("a whole board output: the events, and everything else as text", LIMIT, () => {
  assert.deepEqual(whole.events.map((e) => [e.kind, e.n ?? e.epochs]), [
    ["start", 3], ["epoch", 1], ["epoch", 2], ["epoch", 3], ["end", 3]]);
  assert.equal(whole.events[1].loss, 0.6931471805599453);
  assert.equal(whole.events[2].loss, 0.5123412345678); // every digit of the repr
  assert.ok(Number.isNaN(whole.events[3].loss));
  assert.equal(whole.events[3].ms, 1e-5);
  assert.deepEqual(whole.events[4], { kind: "end", n: 3, stopped: 1, saved: 1, loss: 0.4, accuracy: 0.875 });
  assert.equal(whole.text, "Grüße from the code 🌼\n50%\n75%\n" +
    "print says @anne1 epoch n=9 loss=1.0 accuracy=1.0 ms=1.0\n\n@anne1 epoch n=4 loss=0.41 accura");
});

test("every split into two chunks gives the same", LIMIT, () => {
  for (let at = 0; at <= bytes.length; at++) {
    assert.deepEqual(read([bytes.slice(0, at), bytes.slice(at)]), whole, `split at ${at}`);
  }
});

test("one byte at a time, and seeded random chunkings, give the same", LIMIT, () => {
  assert.deepEqual(read(Array.from(bytes, (b) => Uint8Array.of(b))), whole);
  let seed = 12345;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
  for (let trial = 0; trial < 300; trial++) {
    const chunks = [];
    for (let at = 0; at < bytes.length;) {
      const n = 1 + (next() % 23);
      chunks.push(bytes.slice(at, at + n));
      at += n;
    }
    assert.deepEqual(read(chunks), whole, `trial ${trial}`);
  }
});

test("\\n, \\r\\n and a lone \\r end a line alike; text chunks work as bytes do", LIMIT, () => {
  const line = "@anne1 epoch n=1 loss=0.5 accuracy=1.0 ms=2";
  for (const ending of ["\n", "\r\n", "\r"]) {
    const { events } = read([line + ending, "next\n"]);
    assert.equal(events.length, 1, JSON.stringify(ending));
  }
  assert.deepEqual(read([line + "\r", "\n", "\n"]).text, "\n"); // \r\n is one line end, then an empty line
});

test("lines that are not quite ours are text", LIMIT, () => {
  for (const line of ["", "@anne1", "@anne1 epoch", "@anne1 epoch n=3 loss=0.5", "@anne2 end n=1 stopped=0 saved=1",
    "@anne1 dance n=3", "x @anne1 end n=1 stopped=0 saved=1", "@anne1 epoch n=3 loss=0.5 accuracy=1 ms=1 extra",
    "@anne1 epoch n=3.5 loss=0.5 accuracy=1 ms=1", "@anne1 epoch n=3 loss=0.5x accuracy=1 ms=1",
    "@anne1 epoch n=3 loss= accuracy=1 ms=1", "@anne1epoch n=3 loss=0.5 accuracy=1 ms=1"]) {
    assert.equal(readTrainLine(line), null, line);
  }
});

test("the page reads every line as the CLI (boardfiles.read_train_line) does", LIMIT, () => {
  const lines = BOARD.split("\r\n").concat([
    "  @anne1 refused free=20000 needed=64000  ", "@anne1 memory n=12", "@anne1 start epochs=5 needed=1",
    "@anne1 epoch n=-1 loss=-inf accuracy=inf ms=0", "@anne1 epoch n=3 loss=0.5 accuracy=1 ms=1 extra",
    "@anne1 epoch n=3.5 loss=0.5 accuracy=1 ms=1", "@anne1 end n=1 stopped=0", "@anne1 end n=1 stopped=0 saved=1 note=hi"]);
  const fromPython = python(`
import json, sys
from annetools.boardfiles import read_train_line
out = []
for line in json.load(sys.stdin):
    got = read_train_line(line)
    out.append(None if got is None else dict(got[1], kind=got[0]))
print(json.dumps(out))`, JSON.stringify(lines));
  const fromJs = lines.map(readTrainLine);
  // JSON has no nan/inf: compare through the text both sides make of them.
  const plain = (v) => JSON.parse(JSON.stringify(v, (k, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x)));
  const py = JSON.parse(fromPython.replace(/\bNaN\b/g, '"NaN"').replace(/-Infinity\b/g, '"-Infinity"').replace(/([^-"])Infinity\b/g, '$1"Infinity"'));
  assert.deepEqual(plain(fromJs), py);
});
