// Send to Pico: the panel under the editor that puts the student's project on a plugged-in
// Raspberry Pi Pico over Web Serial and shows what the board prints. The files come from the
// worker, made by the CLI's own builder (annetools/boardfiles.py: anne/ with the student's
// edited modules, model.json with the network the page shows, main.py running the student's
// code); this file only moves their bytes (site/js/transport/) and shows what happens.
// Download for Pico (.zip) gives the same files in every browser, without Web Serial.

import { BoardError, SerialUnsupportedError } from "./transport/errors.js";
import { boardInfo, runMain } from "./transport/deploy.js";
import { PicoTraining, TRAINING_HTML, fitSettings } from "./picotrain.js";
import { RawRepl } from "./transport/rawrepl.js";
import { SerialLink, grantedPorts, requestPort, serialUnsupportedReason } from "./transport/serial.js";
import { CodeLoops, boardFiles, describeFailure, downloadProject } from "./download.js";
import { compileOption, deployProject } from "./compile.js";
import { t, onLanguageChange } from "./i18n.js";

const CONSOLE_LIMIT = 40000;       // characters kept in the console panel
const OLDEST_SUPPORTED = [1, 22];  // MicroPython version the anne/ code is checked against
// float32 keeps about 7 significant digits: the paper's nets on the Pico differ from float64 by
// less than this. More means the board runs another network than the one that was sent.
const FLOAT32_TOLERANCE = 1e-5;

const utf8 = (text) => new TextEncoder().encode(text);

// Structure only: every text comes from the i18n tables (label(), in the page's language).
const HTML = `
  <h2 class="pico-title" data-text="pico.title"></h2>
  <p class="pico-intro small" data-text="pico.intro"></p>
  <div class="pico-actions">
    <button data-testid="send-to-pico" class="primary" data-title="pico.send_title"></button>
    <button data-testid="pico-train"></button>
    <button data-testid="pico-download"></button>
    <label class="field check" data-title="pico.run_after_title">
      <input type="checkbox" data-testid="pico-run-after" checked> <span data-text="pico.run_after"></span></label>
    <button data-testid="pico-stop" data-title="pico.stop_title" disabled></button>
    <button data-testid="pico-reset" data-text="pico.reset" data-title="pico.reset_title" disabled></button>
    <button data-testid="pico-disconnect" data-text="pico.disconnect" data-title="pico.disconnect_title" disabled></button>
    <span data-testid="pico-board" class="pico-board small"></span>
  </div>
  <div class="pico-progress-row" hidden>
    <progress data-testid="pico-progress" max="1" value="0" data-label="pico.progress_label"></progress>
    <span data-testid="pico-progress-text" class="small"></span>
  </div>
  <div data-testid="pico-message" class="pico-message" role="status" aria-live="polite"></div>${TRAINING_HTML}
  <pre data-testid="pico-console" class="pico-console" data-label="pico.console_label" tabindex="0" hidden></pre>
  <details class="pico-compare" data-testid="pico-compare-box" hidden>
    <summary data-text="pico.compare_summary"></summary>
    <p class="small" data-text="pico.compare_text"></p>
    <p data-testid="pico-compare-verdict" class="pico-verdict"></p>
    <table data-testid="pico-compare"></table>
  </details>`;

/** Console text for board bytes: \r\n and lone \r handled, protocol bytes dropped. */
export class ConsoleText {
  constructor() {
    this.lines = [""];
    this.column = 0;
    this.decoder = new TextDecoder();
  }

  write(bytes) {
    const text = this.decoder.decode(bytes, { stream: true });
    for (const ch of text) {
      const last = this.lines.length - 1;
      if (ch === "\n") {
        this.lines.push("");
        this.column = 0;
      } else if (ch === "\r") {
        this.column = 0; // a following \n ends the line; other text overwrites it, as a terminal does
      } else if (ch === "\b") {
        this.column = Math.max(0, this.column - 1);
      } else if (ch >= " " || ch === "\t") {
        const line = this.lines[last];
        this.lines[last] = line.slice(0, this.column) + ch + line.slice(this.column + 1);
        this.column += 1;
      }
    }
    if (this.lines.length > 2000) this.lines.splice(0, this.lines.length - 2000);
  }

