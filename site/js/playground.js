// The playground's controller (loaded by main.js while Python boots): one update path, edit or control -> state -> (debounced)
// Python run in the worker -> render. Each run carries a generation number; a reply for
// code that has changed since is dropped. Renderers get plain data, never Python objects.
import { createEditor } from "./editor.js";
import { State, OPTIMIZERS } from "./state.js";
import * as course from "./course.js"; // issue 7: exercises, share links, English/German
import * as store from "./store.js";
import { StaleWorker } from "./python.js";
import { createDecisionMap } from "./render/heatmap.js";
import { createNetwork } from "./render/network.js";
import { formatAccuracy, renderConfusion } from "./render/confusion.js";
import { createCurve } from "./render/linechart.js";
import { hideTooltip } from "./render/tooltip.js";
import { t, onLanguageChange } from "./i18n.js";

const EXERCISE = "exercise.py";
const AUTORUN_MS = 120;        // pause in typing before the code runs
const SLOW_RUN_MS = 1000;      // then the status suggests Stop
const RUNAWAY_MS = 1500;       // a newer edit waiting this long on an old run restarts Python
// The decision map comes in two passes: a coarse one right after each run (fast feedback
// while typing), then the fine one unless newer code is already waiting.
const GRID_FAST = 20;
const GRID_FINE = 40;
// Training goes in calls of this many epochs: MicroPython-WASM collects garbage only between
// calls (one 200-epoch call grew its heap by ~54 MB), and the slices continue one training.
const TRAIN_SLICE = 10;
const MODEL_FILE_MAX = 2 * 1024 * 1024; // bytes: the paper's nets are a few kB

const $ = (id) => document.getElementById(id);

export class Playground {
  constructor(config, state, python, booting) {
    this.config = config;           // playground.json: presets, anne file list
    this.state = state;
    this.originals = new Map();     // "anne/x.py" -> the shipped text
    this.data = null;               // from the worker: features, classes, points, scale
    this.view = null;               // the last good view
    this.runWanted = false;
    this.runInFlight = false;
    this.runStarted = 0;
    this.runCount = 0;              // finished renders (tests and the bench wait on it)
    this.training = false;
    this.trained = null;            // {epochs, optimizer, lr} while the trained model is shown
    this.runAfterTraining = false;
    this.lastRenderAt = 0;
    this.renderTimes = [];          // recent render times, for the bench
    this.notice = "";               // said once with the next good run (e.g. a bad link value)
    this.pendingProgress = [];      // training progress not drawn yet
    this.progressFrame = 0;
    this.held = false;              // issue 7: a shared link's code waits for an explicit Run

    this.python = python;           // started by main.js before this module loaded
    this.booting = booting;         // its start() promise -> the data
    python.onProgress = (p) => this.onProgress(p);
    python.onStatus = () => this.setStatus("busy", () => t("status.restarting"));
    this.editor = createEditor($("editor"), {
      onChange: (file, text) => this.onEdit(file, text),
      onRun: () => this.runNow(true),
    });
    this.map = createDecisionMap($("plot"), { onSelect: (i) => this.update({ sample: i }, ["trace"]) });
    this.network = createNetwork($("network"));
    this.curve = createCurve($("curve"));
    // Status and training lines are kept as functions of the language: a switch redraws them.
    this.statusText = null;
    this.trainText = null;
    onLanguageChange(() => {
      if (this.statusText) this.setStatus(this.statusKind, this.statusText);
      if (this.trainText) this.setTrainStatus(this.trainText);
      if (this.view) $("shape").textContent = describeShape(this.view.network);
    });
  }

  // ---- start ------------------------------------------------------------------------
  async start() {
    performance.mark("anne:ui-ready");
    this.bindControls();
    this.openExercise();
    this.curve.reset(this.state.epochs);
    this.setStatus("busy", () => t("status.loading"));
    try {
      this.data = await this.booting;
    } catch (error) {
      this.setStatus("error", () => t("status.no_python", { error: error.message || error }));
      return;
    }
    this.fillDataControls();
    this.runNow();
  }

