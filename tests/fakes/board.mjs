// A fake Raspberry Pi Pico for tests: a real MicroPython REPL (board-worker.mjs, in a Worker)
// plus the parts of a board that the WASM build lacks: a filesystem that survives reboots and
// power cycles, Ctrl-C that interrupts a busy program, soft reboot, and test controls
// (power off/on, a board that ignores its input, a small free heap).
//
// Ctrl-C while a program runs: the WASM VM never polls its input, so the host raises a flag in
// shared memory and the worker checks it whenever the program writes output. A program that
// prints (a training printing its epochs) then gets a real KeyboardInterrupt, can catch it and
// finish, as on a Pico. A program that prints nothing is restarted instead (see
// restartAfterInterrupt). Without SharedArrayBuffer (a page that is not cross-origin isolated)
// every interrupted program is restarted.
//
// Works in Node (worker_threads) and in the browser (Web Worker): the caller passes
// createWorker(), which returns an object with postMessage(msg), onMessage(fn) and terminate().

const CTRL_C = 0x03;
// After a Ctrl-C the board's program has seen (it printed since), it may take this long to
// finish (e.g. save its work) before the fake concludes it is stuck and restarts it.
const HANDLED_INTERRUPT_MS = 5000;
const KEYBOARD_INTERRUPT =
  'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n';

export class FakeBoard {
  /**
   * createWorker: () => {postMessage, onMessage(fn), terminate}
   * micropythonUrl: URL (or path) the worker imports micropython.mjs from
   * heapsize: bytes of MicroPython heap (a Pico has ~190 KiB)
   * flash: {total, free} bytes reported by os.statvfs
   * interruptGraceMs: how long a Ctrl-C may wait for the running code before the fake
   *   concludes the WASM VM is stuck in Python code and restarts it (see restartAfterInterrupt)
   * rawPasteWindow: 0 answers raw-paste probes with R\x00 (the WASM REPL cannot do raw-paste);
   *   a window size (e.g. 128, a Pico's) emulates a board that supports it, for flow-control tests
   * heap: {free} bytes gc.mem_free() reports (the WASM heap grows on demand, so by default it
   *   reports a lot); e.g. {free: 30000} is a Pico with little room left
   */
  constructor({ createWorker, micropythonUrl, heapsize = 190 * 1024,
                flash = { total: 848 * 1024, free: 800 * 1024 }, interruptGraceMs = 150,
                rawPasteWindow = 0, heap = null }) {
    this.createWorker = createWorker;
    this.micropythonUrl = micropythonUrl;
    this.heapsize = heapsize;
    this.flash = flash;
    this.interruptGraceMs = interruptGraceMs;
    this.rawPasteWindow = rawPasteWindow;
    this.heap = heap;
    // 0: no Ctrl-C pending; 1: Ctrl-C sent while a program runs; 2: the program got it.
    this.interruptFlag = sharedFlag();
    this.files = [];          // last snapshot: [[path, Uint8Array | null for a folder]]
    this.mode = "friendly";   // REPL mode at the last processed input
    this.onOutput = null;     // (Uint8Array) => void, set by the serial port
    this.deaf = false;        // test control: drop all input, as a board stuck in C code does
    this.powered = false;
    this.worker = null;
    this.seq = 0;
    this.lastAck = 0;
    this.unacked = [];        // [{seq, bytes}] sent to the worker, not yet processed
    this.interruptTimer = null;
    this.bootCount = 0;
    this.ready = null;
  }

  /**
   * Power on: boot with the stored files and run main.py, as a Pico does after plugging in.
   * showBanner false: the board has been up for a while, its banner went to no one.
   */
  powerOn({ showBanner = true } = {}) {
    this.powered = true;
    return this.boot({ mode: "friendly", runMain: true, showBanner });
  }

  /** Power off (unplug): the interpreter stops; files written so far stay. */
  powerOff() {
    this.powered = false;
    this.stopWorker();
  }

  /** Host -> board bytes. */
  write(bytes) {
    if (!this.powered || this.deaf) return;
    bytes = Uint8Array.from(bytes);
    const seq = ++this.seq;
    const interrupting = bytes.includes(CTRL_C) && this.lastAck < seq - 1;
    // Flagged before the bytes go out: the worker clears the flag when it reads them as input.
    if (interrupting && this.interruptFlag) Atomics.store(this.interruptFlag, 0, 1);
    this.unacked.push({ seq, bytes });
    this.worker.postMessage({ type: "input", seq, bytes });
    if (interrupting) this.armInterrupt(seq);
  }

  /** Contents of a file in the last snapshot, or null. */
  readFile(path) {
    const entry = this.files.find(([p]) => p === normalize(path));
    return entry ? entry[1] : null;
  }