  text() {
    const all = this.lines.join("\n");
    return all.length > CONSOLE_LIMIT ? all.slice(-CONSOLE_LIMIT) : all;
  }
}

class PicoPanel {
  constructor(section) {
    this.section = section;
    this.link = null;
    this.repl = null;
    this.busy = null;        // "connecting" | "sending" | "running" | "training" | "resetting"
    this.abort = null;       // AbortController of the deploy in flight
    this.console = new ConsoleText();
    this.built = null;       // the worker's last board_files reply (files, the network's outputs)
    this.sent = null;        // what the last send put on the board: {outputs, network}
    this.lastFiles = null;   // the file set of the last deploy, for tests and curious students
    this.lastReport = null;
    this.shownError = null;
    this.actions = 0;        // finished button actions (send, reset), for tests to wait on
    section.classList.add("pico-panel");
    section.innerHTML = HTML;
    this.el = (id) => section.querySelector(`[data-testid="${id}"]`);
    this.saidKey = null;     // the message shown, as an i18n key: said again in another language
    this.training = new PicoTraining(section);
    this.el("send-to-pico").addEventListener("click", () => this.send());
    this.el("pico-train").addEventListener("click", () => this.train());
    this.el("pico-download").addEventListener("click", () => this.download());
    this.el("pico-stop").addEventListener("click", () => this.stop());
    this.el("pico-reset").addEventListener("click", () => this.softReset());
    this.el("pico-disconnect").addEventListener("click", () => this.disconnect());
    if (serialUnsupportedReason()) this.say("warn", this.noSerialText());
    this.label();
    onLanguageChange(() => {
      this.label();
      this.training.label();
      if (this.saidKey) this.sayKey(...this.saidKey);
      else if (serialUnsupportedReason() && !this.busy && this.el("pico-message").classList.contains("warn")) {
        this.say("warn", this.noSerialText());
      }
    });
    this.compiled = compileOption(); // "send anne/ compiled (.mpy)", beside "run it"
    this.el("pico-run-after").closest("label").after(this.compiled);
    this.refresh();
  }

  label() {
    for (const el of this.section.querySelectorAll("[data-text]")) el.textContent = t(el.dataset.text);
    for (const el of this.section.querySelectorAll("[data-title]")) el.title = t(el.dataset.title);
    for (const el of this.section.querySelectorAll("[data-label]")) el.setAttribute("aria-label", t(el.dataset.label));
    this.el("send-to-pico").textContent = t(this.link?.connected ? "pico.send" : "pico.connect_send");
    if (this.boardInfo) this.showBoard(this.boardInfo);
    if (this.lastProgress) this.progress(this.lastProgress);
    if (this.lastCompare) this.compareVerdict();
    const button = this.el("pico-download");
    button.textContent = t("download.button");
    button.title = t("download.button_title");
    const train = this.el("pico-train");
    train.textContent = t("pico.train_button");
    train.title = t("pico.train_title");
    // Not just "Stop": the bar's Stop stops the browser's Python, this one the board (the name
    // starts with the visible word, for voice control).
    this.el("pico-stop").textContent = t("pico.stop");
    this.el("pico-stop").setAttribute("aria-label", t("pico.stop_name"));
  }

  /** Why Send to Pico cannot work in this browser, and what works instead (the download). */
  noSerialText() {
    return t(globalThis.isSecureContext === false ? "pico.insecure" : "pico.no_serial");
  }

  async download() {
    this.el("pico-download").disabled = true;
    try {
      const result = await downloadProject(window.playground);
      if (result.ok) this.say("ok", t("pico.downloaded", { name: result.name }));
      else this.say("error", result.message);
    } finally {
      this.el("pico-download").disabled = false;
    }
  }

  // ---- what the student sees --------------------------------------------------------

  /** A message from the i18n tables: said again when the language changes. */
  sayKey(kind, key, params = {}) {
    this.say(kind, t(key, params));
    this.saidKey = [kind, key, params];
  }

  say(kind, text) {
    this.saidKey = null;
    const box = this.el("pico-message");
    box.className = `pico-message ${kind}`;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text;
  }

