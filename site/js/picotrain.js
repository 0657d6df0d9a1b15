// Train on the Pico: the part of the Send to Pico panel (pico.js) that trains the project on the
// board. pico.js sends the files first (as Send to Pico does, skipping unchanged ones) with the
// board's training script, made by the CLI's own builder (annetools/boardfiles.py train_py);
// then this module runs it (transport/deploy.js trainOnBoard) and, at the same time, has the
// browser's worker train the same code with the same settings and seed (float64), so the two
// loss curves are drawn together. The board's network (its model.json, read back) becomes the
// project's trained network, "from the Pico": every picture then shows it.

import { trainOnBoard } from "./transport/deploy.js";
import { createCurve } from "./render/linechart.js";
import { StaleWorker } from "./python.js";
import { t } from "./i18n.js";

// The browser's curve trains in calls of this many epochs, as Train does (playground.js).
const CURVE_SLICE = 10;

export const TRAINING_HTML = `
  <div class="pico-training" data-testid="pico-training" hidden>
    <svg class="curve pico-curve" data-testid="pico-curve" role="img"></svg>
    <p class="pico-legend small"><span class="pico-key board"></span><span data-testid="pico-legend-board"></span>
      <span class="pico-key browser"></span><span data-testid="pico-legend-browser"></span></p>
    <p class="small" data-testid="pico-train-stats"></p>
  </div>`;

/** The page's settings (playground.trainingSettings()) -> fit's, for the worker and the board. */
export function fitSettings(s) {
  return { epochs: s.epochs, lr: s.lr, optimizer: s.optimizer, loss: s.loss === "auto" ? null : s.loss,
    batch_size: s.batch, seed: s.seed };
}

/** The largest |board - browser| loss over the epochs both curves have, or null. */
export function largestDifference(board, browser) {
  let largest = null;
  const count = Math.min(board.length, browser.length);
  for (let i = 0; i < count; i++) {
    const diff = Math.abs(board[i].loss - browser[i].loss);
    largest = Number.isNaN(diff) ? Infinity : Math.max(largest ?? 0, diff);
  }
  return largest;
}

/** The board's time per epoch: the mean after the first (which also sets training up). */
export function msPerEpoch(board) {
  const times = (board.length > 1 ? board.slice(1) : board).map((e) => e.ms);
  return times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
}

