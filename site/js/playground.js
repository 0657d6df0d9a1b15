// The playground's controller (loaded by main.js while Python boots): one update path, edit or control -> state -> (debounced)
// Python run in the worker -> render. Each run carries a generation number; a reply for
// code that has changed since is dropped. Renderers get plain data, never Python objects.
import { createEditor } from "./editor.js";
import { FIELDS, State, OPTIMIZERS } from "./state.js";
import { Project } from "./project.js";
import * as course from "./course.js"; // issue 7: exercises, share links, English/German
import { StaleWorker } from "./python.js";
import { createDecisionMap } from "./render/heatmap.js";
import { createNetwork } from "./render/network.js";
import { formatAccuracy, renderConfusion } from "./render/confusion.js";
import { createCurve } from "./render/linechart.js";
import { hideTooltip } from "./render/tooltip.js";
import { errorMessage, errorPlace, featureName, language, t, onLanguageChange } from "./i18n.js";
import { OpenError, asTexts, fromDrop, unzip } from "./openfiles.js";

const EXERCISE = "exercise.py";
const AUTORUN_MS = 120;        // pause in typing before the code runs
const ERROR_PAUSE_MS = 600;    // an error of code being typed waits for this pause in typing
const SLOW_RUN_MS = 1000;      // then the status suggests Stop
const RUNAWAY_MS = 1500;       // a newer edit waiting this long on an old run restarts Python
// The decision map comes in two passes: a coarse one right after each run (fast feedback
// while typing), then the fine one unless newer code is already waiting.
const GRID_FAST = 20;
const GRID_FIRST = 12;   // the page's very first map: on screen sooner, the fine one follows at once
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
    this.trainingAbandoned = false; // an edit during training: its result is not kept
    this.trainHistory = [];         // the running training's loss curve, every epoch
    this.project = null;            // the student's project (project.js), made by createProject()
    this.runAfterTraining = false;
    this.lastRenderAt = 0;
    this.renderTimes = [];          // recent render times, for the bench
    this.notice = "";               // said once with the next good run (e.g. a bad link value)
    this.pendingProgress = [];      // training progress not drawn yet
    this.progressFrame = 0;
    this.held = false;              // issue 7: a shared link's code waits for an explicit Run
    // Resolves with the first reply (or when there will be none: a held link, a failed start).
    this.firstResult = new Promise((resolve) => { this.firstResultDone = resolve; });

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
    this.lang = language();
    onLanguageChange((lang) => {
      const old = this.lang;
      this.lang = lang;
      if (this.statusText) this.setStatus(this.statusKind, this.statusText);
      if (this.trainText) this.setTrainStatus(this.trainText);
      this.editor.setLabel(t("editor.label"));
      if (this.data) this.fillDataControls();
      if (this.view) this.draw(this.view);
      this.curve.redraw();
      this.showNetworkSource();
      this.validateTrainingFields();
      this.followLanguage(old, lang);
    });
  }

  /** Start code nobody has edited follows a switch of language (its comments are translated);
   * an edited text is the student's and stays as it is. */
  followLanguage(old, lang) {
    if (!this.project || old === lang) return;
    const preset = this.state.preset;
    const before = this.presetCode(preset, old);
    const after = this.presetCode(preset, lang);
    if (before !== after && this.project.code === before) {
      this.project.translate(after);
      this.translating = true; // not an edit: no run, no trained network set aside
      try {
        this.syncEditor(`${preset}/${EXERCISE}`, after);
      } finally {
        this.translating = false;
      }
    }
    // Kept editor texts of other exercises, unedited: forgotten, so they open in the new language.
    for (const id of Object.keys(this.config.presets)) {
      const key = `${id}/${EXERCISE}`;
      if (id !== preset && this.editor.textOf(key) === this.presetCode(id, old)) this.editor.forget(key);
    }
  }

  /** The project of the exercise in the State (called once the exercises are known). */
  createProject() {
    this.project = new Project(this.state.preset, {
      startCode: (exercise) => this.presetCode(exercise),
      original: (name) => this.originals.get(name),
      onWarning: () => this.setStatus("error", () => t("status.no_autosave")),
    });
    return this.project;
  }

  // ---- start ------------------------------------------------------------------------
  async start() {
    performance.mark("anne:ui-ready");
    this.editor.setLabel(t("editor.label"));
    this.bindControls();
    this.openExercise();
    this.showTrainedCurve();
    this.setStatus("busy", () => t("status.loading"));
    try {
      this.data = await this.booting;
    } catch (error) {
      this.setStatus("error", () => t("status.no_python", { error: error.message || error }));
      this.firstResultDone();
      this.editor.load(); // the code stays editable (and can be copied) without Python
      return;
    }
    this.fillDataControls();
    this.runNow();
    if (this.held) this.firstResultDone(); // a link's code waits for Run: nothing more to wait for
    // CodeMirror after the first pictures: they do not need it (editor.js shows the text meanwhile).
    this.firstResult.then(() => this.editor.load());
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
    // Marked at the field while typing; Train waits until both are valid.
    for (const id of ["epochs", "lr"]) $(id).addEventListener("input", () => this.validateTrainingFields());
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
      $(id).replaceChildren(...features.map((_, j) => new Option(featureName(this.data, j).replace(/ \(cm\)$/, ""), j)));
      $(id).value = this.state[id];
    }
    $("sample").replaceChildren(...this.data.points.map((p, i) =>
      new Option(t(p.test ? "data.sample_test" : "data.sample", { row: p.row, name: this.data.classes[p.y] }), i)));
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
    if (id !== "optimizer" && fieldProblem(id, text)) {
      this.validateTrainingFields();
      return false;
    }
    this.state = this.state.with({ [id]: id === "optimizer" ? text : Number(text) });
    history.replaceState(null, "", this.state.toHash() || location.pathname + location.search);
    this.validateTrainingFields();
    return true;
  }

  /** Mark epochs and lr where they are when out of range (with the range allowed); -> all valid. */
  validateTrainingFields() {
    const problems = [];
    for (const id of ["epochs", "lr"]) {
      const problem = fieldProblem(id, $(id).value);
      $(id).setAttribute("aria-invalid", String(!!problem));
      if (problem) problems.push(problem);
    }
    const box = $("train-fields-error");
    box.hidden = !problems.length;
    box.textContent = problems.join(" ");
    this.fieldsValid = !problems.length;
    this.refreshButtons();
    return this.fieldsValid;
  }

  // ---- files and presets ------------------------------------------------------------
  /** An exercise's start code in a language (the page's by default). */
  presetCode(preset = this.state.preset, lang = language()) {
    const entry = this.config.presets[preset];
    return entry.codes?.[lang] ?? entry.code;
  }

  openExercise() {
    const key = `${this.state.preset}/${EXERCISE}`;
    this.editor.open(key, this.project.code);
    this.syncEditor(key, this.project.code);
    this.showFileTab(EXERCISE);
  }

  /** The editor's copy of a file follows a change made elsewhere (a link, Open project, Reset),
   * as one undoable edit. */
  syncEditor(key, text) {
    const shown = this.editor.textOf(key);
    if (shown !== null && shown !== text) this.editor.replace(key, text);
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
    this.editor.open(name, this.project.modules[name] ?? original);
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
    this.project.open(preset);
    this.openExercise();
    this.showTrainedCurve();
    this.notifyExercise();
    this.runNow();
  }

  /** fn(exercise id) whenever another exercise opens (the exercise panel follows). */
  onExercise(fn) {
    (this.exerciseListeners ??= []).push(fn);
  }

  notifyExercise() {
    $("preset").value = this.state.preset;
    for (const fn of this.exerciseListeners || []) fn(this.state.preset);
  }

  /** Reset to original: the file shown; for exercise.py with edited modules, the modules too if asked. */
  async resetFile() {
    const file = this.currentFile();
    const modules = this.project.editedModules();
    let choice = "code";
    if (file === EXERCISE && modules.length) {
      $("reset-text").textContent = t("reset.ask", { modules: modules.join(", ") });
      choice = await ask($("reset-dialog"));
      if (choice !== "code" && choice !== "all") return;
    }
    if (file === EXERCISE) {
      this.editor.replace(this.editor.file, this.presetCode()); // one undoable change
      if (choice === "all") for (const name of modules) await this.resetModule(name);
    } else {
      await this.resetModule(file);
    }
    this.markEditedFiles();
    const what = choice === "all" ? [EXERCISE, ...modules].join(", ") : file;
    this.setStatus("ok", () => t("status.reset", { file: what }));
    this.notice = " " + t("status.reset", { file: what }); // said again with the run's result
    this.runNow();
  }

  async resetModule(name) {
    const original = await this.original(name);
    if (this.editor.has(name)) this.editor.replace(name, original); // the shown file: through onEdit
    if (name !== this.editor.file) this.noteEdit(this.project.setModule(name, original));
  }

  onEdit(editorKey, text) {
    if (this.translating) return;
    this.lastKeyAt = performance.now();
    clearTimeout(this.errorTimer); // an error of the text before this key is no news any more
    const exercise = editorKey.endsWith("/" + EXERCISE);
    const outcome = exercise ? this.project.setCode(text, editorKey.split("/")[0]) : this.project.setModule(editorKey, text);
    this.noteEdit(outcome);
    if (!exercise) this.markEditedFiles();
    if (this.training) this.stopTrainingForEdit();
    if (this.state.autorun) this.scheduleRun();
  }

  /** After an edit: "aside" (the trained network was put aside) or "back" (undone: it is back). */
  noteEdit(outcome) {
    if (!outcome) return;
    this.showNetworkSource();
    if (outcome === "back") this.showTrainedCurve();
    this.refreshButtons();
  }

  markEditedFiles() {
    const edited = new Set(this.project.editedModules());
    for (const option of $("file-select").options) {
      if (option.value) option.textContent = option.value + (edited.has(option.value) ? " •" : "");
    }
  }

  /** The request every run sends: the project (code, edited modules, trained network), the view. */
  request() {
    return { ...this.project.request(), fx: this.state.fx, fy: this.state.fy, sample: this.state.sample };
  }

  /** The project as every consumer reads it (Check, Share, Send to Pico, Download). */
  snapshot() {
    return this.project.snapshot(this.state);
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
    this.explicitRun = explicit;
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
        reply = await this.python.call("run", { ...request, grid: this.runCount ? GRID_FAST : GRID_FIRST });
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
    this.firstResultDone(); // pictures or an error: the start is over either way
    this.showOutput(reply.output);
    clearTimeout(this.errorTimer);
    if (!reply.ok) {
      this.showErrorCalmly(reply.error);
      return;
    }
    this.editor.clearError();
    $("traceback-box").hidden = true;
    this.render(reply.view);
    this.showNetworkSource();
    if (ms !== null) {
      const params = { ms: Math.round(ms), accuracy: formatAccuracy(reply.view.accuracy) };
      const notice = this.notice;
      this.setStatus("ok", () => t("status.ran", params) + notice);
      this.notice = "";
    }
  }

  render(view) {
    this.view = view;
    this.draw(view);
    this.runCount++;
    this.lastRenderAt = performance.now();
    this.renderTimes.push(this.lastRenderAt);
    if (this.renderTimes.length > 50) this.renderTimes.shift();
    if (this.runCount === 1) performance.mark("anne:first-result");
    document.body.dataset.renders = String(this.runCount);
  }

  /** Every picture of a view (also again after a switch of language: no run is counted). */
  draw(view) {
    const data = this.data;
    this.map.update(view, data, view.trace.sample);
    this.network.update(view.network, view.trace, data);
    renderConfusion($("confusion"), $("accuracy"), view, data.classes);
    $("train-accuracy").textContent = formatAccuracy(view.train_accuracy);
    $("shape").textContent = describeShape(view.network);
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

  /** While the student types, half-written code is often wrong ("unknown activation 'r'" after
   * one key of "relu"): its error waits for a pause of ERROR_PAUSE_MS; valid code draws at once. */
  showErrorCalmly(error) {
    const wait = (this.lastKeyAt || 0) + ERROR_PAUSE_MS - performance.now();
    if (this.explicitRun || wait <= 0) {
      this.showError(error);
      return;
    }
    this.errorTimer = setTimeout(() => this.showError(error), wait);
  }

  showError(error) {
    const pictures = !!this.view;
    this.setStatus("error", () => t(pictures ? "status.error" : "status.error_no_pictures",
      { where: errorPlace(error), type: error.type, message: errorMessage(error) }));
    $("traceback").textContent = error.traceback || "";
    $("traceback-box").hidden = !error.traceback;
    const shown = this.currentFile();
    if (error.line && (error.file || EXERCISE) === shown) this.editor.markError(error.line);
    else this.editor.clearError();
  }

  // ---- training ---------------------------------------------------------------------
  /** Train the code's network with the page's settings; its result becomes the project's
   * trained network (saved, survives a reload) and every picture shows it. */
  async train() {
    if (this.training || !this.trainingSettings()) return;
    this.held = false; // Train is an explicit run
    this.training = true;
    this.trainingAbandoned = false;
    this.trainHistory = [];
    this.refreshButtons();
    this.curve.reset(this.state.epochs);
    this.setTrainStatus(() => t("train.running"));
    const epochs = this.state.epochs;
    this.setStatus("busy", () => t("train.busy", { epochs }));
    this.showNetworkSource({ epoch: 0, epochs });
    const started = performance.now();
    const s = this.state;
    const request = { ...this.request(), trained: null, grid: GRID_FAST, epochs: s.epochs, lr: s.lr,
      optimizer: s.optimizer, loss: s.loss === "auto" ? null : s.loss, batch_size: s.batch, seed: s.seed,
      slice: TRAIN_SLICE };
    this.stopTraining = false;
    try {
      let reply = await this.python.call("train", request);
      // Stop between two slices (no Python running) is a stop too: the last call draws.
      while (reply.ok && reply.more) reply = await this.python.call("train_more", { stop: this.stopTraining });
      if (this.trainingAbandoned) return; // an edit stopped it: the code's network runs next
      this.drawProgress(); // what came before the reply, first
      this.showOutput(reply.output);
      if (!reply.ok) {
        this.showError(reply.error);
        this.setTrainStatus(() => t("train.not_run"));
      } else {
        const tr = reply.view.training;
        if (tr.history?.length) this.curve.add(tr.history, null);
        this.trainHistory.push(...(tr.history || []));
        this.project.setTrained({
          model: reply.view.model, epochs: tr.epochs_done, optimizer: s.optimizer, lr: s.lr, batch: s.batch,
          seed: s.seed, loss: s.loss, from: "browser", history: this.trainHistory,
        });
        this.editor.clearError();
        this.render(reply.view);
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        this.refineAfterTraining(request);
        const params = { epochs: tr.epochs_done, secs, accuracy: formatAccuracy(reply.view.accuracy) };
        const text = () => t(tr.stopped ? "train.stopped" : "train.done", params);
        this.setTrainStatus(text);
        this.setStatus("ok", () => t("train.done_status", { text: text() }));
      }
    } catch (error) {
      if (this.trainingAbandoned) return;
      if (error instanceof StaleWorker) {
        // Python was restarted: the trained weights went with it. The code's network is shown again.
        this.drawProgress();
        const epochs = this.curve.length;
        this.setTrainStatus(() => t("train.restarted", { epochs }));
        this.runAfterTraining = true;
      } else {
        this.setStatus("error", () => t("train.failed", { error: error.message || error }));
      }
    } finally {
      this.training = false;
      this.showNetworkSource();
      this.refreshButtons();
      if (this.runAfterTraining || this.trainingAbandoned) {
        this.runAfterTraining = false;
        this.runNow();
      }
    }
  }

  /** The training fields, read and checked -> {epochs, lr, optimizer, loss, batch, seed} (the
   * State's), or null when a field is not valid (it says why). Train and Train on the Pico. */
  trainingSettings() {
    if (!this.validateTrainingFields()) return null;
    const fields = { epochs: $("epochs").value, lr: $("lr").value, optimizer: $("optimizer").value };
    for (const [id, text] of Object.entries(fields)) if (!this.readTrainingField(id, String(text))) return null;
    const { epochs, lr, optimizer, loss, batch, seed } = this.state;
    return { epochs, lr, optimizer, loss, batch, seed };
  }

  /** A network trained elsewhere (Train on the Pico: {model, epochs, ..., from, history})
   * becomes the project's, and every picture shows it. */
  useTrained(trained) {
    this.project.setTrained(trained);
    this.showTrainedCurve();
    this.showNetworkSource();
    this.refreshButtons();
    this.runNow(true);
  }

  /** An edit during training stops it at once (its weights are not kept: the code changed). */
  stopTrainingForEdit() {
    if (this.trainingAbandoned) return;
    this.trainingAbandoned = true;
    this.stopTraining = true;
    this.pendingProgress = [];
    this.python.stop();
    this.setTrainStatus(() => t("train.stopped_by_edit"));
    this.setStatus("busy", () => t("train.stopped_by_edit"));
  }

  /** The trained network's loss curve (after a reload, another exercise, an undo), or an empty one. */
  showTrainedCurve() {
    const trained = this.project.trained;
    this.curve.reset(trained?.epochs || this.state.epochs);
    if (trained?.history?.length) this.curve.add(trained.history, null);
  }

  /** Which network the pictures show: the code's, the trained one (how), or training's progress. */
  showNetworkSource(progress = null) {
    const box = $("network-source");
    if (!box || !this.project) return;
    const trained = this.project.trained;
    let kind;
    let text;
    if (progress) {
      kind = "training";
      text = t("source.training", { epoch: progress.epoch, epochs: progress.epochs });
    } else if (trained) {
      kind = "trained";
      text = t(trained.from === "pico" ? "source.trained_pico" : "source.trained",
        { epochs: trained.epochs, optimizer: trained.optimizer, lr: trained.lr });
    } else {
      kind = "code";
      text = t("source.code");
    }
    box.dataset.source = kind;
    const parts = [document.createTextNode(text)];
    const undo = !progress && this.project.undoTarget();
    if (undo) {
      parts.push(document.createTextNode(t("source.aside")));
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.testid = "undo-trained";
      button.textContent = t("source.undo");
      button.addEventListener("click", () => this.undoEdit());
      parts.push(button);
    }
    box.replaceChildren(...parts);
  }

  /** Undo the edit that put the trained network aside: its code and modules come back, and with
   * them (project.edit sees the same texts) the trained network. */
  async undoEdit() {
    const target = this.project.undoTarget();
    if (!target) return;
    for (const name of new Set([...this.project.editedModules(), ...Object.keys(target.modules)])) {
      const text = target.modules[name] ?? await this.original(name);
      if (this.editor.has(name)) this.syncEditor(name, text);
      if (name !== this.editor.file) this.noteEdit(this.project.setModule(name, text));
    }
    const key = `${this.state.preset}/${EXERCISE}`;
    if (this.editor.has(key)) this.syncEditor(key, target.code);
    if (key !== this.editor.file) this.noteEdit(this.project.setCode(target.code));
    this.markEditedFiles();
    this.runNow();
  }

  // ---- opening files: a project (.zip, folder) or a model file (.json) -------------------
  /** "Open…" (a file input) and a .zip, .json or folder dropped anywhere on the page. */
  bindModelFile() {
    const input = $("model-file");
    $("load-model").addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = ""; // the same file again is a new choice
      if (file) this.openFromDisk(file);
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
      const dropped = fromDrop(e.dataTransfer); // read the items now: they are gone after this event
      dropped.then((what) => {
        if (what?.kind === "folder") return this.openProjectFiles(what.files, what.name);
        if (what?.kind === "file") return this.openFromDisk(what.file);
        return null;
      }).catch((error) => this.refuseOpen(error, ""));
    }, true);
  }

  /** A .zip (a project) or a .json (a model file) the student chose. */
  async openFromDisk(file) {
    const name = file.name || "model.json";
    if (this.training) return this.refuseOpen(new OpenError("model.busy"), name);
    if (file.size > MODEL_FILE_MAX) return this.refuseOpen(new OpenError("model.too_large", { size: file.size, max: MODEL_FILE_MAX }), name);
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      return this.refuseOpen(new OpenError("model.unreadable", { error: error.message || error }), name);
    }
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": every .zip starts so
    try {
      if (zip) return await this.openProjectFiles(unzip(bytes), name);
      return await this.loadModelText(asTexts({ [name]: bytes })[name], name);
    } catch (error) {
      return this.refuseOpen(error, name);
    }
  }

  refuseOpen(error, name) {
    if (error instanceof OpenError) this.setStatus("error", () => t(error.key, { name, ...error.params }));
    else this.setStatus("error", () => t("open.failed", { name, error: error.message || error }));
  }

  /** A model file -> code that builds it, in the exercise (one undoable change), then a run.
   * A file that is not a model gives a message and leaves the code as it is. */
  async loadModelText(text, name) {
    const reply = await this.ask("model_file", { text, name, header: t("model.header") });
    if (!reply) return;
    if (!reply.ok) throw new OpenError("model.bad", { message: errorMessage(reply.error) });
    if (this.currentFile() !== EXERCISE) this.openExercise();
    this.notice = " " + t("model.loaded", { name });
    this.editor.replace(this.editor.file, reply.code); // autosaves; Ctrl+Z brings the old code back
    this.runNow(true);
  }

  /** The files of a Download for Pico .zip or folder -> that project, in place of the student's
   * (kept aside: the notice offers it back). */
  async openProjectFiles(files, name) {
    if (this.training) throw new OpenError("model.busy");
    if (!Object.keys(files).length) throw new OpenError("open.empty");
    const reply = await this.ask("read_project", { files: asTexts(files) });
    if (!reply) return;
    if (!reply.ok) throw new OpenError("open.not_project", { message: errorMessage(reply.error) });
    const { kept, warnings } = await this.loadProject(reply.project);
    const notes = (reply.notes || []).map((note) => t(`open.note_${note.key}`, { name: note.name }));
    const texts = [t("open.opened", { name })].concat(notes, warnings);
    course.notice(texts.join(" "), warnings.length ? "error" : "ok", kept ? course.restoreAction(this) : null);
  }

  /** A project (from a link or Open project: {exercise, code, modules, trained, settings}) replaces
   * the student's, which is kept aside. hold: show it but run nothing until Run (links).
   * -> {kept: whether own work was put aside, warnings: what could not be taken over}. */
  async loadProject(project, { hold = false } = {}) {
    const warnings = [];
    const presets = FIELDS.find((f) => f.name === "preset").words;
    let exercise = project.exercise;
    if (!presets.includes(exercise)) {
      if (exercise) warnings.push(t("open.unknown_exercise", { id: exercise }));
      exercise = this.state.preset;
    }
    const modules = {};
    for (const [name, text] of Object.entries(project.modules || {})) {
      if (!this.config.anne_files.includes(name)) {
        warnings.push(t("open.unknown_module", { name }));
        continue;
      }
      try {
        await this.original(name); // known before the project compares against it
        modules[name] = text;
      } catch (error) {
        warnings.push(t("status.cannot_open", { file: name, error: error.message }));
      }
    }
    let state = this.state.with({ preset: exercise });
    for (const [key, value] of Object.entries(project.settings || {})) {
      if (key === "preset") continue;
      try {
        state = state.with({ [key]: value });
      } catch {
        // a setting this page does not know or allow: the page's own stays
      }
    }
    this.held = hold;
    const kept = this.project.replace({ exercise, code: project.code ?? this.presetCode(exercise), modules,
      trained: project.trained || null });
    this.state = state;
    history.replaceState(null, "", this.state.toHash() || location.pathname + location.search);
    this.afterProjectChange();
    if (!hold) this.runNow(true);
    return { kept, warnings };
  }

  /** The student's own project, put aside by a link or Open project, back; false if none. */
  restoreProject() {
    const exercise = this.project.restoreBackup();
    if (!exercise) return false;
    this.held = false;
    this.state = this.state.with({ preset: exercise });
    history.replaceState(null, "", this.state.toHash() || location.pathname + location.search);
    this.afterProjectChange();
    this.runNow(true);
    return true;
  }

  /** After the whole project changed: controls, editor texts, menus, curve, labels. */
  afterProjectChange() {
    this.showControls();
    this.openExercise();
    for (const name of this.config.anne_files) {
      if (this.editor.has(name)) this.syncEditor(name, this.project.modules[name] ?? this.originals.get(name));
    }
    this.markEditedFiles();
    this.showTrainedCurve();
    this.notifyExercise();
    this.showNetworkSource();
    this.validateTrainingFields();
  }

  /** The controls show the State (after a project or link changed it). */
  showControls() {
    for (const id of ["epochs", "lr", "optimizer"]) $(id).value = this.state[id];
    $("autorun").checked = this.state.autorun;
    if (this.data) for (const id of ["fx", "fy", "sample"]) $(id).value = this.state[id];
  }

  /** Append the trained network to the exercise code: the code then makes it, weights and all. */
  async weightsToCode() {
    const trained = this.project.trained;
    if (!trained) return;
    const { epochs, optimizer, lr } = trained;
    const note = t(trained.from === "pico" ? "weights.note_pico" : "weights.note", { epochs, optimizer, lr });
    const reply = await this.ask("weights_source", { note });
    if (!reply) return;
    if (!reply.ok) {
      this.showError(reply.error);
      return;
    }
    if (this.currentFile() !== EXERCISE) this.openExercise();
    const text = this.editor.text();
    this.editor.replace(this.editor.file, text + (text.endsWith("\n") ? "" : "\n") + reply.code);
    this.project.setAside = null; // nothing was lost: the code holds these weights now
    this.showNetworkSource();
    this.refreshButtons();
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
    if (!batch.length || this.trainingAbandoned) return;
    for (const p of batch) {
      this.curve.add(p.history, { epoch: p.epoch, accuracy: p.accuracy }, false);
      this.trainHistory.push(...p.history);
    }
    this.curve.redraw();
    const progress = batch[batch.length - 1];
    // Every panel from this one report's weights: map, network, matrix, accuracies.
    if (progress.view) this.render(progress.view);
    this.showNetworkSource(progress);
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
    $("train").disabled = this.training || this.fieldsValid === false;
    $("weights-to-code").disabled = !this.project?.trained || busy;
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

/** A training field's text -> "lr: 0 is not allowed (0.000001 to 10)" or null when valid. */
function fieldProblem(id, text) {
  const field = FIELDS.find((f) => f.name === id);
  const value = Number(text);
  const range = { min: field.min, max: field.max };
  if (String(text).trim() === "" || !Number.isFinite(value)) return t("field.not_number", { field: id, ...range });
  if (field.type === "int" && !Number.isInteger(value)) return t("field.not_whole", { field: id, ...range });
  if (value < field.min || value > field.max) return t("field.range", { field: id, value: text, ...range });
  return null;
}

/** Show a <dialog> and wait for the button it closes with -> its value ("" for Esc). */
function ask(dialog) {
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
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
  course.attach(playground); // exercises in the menu, the exercise panel, Share, the language
  playground.createProject();
  await course.openLink(playground); // a share link in the address: its project, held until Run
  await playground.start();
  return playground;
}