  fail(error) {
    if (error === this.shownError) return; // the disconnect event and the failed call report the same error
    this.shownError = error;
    // The transport's errors name their message (transport.<key>): said in the page's language.
    if (error?.key) this.sayKey("error", `transport.${error.key}`, error.params);
    else this.say("error", error && error.message ? error.message : String(error));
    if (!(error instanceof BoardError)) console.warn("Send to Pico:", error); // unexpected: keep the stack
  }

  refresh() {
    const connected = !!(this.link && this.link.connected);
    this.el("send-to-pico").disabled = this.busy !== null;
    this.el("pico-train").disabled = this.busy !== null;
    // Stop: Ctrl-C to a running program (also main.py after a soft reset, or a training), or cancel a copy.
    const running = this.busy === "running" || this.busy === "training";
    this.el("pico-stop").disabled = !connected || !(this.busy === null || running || this.busy === "sending");
    this.el("pico-reset").disabled = !connected || this.busy !== null;
    this.el("pico-disconnect").disabled = !connected || (this.busy !== null && !running);
    this.el("send-to-pico").textContent = t(connected ? "pico.send" : "pico.connect_send");
    this.section.dataset.state = this.busy || (connected ? "connected" : "disconnected");
  }

  showConsole(bytes) {
    this.console.write(bytes);
    const pre = this.el("pico-console");
    pre.hidden = false;
    pre.textContent = this.console.text();
    pre.scrollTop = pre.scrollHeight;
  }

  progress(event) {
    this.lastProgress = null;
    const row = this.section.querySelector(".pico-progress-row");
    row.hidden = false;
    const bar = this.el("pico-progress");
    if (event.epochs) { // training: epochs done on the board
      this.lastProgress = event;
      bar.max = event.epochs;
      bar.value = event.epoch;
      this.el("pico-progress-text").textContent = t("pico.train_progress", { epoch: event.epoch, epochs: event.epochs });
      return;
    }
    bar.max = Math.max(1, event.bytesTotal);
    bar.value = event.bytesDone;
    this.lastProgress = event;
    const kb = (n) => (n / 1024).toFixed(1);
    const file = event.file ? ` · ${event.file.slice(1)}` : "";
    const phase = event.phase === "checking" ? t("pico.comparing")
      : t("pico.copy_progress", { done: event.filesDone, total: event.filesTotal, kb: kb(event.bytesDone),
        kbTotal: kb(event.bytesTotal) }) + file;
    this.el("pico-progress-text").textContent = phase;
  }

  // ---- connecting -------------------------------------------------------------------

  /** Open the port and enter the raw REPL; false when already connected (nothing done). */
  async connect() {
    if (this.link && this.link.connected) return false;
    this.busy = "connecting";
    this.refresh();
    this.sayKey("busy", "pico.connecting");
    if (serialUnsupportedReason()) throw new SerialUnsupportedError(this.noSerialText());
    // A port granted before (same board, replugged) needs no chooser.
    const known = (await grantedPorts()).filter((p) => p.connected !== false);
    const port = known[0] || await requestPort();
    const link = new SerialLink(port);
    await link.open();
    link.onIdleData = (bytes) => this.showConsole(bytes);
    link.onDisconnect = (error) => this.lost(error);
    this.link = link;
    this.repl = new RawRepl(link);
    this.sayKey("busy", "pico.interrupting");
    try {
      await this.repl.enter();
      const info = await boardInfo(this.repl);
      this.showBoard(info);
    } catch (error) {
      await this.drop();
      throw error;
    }
    return true;
  }

  showBoard(info) {
    this.boardInfo = info;
    const [major, minor] = info.version.split(".").map(Number);
    const old = major < OLDEST_SUPPORTED[0] || (major === OLDEST_SUPPORTED[0] && minor < OLDEST_SUPPORTED[1]);
    this.el("pico-board").textContent = `MicroPython ${info.version} · ${info.machine}` +
      (old ? " " + t("pico.too_old") : "");
    this.boardVersion = info.version;
  }

  lost(error) {
    // A deploy in flight fails by itself on its next read or write, with this same error.
    this.link = null;
    this.repl = null;
    this.el("pico-board").textContent = "";
    this.fail(error);
    this.refresh();
  }

  async drop() {
    const link = this.link;
    this.link = null;
    this.repl = null;
    if (link) await link.close();
  }