const formatMs = (ms) => (ms === null ? "–" : ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
const formatDiff = (d) => (d === null ? "–" : d === 0 ? "0" : d.toExponential(1));

export class PicoTraining {
  constructor(section) {
    this.el = (id) => section.querySelector(`[data-testid="${id}"]`);
    this.box = this.el("pico-training");
    this.curve = createCurve(this.el("pico-curve"), {
      emptyText: () => t("pico.curve_empty"), reference: () => t("pico.curve_browser"),
    });
    this.board = [];     // [{epoch, loss, accuracy, ms}] as the board sent them
    this.browser = [];   // [{epoch, loss, accuracy}] from the worker
    this.epochs = 0;
    this.last = null;    // the last training's outcome, for tests and curious students
    this.label();
  }

  label() {
    this.el("pico-legend-board").textContent = t("pico.curve_board");
    this.el("pico-legend-browser").textContent = t("pico.curve_browser");
    this.curve.redraw();
    if (this.epochs) this.showStats();
  }

  /**
   * The training phase of Train on the Pico, once the files are on the board: run `script` on
   * the board behind `repl`, the browser's curve beside it. say(kind, key, params) reports to
   * the student, onText gets what the student's code prints, onProgress(done, total) the
   * epochs. -> the outcome {kind, epochs, ...}; a lost board rejects (the project untouched).
   */
  async run({ repl, script, settings, playground, say, onText, onProgress }) {
    this.board = [];
    this.browser = [];
    this.epochs = settings.epochs;
    this.curveLimit = null; // how far the browser's curve goes: all epochs until the board ended
    this.box.hidden = false;
    this.curve.reset(settings.epochs);
    this.showStats();
    const started = performance.now();
    const sent = projectKey(playground.project);
    const browserCurve = this.browserCurve(playground, settings);
    say("busy", "pico.train_starting");
    let result;
    try {
      result = await trainOnBoard(repl, script, {
        onText,
        onEvent: (event) => {
          if (event.kind !== "epoch") return;
          this.board.push({ epoch: event.n, loss: event.loss, accuracy: event.accuracy, ms: event.ms });
          this.curve.add([this.board.at(-1)], null);
          this.showStats();
          onProgress(event.n, settings.epochs);
        },
      });
    } finally {
      // As far as the board got (all of it, or the epochs it kept), then the curve ends.
      this.curveLimit = result?.end?.n ?? 0;
    }
    if (result.stderr) onText(result.stderr); // the board's traceback
    await browserCurve;
    this.showStats();
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    this.last = this.outcome(result, { settings, playground, sent, secs });
    say(this.last.tone, this.last.key, this.last.params);
    return this.last;
  }

  /** The worker trains the same project with the same settings, a slice per call, until done
   * or as far as the board got. A restarted worker (Stop of the page, a loop) ends it quietly. */
  async browserCurve(playground, settings) {
    const python = playground.python;
    try {
      let reply = await python.call("curve", { ...playground.project.request(), trained: null,
        ...fitSettings(settings), slice: CURVE_SLICE });
      for (;;) {
        if (!reply.ok) return;
        this.browser.push(...reply.history);
        this.curve.addReference(reply.history);
        this.showStats();
        if (reply.done) return;
        if (this.curveLimit !== null && this.browser.length >= this.curveLimit) {
          await python.call("curve", { stop: true });
          return;
        }
        reply = await python.call("curve", { more: true });
      }
    } catch (error) {
      if (!(error instanceof StaleWorker)) console.warn("Train on the Pico: the browser's curve failed:", error);
    }
  }

  showStats() {
    const done = this.board.length;
    this.el("pico-train-stats").textContent = t("pico.train_stats", {
      epoch: done, epochs: this.epochs, ms: formatMs(msPerEpoch(this.board)),
      largest: formatDiff(largestDifference(this.board, this.browser)),
      compared: Math.min(done, this.browser.length),
    });
  }

  /** What happened, in the student's words, and the board's network into the project. */
  outcome(result, { settings, playground, sent, secs }) {
    const find = (kind) => result.events.find((e) => e.kind === kind);
    const base = { largest: largestDifference(this.board, this.browser), ms: msPerEpoch(this.board),
      board: this.board.length, browser: this.browser.length };
    const refused = find("refused");
    if (refused) {
      return { ...base, kind: "refused", tone: "error", key: "pico.train_refused",
        params: { free: kb(refused.free), needed: kb(refused.needed) } };
    }
    const memory = find("memory");
    if (memory) return { ...base, kind: "memory", tone: "error", key: "pico.train_memory", params: { epochs: memory.n } };
    if (result.stderr || !result.end) return { ...base, kind: "failed", tone: "error", key: "pico.train_failed", params: {} };
    const { end } = result;
    if (!end.saved || !result.model) return { ...base, kind: "nothing", tone: "ok", key: "pico.train_nothing", params: {} };
    const params = { epochs: end.n, secs, ms: formatMs(base.ms) };
    if (projectKey(playground.project) !== sent || playground.training) {
      return { ...base, kind: "kept_on_board", tone: "warn", epochs: end.n, params,
        key: playground.training ? "pico.train_browser_busy" : "pico.train_code_changed" };
    }
    const { about, ...model } = result.model;
    const history = this.board.filter((e) => e.epoch <= end.n).map(({ epoch, loss, accuracy }) => ({ epoch, loss, accuracy }));
    if (history.at(-1)?.epoch !== end.n && "loss" in end) history.push({ epoch: end.n, loss: end.loss, accuracy: end.accuracy });
    playground.useTrained({ model, epochs: end.n, optimizer: settings.optimizer, lr: settings.lr, batch: settings.batch,
      seed: settings.seed, loss: settings.loss, from: "pico", history });
    return { ...base, kind: end.stopped ? "stopped" : "done", tone: "ok", epochs: end.n,
      key: end.stopped ? "pico.train_stopped" : "pico.train_done", params };
  }
}

/** What the board trained from: the project's code and edited modules. */
function projectKey(project) {
  return JSON.stringify([project.code, project.modules]);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