  bindControls() {
    $("preset").value = this.state.preset;
    $("autorun").checked = this.state.autorun;
    $("epochs").value = this.state.epochs;
    $("lr").value = this.state.lr;
    const optimizer = $("optimizer");
    optimizer.replaceChildren(...OPTIMIZERS.map((name) => new Option(name, name)));
    optimizer.value = this.state.optimizer;

    $("preset").addEventListener("change", (e) => this.switchPreset(e.target.value));
    $("run").addEventListener("click", () => this.runNow(true));
    $("stop").addEventListener("click", () => this.stop());
    $("train").addEventListener("click", () => this.train());
    $("weights-to-code").addEventListener("click", () => this.weightsToCode());
    $("reset").addEventListener("click", () => this.resetFile());
    this.bindModelFile();
    $("autorun").addEventListener("change", (e) => this.update({ autorun: e.target.checked }));
    $("tab-exercise").addEventListener("click", () => this.openFile(EXERCISE));
    $("file-select").addEventListener("change", (e) => e.target.value && this.openFile(e.target.value));
    for (const id of ["fx", "fy", "sample"]) {
      const parts = id === "sample" ? ["trace"] : ["grid"];
      $(id).addEventListener("change", (e) => this.update(this.axisChange(id, Number(e.target.value)), parts));
    }
    for (const id of ["epochs", "lr", "optimizer"]) {
      $(id).addEventListener("change", (e) => this.readTrainingField(id, e.target.value));
    }
    $("help-button").addEventListener("click", () => $("help").showModal());
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && (this.python.busy || this.training)) this.stop();
    });
    let resizeTimer = 0;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { this.map.redraw(); this.network.redraw(); this.curve.redraw(); }, 100);
    });

    const files = $("file-select");
    for (const name of this.config.anne_files) files.append(new Option(name, name));
    this.markEditedFiles();
  }

  fillDataControls() {
    const features = this.data.features;
    for (const id of ["fx", "fy"]) {
      $(id).replaceChildren(...features.map((name, j) => new Option(name.replace(/ \(cm\)$/, ""), j)));
      $(id).value = this.state[id];
    }
    $("sample").replaceChildren(...this.data.points.map((p, i) =>
      new Option(`#${p.row} ${this.data.classes[p.y]}${p.test ? " (test)" : ""}`, i)));
    $("sample").value = this.state.sample;
  }

  // ---- state ------------------------------------------------------------------------
  /** Change state fields; `redrawParts` (e.g. ["grid"]) asks the worker for those parts
   * of the current model's view again. */
  update(changes, redrawParts) {
    try {
      this.state = this.state.with(changes);
    } catch (error) {
      this.setStatus("error", error.message);
      return;
    }
    history.replaceState(null, "", this.state.toHash() || location.pathname + location.search);
    if ("sample" in changes) $("sample").value = this.state.sample;
    if ("fx" in changes || "fy" in changes) {
      $("fx").value = this.state.fx;
      $("fy").value = this.state.fy;
    }
    if (redrawParts) this.redraw(redrawParts);
  }

  /** {fx: 3} -> the change; choosing the other axis's feature swaps the two axes. */
  axisChange(id, value) {
    const other = { fx: "fy", fy: "fx" }[id];
    if (other && this.state[other] === value) return { [id]: value, [other]: this.state[id] };
    return { [id]: value };
  }

  readTrainingField(id, text) {
    const value = id === "optimizer" ? text : Number(text);
    if (id !== "optimizer" && (text.trim() === "" || !Number.isFinite(value))) {
      this.setStatus("error", () => t("status.not_number", { field: id, text }));
      return false;
    }
    try {
      this.state = this.state.with({ [id]: value });
      history.replaceState(null, "", this.state.toHash() || location.pathname + location.search);
      return true;
    } catch (error) {
      this.setStatus("error", () => t("status.bad_field", { message: error.message }));
      return false;
    }
  }

  // ---- files and presets ------------------------------------------------------------
  presetCode(preset = this.state.preset) {
    return this.config.presets[preset].code;
  }

  openExercise() {
    const saved = store.load(store.keyFor(this.state.preset, EXERCISE));
    const key = `${this.state.preset}/${EXERCISE}`;
    this.editor.open(key, saved ?? this.presetCode());
    this.showFileTab(EXERCISE);
  }

  async openFile(name) {
    if (name === EXERCISE) {
      this.openExercise();
      return;
    }
    let original;
    try {
      original = await this.original(name);
    } catch (error) {
      this.setStatus("error", () => t("status.cannot_open", { file: name, error: error.message }));
      return;
    }
    this.editor.open(name, store.load(store.keyFor(null, name)) ?? original);
    this.showFileTab(name);
  }

  async original(name) {
    if (!this.originals.has(name)) {
      const response = await fetch(name);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.originals.set(name, await response.text());
    }
    return this.originals.get(name);
  }

  showFileTab(name) {
    $("tab-exercise").setAttribute("aria-pressed", String(name === EXERCISE));
    $("file-select").value = name === EXERCISE ? "" : name;
  }

  currentFile() {
    const file = this.editor.file || "";
    return file.endsWith("/" + EXERCISE) ? EXERCISE : file;
  }

  switchPreset(preset) {
    this.update({ preset });
    this.openExercise();
    this.curve.reset(this.state.epochs);
    this.runNow();
  }

  async resetFile() {
    const file = this.currentFile();
    const text = file === EXERCISE ? this.presetCode() : await this.original(file);
    this.editor.replace(this.editor.file, text);  // one undoable change
    store.forget(store.keyFor(this.state.preset, file));
    this.markEditedFiles();
    this.setStatus("ok", () => t("status.reset", { file }));
    this.runNow();
  }

  onEdit(editorKey, text) {
    const file = editorKey.endsWith("/" + EXERCISE) ? EXERCISE : editorKey;
    const preset = editorKey.endsWith("/" + EXERCISE) ? editorKey.split("/")[0] : null;
    const original = file === EXERCISE ? this.presetCode(preset) : this.originals.get(file);
    const key = store.keyFor(preset, file);
    if (text === original) store.forget(key);
    else {
      const warning = store.save(key, text);
      if (warning) this.setStatus("error", warning);
    }
    if (file !== EXERCISE) this.markEditedFiles();
    if (this.state.autorun) this.scheduleRun();
  }

  markEditedFiles() {
    const edited = new Set(store.editedFiles());
    for (const option of $("file-select").options) {
      if (option.value) option.textContent = option.value + (edited.has(option.value) ? " •" : "");
    }
  }

  /** The request every run sends: the exercise code, edited modules, view choices. */
  request() {
    const files = {};
    for (const name of store.editedFiles()) files[name] = store.load(store.keyFor(null, name));
    const exercise = this.currentFile() === EXERCISE ? this.editor.text()
      : store.load(store.keyFor(this.state.preset, EXERCISE)) ?? this.presetCode();
    return { code: exercise, files, fx: this.state.fx, fy: this.state.fy, sample: this.state.sample };
  }

  // ---- running ----------------------------------------------------------------------
  scheduleRun() {
    clearTimeout(this.autorunTimer);
    this.autorunTimer = setTimeout(() => this.runNow(), AUTORUN_MS);
  }

  /** Run the code now; a run already in flight is followed by exactly one more. */
  runNow(explicit = false) {
    // explicit: Run or Ctrl+Enter. Only that runs the code of a link that was just opened.
    if (this.held && !explicit) return;
    this.held = false;
    clearTimeout(this.autorunTimer);
    if (this.training) {
      this.runAfterTraining = true;
      return;
    }
    this.runWanted = true;
    if (this.runInFlight) {
      // The worker is still busy with older code: if it has been at it for long, that
      // code probably loops; restart Python rather than queue behind it.
      if (performance.now() - this.runStarted > RUNAWAY_MS) this.python.restart();
      return;
    }
    this.pump();
  }

  async pump() {
    this.trained = null; // the code runs again: the trained weights are no longer shown
    this.runInFlight = true;
    this.refreshButtons();
    while (this.runWanted) {
      this.runWanted = false;
      const request = this.request();
      this.runStarted = performance.now();
      const ready = () => this.python.isReady;
      const slow = setTimeout(() => this.setStatus("busy", () => t(ready() ? "status.slow" : "status.waiting")),
        SLOW_RUN_MS);
      let reply;
      try {
        if (!this.runCount) performance.mark("anne:first-run-sent");
        reply = await this.python.call("run", { ...request, grid: GRID_FAST });
        if (!this.runCount) performance.mark("anne:first-run-reply");
      } catch (error) {
        if (!(error instanceof StaleWorker)) this.setStatus("error", () => t("status.python_failed", { error: error.message || error }));
        continue;
      } finally {
        clearTimeout(slow);
      }
      if (this.runWanted) continue; // the code changed meanwhile: this reply is stale
      this.show(reply, performance.now() - this.runStarted);
      if (!reply.ok) continue;
      const fine = await this.ask("redraw", { ...request, grid: GRID_FINE, parts: ["grid"] });
      if (fine?.ok && !this.runWanted) this.merge(fine.view);
    }
    this.runInFlight = false;
    this.refreshButtons();
  }

  /** A worker call whose failure is a status message; null when it failed or went stale. */
  async ask(name, request) {
    try {
      return await this.python.call(name, request);
    } catch (error) {
      if (!(error instanceof StaleWorker)) this.setStatus("error", () => t("status.python_failed", { error: error.message || error }));
      return null;
    }
  }

  /** Redraw parts of the current model's view (another flower, other features). */
  async redraw(parts) {
    if (!this.view || this.training) return;
    if (this.runInFlight) {
      this.runWanted = true; // the run after the current one draws everything anyway
      return;
    }
    const token = (this.redrawToken = (this.redrawToken || 0) + 1);
    const request = { ...this.request(), parts };
    const grids = parts.includes("grid") ? [GRID_FAST, GRID_FINE] : [GRID_FINE];
    for (const grid of grids) {
      const reply = await this.ask("redraw", { ...request, grid });
      if (token !== this.redrawToken || this.runInFlight || !reply) return;
      if (!reply.ok) {
        this.showError(reply.error);
        return;
      }
      this.merge(reply.view);
    }
  }

  /** Part of a view (grid, trace) over the last one, then draw. */
  merge(partial) {
    this.render({ ...this.view, ...partial });
  }

  /** A worker reply -> pictures (ok) or a status message that keeps the last pictures. */
  show(reply, ms) {
    this.showOutput(reply.output);
    if (!reply.ok) {
      this.showError(reply.error);
      return;
    }
    this.editor.clearError();
    $("traceback-box").hidden = true;
    this.render(reply.view);
    if (ms !== null) {
      const params = { ms: Math.round(ms), accuracy: formatAccuracy(reply.view.accuracy) };
      const notice = this.notice;
      this.setStatus("ok", () => t("status.ran", params) + notice);
      this.notice = "";
    }
  }

  render(view) {
    this.view = view;
    const data = this.data;
    this.map.update(view, data, view.trace.sample);
    this.network.update(view.network, view.trace, data);
    renderConfusion($("confusion"), $("accuracy"), view, data.classes);
    $("train-accuracy").textContent = formatAccuracy(view.train_accuracy);
    $("shape").textContent = describeShape(view.network);
    this.runCount++;
    this.lastRenderAt = performance.now();
    this.renderTimes.push(this.lastRenderAt);
    if (this.renderTimes.length > 50) this.renderTimes.shift();
    if (this.runCount === 1) performance.mark("anne:first-result");
    document.body.dataset.renders = String(this.runCount);
  }

  showOutput(text) {
    const el = $("output");
    el.textContent = text || "";
    el.hidden = !text;
  }

  /** The time of the first render after t (performance.now() clock), for the bench. */
  firstRenderAfter(t) {
    return this.renderTimes.find((r) => r > t) ?? NaN;
  }

  showError(error) {
    const other = error.file && error.file !== EXERCISE;
    this.setStatus("error", () => {
      const where = !error.line ? "" : t(other ? "status.line_of" : "status.line", { line: error.line, file: error.file });
      return t("status.error", { where, type: error.type, message: error.message });
    });
    $("traceback").textContent = error.traceback || "";
    $("traceback-box").hidden = !error.traceback;
    const shown = this.currentFile();
    if (error.line && (error.file || EXERCISE) === shown) this.editor.markError(error.line);
    else this.editor.clearError();
  }

  // ---- training ---------------------------------------------------------------------
  async train() {
    if (this.training) return;
    this.held = false; // Train is an explicit run
    const fields = { epochs: $("epochs").value, lr: $("lr").value, optimizer: $("optimizer").value };
    for (const [id, text] of Object.entries(fields)) if (!this.readTrainingField(id, String(text))) return;
    this.training = true;
    this.refreshButtons();
    this.curve.reset(this.state.epochs);
    this.setTrainStatus(() => t("train.running"));
    const epochs = this.state.epochs;
    this.setStatus("busy", () => t("train.busy", { epochs }));
    const started = performance.now();
    const s = this.state;
    const request = { ...this.request(), grid: GRID_FAST, epochs: s.epochs, lr: s.lr, optimizer: s.optimizer,
      loss: s.loss === "auto" ? null : s.loss, batch_size: s.batch, seed: s.seed, slice: TRAIN_SLICE };
    this.stopTraining = false;
    try {
      let reply = await this.python.call("train", request);
      // Stop between two slices (no Python running) is a stop too: the last call draws.
      while (reply.ok && reply.more) reply = await this.python.call("train_more", { stop: this.stopTraining });
      this.drawProgress(); // what came before the reply, first
      this.showOutput(reply.output);
      if (!reply.ok) {
        this.showError(reply.error);
        this.setTrainStatus(() => t("train.not_run"));
      } else {
        const tr = reply.view.training;
        if (tr.history?.length) this.curve.add(tr.history, null);
        this.editor.clearError();
        this.render(reply.view);
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        this.refineAfterTraining(request);
        this.trained = { epochs: tr.epochs_done, optimizer: s.optimizer, lr: s.lr };
        const params = { epochs: tr.epochs_done, secs, accuracy: formatAccuracy(reply.view.accuracy) };
        const text = () => t(tr.stopped ? "train.stopped" : "train.done", params);
        this.setTrainStatus(text);
        this.setStatus("ok", () => t("train.done_status", { text: text() }));
      }
    } catch (error) {
      if (error instanceof StaleWorker) {
        this.drawProgress();
        const epochs = this.curve.length;
        this.setTrainStatus(() => t("train.restarted", { epochs }));
      } else {
        this.setStatus("error", () => t("train.failed", { error: error.message || error }));
      }
    } finally {
      this.training = false;
      this.refreshButtons();
      if (this.runAfterTraining) {
        this.runAfterTraining = false;
        this.runNow();
      }
    }
  }

  // ---- model files (issue 8) ----------------------------------------------------------
  /** "Load model…" (a file input) and a .json dropped anywhere on the page. */
  bindModelFile() {
    const input = $("model-file");
    $("load-model").addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = ""; // the same file again is a new choice
      if (file) this.loadModelFile(file);
    });
    const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes("Files");
    // Capture phase: the editor would otherwise insert the dropped file's text itself.
    window.addEventListener("dragover", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = "copy";
    }, true);
    window.addEventListener("drop", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      const file = e.dataTransfer.files[0];
      if (file) this.loadModelFile(file);
    }, true);
  }

  /** A model file -> code that builds it, in the exercise (one undoable change), then a run.
   * A file that is not a model gives a message and leaves the code as it is. */
  async loadModelFile(file) {
    const name = file.name || "model.json";
    const refuse = (key, params) => this.setStatus("error", () => t(key, { name, ...params }));
    if (this.training) return refuse("model.busy");
    if (file.size > MODEL_FILE_MAX) return refuse("model.too_large", { size: file.size, max: MODEL_FILE_MAX });
    let text;
    try {
      text = await file.text();
    } catch (error) {
      return refuse("model.unreadable", { error: error.message || error });
    }
    const reply = await this.ask("model_file", { text, name });
    if (!reply) return;
    if (!reply.ok) return refuse("model.bad", { message: reply.error.message });
    if (this.currentFile() !== EXERCISE) this.openExercise();
    this.notice = " " + t("model.loaded", { name });
    this.editor.replace(this.editor.file, reply.code); // autosaves; Ctrl+Z brings the old code back
    this.runNow(true);
  }

  /** Append the trained model to the exercise code, so the student keeps its weights. */
  async weightsToCode() {
    if (!this.trained) return;
    const { epochs, optimizer, lr } = this.trained;
    const reply = await this.ask("weights_source", { note: `Trained in the browser: ${epochs} epochs, ${optimizer}, lr ${lr}` });
    if (!reply) return;
    if (!reply.ok) {
      this.showError(reply.error);
      return;
    }
    if (this.currentFile() !== EXERCISE) this.openExercise();
    this.trained = null;
    this.refreshButtons();
    const text = this.editor.text();
    this.editor.replace(this.editor.file, text + (text.endsWith("\n") ? "" : "\n") + reply.code);
    this.runNow();
  }

  /** The trained model's fine decision map (training replies with a coarse one). */
  async refineAfterTraining(request) {
    const fine = await this.ask("redraw", { ...request, grid: GRID_FINE, parts: ["grid"] });
    if (fine?.ok && !this.runInFlight && !this.training) this.merge(fine.view);
  }

  /** Training progress from the worker. The worker waits for this answer, so only note
   * it here; drawing happens at the next animation frame. */
  onProgress(progress) {
    this.pendingProgress.push(progress);
    if (!this.progressFrame) this.progressFrame = requestAnimationFrame(() => this.drawProgress());
  }

  drawProgress() {
    cancelAnimationFrame(this.progressFrame);
    this.progressFrame = 0;
    const batch = this.pendingProgress.splice(0);
    if (!batch.length) return;
    for (const p of batch) this.curve.add(p.history, { epoch: p.epoch, accuracy: p.accuracy }, false);
    this.curve.redraw();
    const progress = batch[batch.length - 1];
    $("accuracy").textContent = formatAccuracy(progress.accuracy);
    const last = progress.history[progress.history.length - 1];
    const loss = last && Number.isFinite(last.loss) ? last.loss.toFixed(4) : null;
    const params = { epoch: progress.epoch, epochs: progress.epochs, loss, accuracy: formatAccuracy(progress.accuracy) };
    this.setTrainStatus(() => t(loss === null ? "train.progress" : "train.progress_loss", params));
  }

  async stop() {
    hideTooltip();
    const wasTraining = this.training;
    if (wasTraining) this.stopTraining = true;
    const asked = performance.now();
    this.lastStop = null;
    const how = await this.python.stop();
    // How long until no Python ran any more (the issue asks for under a second).
    this.lastStop = { how, ms: performance.now() - asked };
    if (how === "idle") return;
    if (how === "terminated") {
      this.runWanted = false;
      this.setStatus("ok", () => t(wasTraining ? "stop.training" : "stop.code"));
    }
  }

  refreshButtons() {
    const busy = this.training || this.runInFlight;
    $("stop").disabled = !busy;
    $("train").disabled = this.training;
    $("weights-to-code").disabled = !this.trained || busy;
  }

  /** text: a string, or a function of nothing -> string (redrawn when the language changes). */
  setStatus(kind, text) {
    const el = $("status");
    this.statusKind = kind;
    this.statusText = typeof text === "function" ? text : null;
    el.className = `status ${kind}`;
    el.textContent = typeof text === "function" ? text() : text;
  }

  setTrainStatus(text) {
    this.trainText = typeof text === "function" ? text : null;
    $("train-status").textContent = typeof text === "function" ? text() : text;
  }
}