  async disconnect() {
    this.disconnecting = true;
    try {
      if (this.busy === "running" || this.busy === "training") await this.stop();
      await this.drop();
    } finally {
      this.disconnecting = false;
    }
    this.el("pico-board").textContent = "";
    this.sayKey("ok", "pico.disconnected");
    this.refresh();
  }

  // ---- the buttons ------------------------------------------------------------------

  async send() {
    if (this.busy) return;
    await this.act(async () => {
      await this.copy();
      if (this.el("pico-run-after").checked) await this.run();
    });
  }

  /** Train on the Pico: send the project (as Send does), then train it on the board with the
   * page's settings, the browser's curve beside it (picotrain.js). */
  async train() {
    if (this.busy) return;
    const playground = window.playground;
    if (!playground?.project) {
      this.say("error", t("pico.not_ready"));
      return;
    }
    if (playground.training) {
      this.sayKey("warn", "pico.train_busy_browser");
      return;
    }
    const settings = playground.trainingSettings();
    if (!settings) {
      this.sayKey("error", "pico.train_fields");
      return;
    }
    await this.act(async () => {
      await this.copy({ train: fitSettings(settings) });
      this.busy = "training";
      this.refresh();
      this.showConsole(utf8("\n" + t("pico.console_train") + "\n"));
      await this.training.run({
        repl: this.repl, script: this.built.train_script, settings, playground,
        say: (kind, key, params) => this.sayKey(kind, key, params),
        onText: (text) => this.showConsole(utf8(text)),
        onProgress: (done, total) => this.progress({ epoch: done, epochs: total }),
      });
    });
  }

  /** A button's work: messages, the busy state, and what a failure leaves behind. */
  async act(work) {
    this.sayKey("busy", "pico.starting");
    this.shownError = null;
    try {
      await work();
    } catch (error) {
      if (!this.disconnecting) this.fail(error); // Disconnect during a run ends it on purpose
      if (this.link && !this.link.connected) await this.drop();
    } finally {
      this.busy = null;
      this.abort = null;
      this.actions += 1;
      this.refresh();
    }
  }

  /** Connect if needed and put the project's files on the board (unchanged ones skipped). */
  async copy({ train = null } = {}) {
    const fresh = await this.connect();
    this.busy = "sending";
    this.refresh();
    // Connected earlier: since then a soft reset may have left the board in the friendly REPL,
    // running main.py; Ctrl-C and Ctrl-A again.
    if (!fresh) await this.repl.enter();
    const files = await this.buildFiles({ train });
    this.lastFiles = files;
    this.sent = { outputs: this.built.outputs, network: this.built.network };
    this.abort = new AbortController();
    this.sayKey("busy", "pico.copying");
    // anne/ as .mpy when ticked and the board can import it (else .py, and report.note says why)
    const report = await deployProject(this.repl, files, {
      compiled: this.compiled.input.checked,
      onProgress: (event) => this.progress(event),
      signal: this.abort.signal,
    });
    this.abort = null;
    this.lastReport = report;
    const seconds = report.seconds.toFixed(1);
    this.say("ok", (report.note ? report.note + " " : "") + (report.written.length === 0
      ? t("pico.nothing_to_copy", { skipped: report.skipped.length })
      : t("pico.copied", { written: report.written.length, kb: (report.bytesWritten / 1024).toFixed(1), seconds,
        skipped: report.skipped.length })));
    return report;
  }

  async run() {
    this.busy = "running";
    this.refresh();
    this.showConsole(utf8("\n" + t("pico.console_main") + "\n"));
    const result = await runMain(this.repl, { onStdout: (bytes) => this.showConsole(bytes) });
    if (result.stderr) this.showConsole(utf8(result.stderr));
    if (/KeyboardInterrupt/.test(result.stderr)) this.sayKey("ok", "pico.stopped");
    else if (result.stderr) this.sayKey("error", "pico.main_failed");
    else await this.compare();
  }

  async stop() {
    if (this.busy === "sending" && this.abort) {
      this.abort.abort(); // between chunks: never Ctrl-C into a half-sent command
      return;
    }
    if (!this.link || !this.link.connected) return;
    try {
      await this.repl.interrupt();
    } catch (error) {
      this.fail(error);
    }
  }

