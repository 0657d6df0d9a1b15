// The student's project: the one thing every part of the page reads and writes.
//   exercise  the exercise (or paper net) that is open: the State's preset
//   code      its exercise.py, as in the editor
//   modules   the anne/ modules the student edited: {"anne/x.py": text} (one package for all exercises)
//   trained   the network the page trained from that code: {model, epochs, optimizer, lr, batch,
//             seed, loss, from, history}, or null: then the network is the one the code makes
// Check, Share, Send to Pico, Download for Pico and the float32 comparison all read snapshot();
// the editor, Train, Reset, links and Open project write through the methods below. Each change
// is saved in this browser at once (store.js), so a reload brings all of it back.
import * as store from "./store.js";

export const FORMAT = "anne-project";
export const VERSION = 1;
const HISTORY_POINTS = 200; // the loss curve a trained network keeps (every epoch would be too much)

const trainedKey = (exercise) => `trained/${exercise}`;
const BACKUP_KEY = "backup/project";

export class Project {
  /** startCode(exercise) -> the exercise's starting code; original(name) -> a module as shipped;
   * onWarning(): this browser refuses to store (called once). */
  constructor(exercise, { startCode, original, onWarning = () => {} }) {
    this.startCode = startCode;
    this.original = original;
    this.onWarning = onWarning;
    this.modules = {};
    for (const name of store.editedFiles()) {
      const text = store.load(store.keyFor(null, name));
      if (text !== null) this.modules[name] = text;
    }
    this.setAside = null; // {trained, code, modules}: what an edit after training put aside (undo)
    this.loaded = false;  // true while the project is one a link or Open project brought, unedited
    this.open(exercise);
  }

  /** Switch to another exercise: its saved code and trained network (modules stay). */
  open(exercise) {
    this.exercise = exercise;
    this.code = store.load(store.keyFor(exercise, "exercise.py")) ?? this.startCode(exercise);
    this.trained = readJson(store.load(trainedKey(exercise)));
    this.setAside = null;
  }

  /** The exercise's code changed (the editor); -> "aside" when that put the trained network
   * aside, "back" when it brought it back (an undo to exactly what was trained), else null. */
  setCode(text, exercise = this.exercise) {
    if (exercise !== this.exercise) { // an editor state of another exercise (kept for its undo history)
      this.saveText(store.keyFor(exercise, "exercise.py"), text, this.startCode(exercise));
      return null;
    }
    return this.edit(() => {
      this.code = text;
      this.saveText(store.keyFor(exercise, "exercise.py"), text, this.startCode(exercise));
    });
  }

  /** The start code in another language (only its comments differ): not an edit. */
  translate(code) {
    this.code = code;
    store.forget(store.keyFor(this.exercise, "exercise.py"));
  }

  /** A module changed (the editor, Reset); text null is the original. -> as setCode. */
  setModule(name, text) {
    return this.edit(() => this.writeModule(name, text));
  }

  writeModule(name, text) {
    const original = this.original(name);
    if (text === null || text === original) delete this.modules[name];
    else this.modules[name] = text;
    this.saveText(store.keyFor(null, name), text ?? original, original);
  }

  /** Apply an edit. The trained network was trained from the code before it: put it aside
   * (Undo brings it back), or, when the edit returns to exactly that code, take it back. */
  edit(apply) {
    const before = { code: this.code, modules: { ...this.modules } };
    apply();
    if (this.code === before.code && sameTexts(this.modules, before.modules)) return null;
    this.loaded = false; // the student's own work now
    if (this.trained) {
      this.setAside = { trained: this.trained, ...before };
      this.forgetTrained();
      return "aside";
    }
    const aside = this.setAside;
    if (aside && aside.code === this.code && sameTexts(aside.modules, this.modules)) {
      this.setTrained(aside.trained);
      return "back";
    }
    return null;
  }

  /** The texts the set-aside trained network was trained from (for Undo), or null. */
  undoTarget() {
    return this.setAside ? { code: this.setAside.code, modules: this.setAside.modules } : null;
  }

  /** Training finished (or stopped), or a trained network came back: it becomes the project's. */
  setTrained(trained) {
    if (!trained) {
      this.forgetTrained();
      return;
    }
    this.trained = { ...trained, history: thin(trained.history || []) };
    this.setAside = null;
    this.warn(store.save(trainedKey(this.exercise), JSON.stringify(this.trained)));
  }

  forgetTrained() {
    this.trained = null;
    store.forget(trainedKey(this.exercise));
  }

  /** {format, version, exercise, code, modules, trained, settings}: what every consumer reads. */
  snapshot(state) {
    const settings = {};
    if (state) for (const [name, value] of Object.entries(state)) settings[name] = value;
    return {
      format: FORMAT, version: VERSION, exercise: this.exercise, code: this.code,
      modules: { ...this.modules }, trained: this.trained, settings,
    };
  }

  /** The worker's view of the project: its code, edited modules and trained network. */
  request() {
    return { code: this.code, files: { ...this.modules }, trained: this.trained };
  }

  /** A project from a link or an Open project replaces this one. The student's own work is
   * kept aside first (restoreBackup brings it back); a project that was itself brought in and
   * not edited is not own work, so opening two links keeps the student's work, not the first
   * link's. -> true when own work is kept aside. */
  replace({ exercise, code, modules = {}, trained = null }) {
    const mine = { exercise: this.exercise, code: this.code, modules: { ...this.modules }, trained: this.trained };
    const own = mine.code !== this.startCode(mine.exercise) || Object.keys(mine.modules).length > 0 || !!mine.trained;
    const differs = mine.exercise !== exercise || mine.code !== code || !sameTexts(mine.modules, modules);
    if (own && differs && !this.loaded) store.save(BACKUP_KEY, JSON.stringify(mine));
    this.load({ exercise, code, modules, trained });
    this.loaded = true;
    return store.load(BACKUP_KEY) !== null;
  }

  /** The project kept aside by replace(), put back (then forgotten); false when there is none. */
  restoreBackup() {
    const kept = readJson(store.load(BACKUP_KEY));
    if (!kept || typeof kept.code !== "string") return false;
    this.load(kept);
    this.loaded = false;
    store.forget(BACKUP_KEY);
    return kept.exercise;
  }

  load({ exercise, code, modules = {}, trained = null }) {
    this.exercise = exercise;
    this.code = code;
    this.saveText(store.keyFor(exercise, "exercise.py"), code, this.startCode(exercise));
    for (const name of new Set([...Object.keys(this.modules), ...Object.keys(modules)])) {
      this.writeModule(name, name in modules ? modules[name] : null);
    }
    this.setAside = null;
    this.setTrained(trained);
  }

  /** Save text under key, or forget the key when it is the original. */
  saveText(key, text, original) {
    if (text === original || text === null || text === undefined) store.forget(key);
    else this.warn(store.save(key, text));
  }

  warn(refused) {
    if (refused) this.onWarning(); // store.save says true once, the first time storing fails
  }

  editedModules() {
    return Object.keys(this.modules).sort();
  }
}

function readJson(text) {
  if (!text) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

function sameTexts(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** At most HISTORY_POINTS entries of a loss history, the first and the last always among them. */
export function thin(history) {
  if (history.length <= HISTORY_POINTS) return history.slice();
  const step = (history.length - 1) / (HISTORY_POINTS - 1);
  const out = [];
  for (let i = 0; i < HISTORY_POINTS; i++) out.push(history[Math.round(i * step)]);
  return out;
}