  listPaths() {
    return this.files.map(([p, data]) => (data === null ? p + "/" : p));
  }

  /** Test control: replace or add files while the board is off (e.g. a previous deploy). */
  setFile(path, data) {
    path = normalize(path);
    this.files = this.files.filter(([p]) => p !== path);
    this.files.push([path, data === null ? null : Uint8Array.from(data)]);
  }

  // --- internals -------------------------------------------------------------------------

  boot(options) {
    this.stopWorker();
    const worker = this.createWorker();
    this.worker = worker;
    this.bootCount += 1;
    this.mode = options.mode || "friendly";
    const seq = ++this.seq;
    this.unacked = [{ seq, bytes: new Uint8Array() }];
    let resolveReady;
    this.ready = new Promise((resolve) => { resolveReady = resolve; });
    worker.onMessage((msg) => {
      if (worker !== this.worker) return; // a message from a worker we already replaced
      this.onWorkerMessage(msg);
      if (msg.type === "ack" && msg.seq === seq) resolveReady();
    });
    if (this.interruptFlag) Atomics.store(this.interruptFlag, 0, 0);
    worker.postMessage({
      type: "boot", seq, micropythonUrl: this.micropythonUrl, heapsize: this.heapsize,
      files: this.files, flash: this.flash, rawPasteWindow: this.rawPasteWindow, mode: "friendly", preamble: "", suffix: "",
      heap: this.heap, interrupt: this.interruptFlag,
      runMain: false, showBanner: false, showRawBanner: false, ...options,
    });
    return this.ready;
  }

  stopWorker() {
    clearTimeout(this.interruptTimer);
    this.interruptTimer = null;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.unacked = [];
  }

  onWorkerMessage(msg) {
    if (msg.type === "output") {
      if (this.onOutput) this.onOutput(msg.bytes);
      return;
    }
    if (msg.files) this.files = msg.files;
    this.mode = msg.mode;
    this.lastAck = msg.seq;
    const pending = this.unacked.filter((m) => m.seq > msg.seq);
    if (msg.type === "reboot") {
      // MicroPython prints this line itself before restarting (pyexec's soft reset path).
      const raw = msg.mode === "raw";
      this.boot({ mode: msg.mode, preamble: "MPY: soft reboot\r\n", runMain: !raw,
                  showBanner: !raw, showRawBanner: raw });
      this.resend(pending); // the new worker queues them until it has booted
      return;
    }
    this.unacked = pending;
  }

  resend(messages) {
    for (const { bytes } of messages) this.write(bytes);
  }

  armInterrupt(ctrlCSeq, graceMs = this.interruptGraceMs) {
    clearTimeout(this.interruptTimer);
    this.interruptTimer = setTimeout(() => {
      if (this.lastAck >= ctrlCSeq - 1) return;
      const handled = this.interruptFlag && Atomics.load(this.interruptFlag, 0) === 2;
      if (handled && graceMs < HANDLED_INTERRUPT_MS) this.armInterrupt(ctrlCSeq, HANDLED_INTERRUPT_MS);
      else this.restartAfterInterrupt(ctrlCSeq);
    }, graceMs);
  }

  // The WASM VM cannot see a Ctrl-C while Python code runs (no VM hook polls the host), so the
  // fake does what the board would show: the program stops with KeyboardInterrupt and the REPL
  // is back, in the same mode, with the files as of the last finished command. (Unlike a real
  // board, RAM state and files written by the interrupted program itself are lost.)
  restartAfterInterrupt(ctrlCSeq) {
    const stuck = this.unacked.find((m) => m.seq === ctrlCSeq);
    const later = this.unacked.filter((m) => m.seq > ctrlCSeq);
    const afterCtrlC = stuck ? stuck.bytes.slice(stuck.bytes.lastIndexOf(CTRL_C) + 1) : new Uint8Array();
    const raw = this.mode === "raw";
    // Raw REPL: the traceback is the exec's stderr part, framed by \x04, then the ">" prompt.
    this.boot(raw
      ? { mode: "raw", preamble: "\x04" + KEYBOARD_INTERRUPT + "\x04", suffix: ">" }
      : { mode: "friendly", preamble: KEYBOARD_INTERRUPT, suffix: ">>> " });
    this.resend([{ bytes: afterCtrlC }, ...later].filter((m) => m.bytes.length));
  }
}

// Shared memory the worker can read while its program runs (the page must be cross-origin
// isolated in a browser; Node always allows it), or null.
function sharedFlag() {
  if (typeof SharedArrayBuffer !== "function" || globalThis.crossOriginIsolated === false) return null;
  return new Int32Array(new SharedArrayBuffer(4));
}

function normalize(path) {
  return path.startsWith("/") ? path : "/" + path;
}
