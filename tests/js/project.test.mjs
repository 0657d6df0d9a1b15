// site/js/project.js: the student's project as the page keeps it (localStorage faked here).
import { test } from "node:test";
import assert from "node:assert/strict";

const memory = new Map();
globalThis.localStorage = {
  getItem: (k) => (memory.has(k) ? memory.get(k) : null),
  setItem: (k, v) => { memory.set(k, String(v)); },
  removeItem: (k) => { memory.delete(k); },
  key: (i) => [...memory.keys()][i] ?? null,
  get length() { return memory.size; },
};
const { Project, thin } = await import("../../site/js/project.js");

const START = { eight: "eight code\n", six: "six code\n" };
const ORIGINALS = { "anne/activations.py": "def relu(x): ...\n" };
const make = (exercise = "eight") => new Project(exercise, {
  startCode: (id) => START[id], original: (name) => ORIGINALS[name],
});
const TRAINED = { model: { layers: [] }, epochs: 3, optimizer: "sgd", lr: 0.1, history: [{ epoch: 1, loss: 0.5 }] };

test("code, modules and the trained network survive a new page (a reload)", () => {
  memory.clear();
  const p = make();
  p.setCode("mine\n");
  p.setModule("anne/activations.py", "edited\n");
  p.setTrained(TRAINED);
  const again = make();
  assert.equal(again.code, "mine\n");
  assert.deepEqual(again.modules, { "anne/activations.py": "edited\n" });
  assert.deepEqual(again.trained, TRAINED);
  again.open("six");
  assert.equal(again.code, "six code\n");
  assert.equal(again.trained, null);
  assert.deepEqual(again.modules, { "anne/activations.py": "edited\n" }); // one package for all exercises
});

test("an edit after training puts the network aside; going back to the same texts brings it back", () => {
  memory.clear();
  const p = make();
  p.setCode("trained from this\n");
  p.setTrained(TRAINED);
  assert.equal(p.setCode("trained from this\n# more\n"), "aside");
  assert.equal(p.trained, null);
  assert.equal(make().trained, null); // not saved either
  assert.deepEqual(p.undoTarget(), { code: "trained from this\n", modules: {} });
  assert.equal(p.setCode("trained from this\n# more and more\n"), null);
  assert.equal(p.setCode("trained from this\n"), "back");
  assert.deepEqual(p.trained, TRAINED);
  assert.equal(p.undoTarget(), null);
  // a module edit counts the same way
  assert.equal(p.setModule("anne/activations.py", "changed\n"), "aside");
  assert.equal(p.setModule("anne/activations.py", ORIGINALS["anne/activations.py"]), "back");
  assert.deepEqual(p.modules, {});
});

test("a link or a .zip replaces the project and keeps the student's own work to bring back", () => {
  memory.clear();
  const p = make();
  p.setCode("my own\n");
  p.setTrained(TRAINED);
  const link = { exercise: "six", code: "from the link\n", modules: { "anne/activations.py": "theirs\n" }, trained: null };
  assert.equal(p.replace(link), true);
  assert.equal(p.exercise, "six");
  assert.equal(p.code, "from the link\n");
  // A second link does not overwrite the student's work with the first link's.
  assert.equal(p.replace({ ...link, code: "second link\n" }), true);
  assert.equal(p.restoreBackup(), "eight");
  assert.equal(p.code, "my own\n");
  assert.deepEqual(p.modules, {});
  assert.deepEqual(p.trained, TRAINED);
  assert.equal(p.restoreBackup(), false);
});

test("a project with nothing of the student's own keeps nothing aside", () => {
  memory.clear();
  const p = make();
  assert.equal(p.replace({ exercise: "eight", code: "link\n" }), false);
});

test("the snapshot is what every consumer reads", () => {
  memory.clear();
  const p = make();
  p.setModule("anne/activations.py", "edited\n");
  const snap = p.snapshot({ preset: "eight", fx: 0 });
  assert.deepEqual(snap, { format: "anne-project", version: 1, exercise: "eight", code: "eight code\n",
    modules: { "anne/activations.py": "edited\n" }, trained: null, settings: { preset: "eight", fx: 0 } });
  assert.deepEqual(p.request(), { code: "eight code\n", files: { "anne/activations.py": "edited\n" }, trained: null });
});

test("a long loss history is thinned to 200 points, first and last kept", () => {
  const history = Array.from({ length: 5000 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) }));
  const kept = thin(history);
  assert.equal(kept.length, 200);
  assert.equal(kept[0].epoch, 1);
  assert.equal(kept[199].epoch, 5000);
  assert.deepEqual(thin(history.slice(0, 10)), history.slice(0, 10));
});

test("a browser that refuses storage: the project still works, one warning", () => {
  memory.clear();
  const warnings = [];
  const saved = globalThis.localStorage.setItem;
  globalThis.localStorage.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };
  try {
    const p = new Project("eight", { startCode: (id) => START[id], original: () => undefined, onWarning: (w) => warnings.push(w) });
    p.setCode("mine\n");
    p.setCode("mine again\n");
    assert.equal(p.code, "mine again\n");
    assert.ok(warnings.length >= 1);
  } finally {
    globalThis.localStorage.setItem = saved;
  }
});