/** "4 → 2 relu → 1 sigmoid · 13 parameters" */
function describeShape(network) {
  let n = network.inputs;
  let params = 0;
  const parts = [String(n)];
  for (const layer of network.layers) {
    params += (n + 1) * layer.units;
    n = layer.units;
    parts.push(`${layer.units} ${layer.activation}`);
  }
  return t("shape", { layers: parts.join(" → "), params });
}

/** Build the page around an already started PythonWorker. */
export async function startPlayground(python, booting) {
  performance.mark("anne:ui-loaded");
  // The exercises, languages and an opened link load while playground.json comes and the
  // editor and charts are built (they need no state): neither waits for the other.
  const prepared = course.prepare(location.hash); // State.fromHash, or a share link
  prepared.catch(() => {}); // awaited below
  let config;
  try {
    const response = await fetch(new URL("../playground.json", import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    config = await response.json();
  } catch (error) {
    $("status").textContent = t("status.no_config", { error: error.message });
    return null;
  }
  const playground = new Playground(config, new State(), python, booting);
  window.playground = playground; // for the browser tests, the bench and curious students
  const { state, errors } = await prepared;
  playground.state = state;
  if (errors.length) playground.notice = "\n" + t("status.ignored", { list: errors.join("; ") });
  course.attach(playground); // exercises in the menu, the exercise panel, Share, the opened link
  await playground.start();
  return playground;
}