  async softReset() {
    if (this.busy || !this.repl) return;
    this.busy = "resetting";
    this.refresh();
    this.shownError = null;
    try {
      this.showConsole(utf8("\n" + t("pico.console_reset") + "\n"));
      await this.repl.softReset();
      this.sayKey("ok", "pico.soft_reset");
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = null;
      this.actions += 1;
      this.refresh();
    }
  }

  // ---- the files --------------------------------------------------------------------

  /** The project's files for the board, as bytes (from the worker; see download.js). */
  async buildFiles({ train = null } = {}) {
    const playground = window.playground;
    if (!playground?.project) throw new Error(t("pico.not_ready"));
    let reply;
    try {
      reply = await boardFiles(playground, { train });
    } catch (error) {
      if (error instanceof CodeLoops) throw new BoardError(error.message);
      throw error;
    }
    if (!reply.ok) throw new BoardError(describeFailure(reply.error));
    this.built = reply;
    const files = {};
    for (const [name, text] of Object.entries(reply.files)) files[name] = utf8(text);
    return files;
  }

  // ---- float32 next to float64 ------------------------------------------------------

  // After main.py ran, `main.model` is on the board: ask for its outputs on the 20 test rows as
  // the board's floats print them (float32 on a Pico), next to the outputs of the network that
  // was sent, computed in the browser (float64) when its files were made.
  async compare() {
    const sent = this.sent?.outputs;
    if (!sent || !this.repl) return;
    const { stdout, stderr } = await this.repl.exec(
      "import json, main\nfrom anne import datasets\n" +
      "print(json.dumps([main.model.forward(x) for x in datasets.iris_paper(scaled=main.model.scaling is None)[2]]))",
      { check: false, timeoutMs: 20000 });
    if (stderr) return; // no `model` in main.py, or it failed: the console already says why
    const onBoard = JSON.parse(stdout);
    const table = this.el("pico-compare");
    const head = document.createElement("tr");
    for (const key of ["pico.col_row", "pico.col_pico", "pico.col_browser", "pico.col_diff"]) head.append(cell("th", t(key)));
    let largest = 0;
    const rows = onBoard.map((values, row) => {
      const here = sent[row] || [];
      const diff = Math.max(...values.map((v, k) => Math.abs(v - (here[k] ?? NaN))));
      largest = Number.isFinite(diff) ? Math.max(largest, diff) : Infinity;
      const tr = document.createElement("tr");
      tr.append(cell("td", String(row)), cell("td", values.join(" ")), cell("td", here.join(" ")),
        cell("td", Number.isFinite(diff) ? (diff === 0 ? "0" : diff.toExponential(1)) : "–"));
      return tr;
    });
    table.replaceChildren(head, ...rows);
    this.lastCompare = { largest, rows: onBoard.length };
    this.compareVerdict();
    const box = this.section.querySelector(".pico-compare");
    box.hidden = false;
    box.open = true;
  }

  /** The line above the table: float32 rounding only, or another network on the board. */
  compareVerdict() {
    const { largest } = this.lastCompare;
    const same = largest <= FLOAT32_TOLERANCE;
    const verdict = this.el("pico-compare-verdict");
    verdict.className = "pico-verdict " + (same ? "ok" : "error");
    verdict.textContent = t(same ? "pico.compare_same" : "pico.compare_differs",
      { largest: largest === 0 ? "0" : largest.toExponential(1), tolerance: FLOAT32_TOLERANCE.toExponential(0) });
    const head = this.el("pico-compare").querySelector("tr");
    if (head) ["pico.col_row", "pico.col_pico", "pico.col_browser", "pico.col_diff"].forEach((key, k) => {
      head.children[k].textContent = t(key);
    });
  }
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function addStylesheet() {
  if (document.querySelector("link[data-pico-css]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("css/pico.css", document.baseURI).href;
  link.dataset.picoCss = "";
  document.head.appendChild(link);
}

/** Fill <section id="pico-panel"> and wire it; returns the panel (also window.picoPanel). */
export function mountPicoPanel(section = document.getElementById("pico-panel")) {
  if (!section) return null;
  addStylesheet();
  const panel = new PicoPanel(section);
  window.picoPanel = panel; // for the browser tests and curious students
  return panel;
}

