// The emulated board's interpreter: a real MicroPython REPL (MicroPython-WebAssembly, driven
// through replInit/replProcessChar) running in its own Worker, because the WASM build allows one
// interpreter per realm and a busy program must not freeze the page or the test runner.
//
// The host side (board.mjs) owns the board's lifetime: it boots this worker with a snapshot of
// the board's files and restarts it for a soft reboot, a power cycle, or a Ctrl-C that the WASM VM
// cannot deliver (it has no VM hook that polls for input while Python code runs).
//
// Messages in:  {type: "boot", micropythonUrl, heapsize, files, mode, preamble, runMain,
//                showBanner, showRawBanner, suffix, flash: {total, free}, heap: {free} | null,
//                interrupt: Int32Array on shared memory | null (see board.mjs: Ctrl-C)}
//               {type: "input", seq, bytes}
// Messages out: {type: "output", bytes}   bytes the board sends to the host
//               {type: "ack", seq, mode, files?}   input processed; files = snapshot at exec ends
//               {type: "reboot", mode, files}   the REPL asked for a soft reboot (Ctrl-D)

const isNode = typeof process === "object" && !!process.versions?.node && typeof WorkerGlobalScope === "undefined";
const channel = isNode ? (await import("node:worker_threads")).parentPort : self;
const post = (msg, transfer) => channel.postMessage(msg, transfer);

// pyexec returns PYEXEC_FORCED_EXIT (0x100) when the REPL wants a soft reboot.
const PYEXEC_FORCED_EXIT = 0x100;
// Top-level folders of Emscripten's own filesystem; a board has none of them.
const SYSTEM_DIRS = new Set(["dev", "proc", "tmp", "home"]);

let mp = null;
let rawMode = false;
let atRawPrompt = false; // raw REPL waiting for the first byte of a command
let probe = "";          // bytes of a raw-paste probe (\x05 A \x01) seen so far
let quiet = false;       // swallow interpreter output (banners we replace)
let rawPasteWindow = 0;  // >0: emulate a board that supports raw-paste with this window size
let pasting = null;      // raw-paste in progress: {code: [], sinceAck}
let swallow = 0;         // bytes to drop: the "OK" the plain raw REPL prints for an emulated raw-paste
let lastByte = 0;
let interruptFlag = null; // Int32Array(1) shared with the host: 1 = Ctrl-C pending, 2 = delivered

// Real boards send \r\n; MicroPython-WASM prints a bare \n from print(). Convert here so the
// transport is tested against what a Pico really sends.
function emit(bytes) {
  pollInterrupt();
  if (quiet || bytes.length === 0) return;
  if (swallow > 0) {
    const dropped = Math.min(swallow, bytes.length); // raw-paste answers with \x04, not "OK"
    swallow -= dropped;
    bytes = bytes.slice(dropped);
    if (bytes.length === 0) return;
  }
  const out = [];
  for (const b of bytes) {
    if (b === 0x0a && lastByte !== 0x0d) out.push(0x0d);
    out.push(b);
    lastByte = b;
  }
  post({ type: "output", bytes: Uint8Array.from(out) });
}
const emitText = (text) => emit(new TextEncoder().encode(text));

// Called whenever the interpreter writes output, so also while a program runs: a Ctrl-C the
// host flagged becomes a KeyboardInterrupt at the program's next instruction, as on a board,
// unless the program switched Ctrl-C off (micropython.kbd_intr(-1)) or no program runs.
function pollInterrupt() {
  if (!interruptFlag || !mp || Atomics.load(interruptFlag, 0) !== 1) return;
  if (mp._module._mp_hal_get_interrupt_char() === -1) return;
  Atomics.store(interruptFlag, 0, 2);
  mp._module._mp_sched_keyboard_interrupt();
}

function snapshotFiles() {
  const files = [];
  const walk = (dir) => {
    for (const name of mp.FS.readdir(dir)) {
      if (name === "." || name === "..") continue;
      if (dir === "/" && SYSTEM_DIRS.has(name)) continue;
      const path = dir === "/" ? "/" + name : dir + "/" + name;
      if (mp.FS.isDir(mp.FS.stat(path).mode)) {
        files.push([path, null]);
        walk(path);
      } else {
        files.push([path, mp.FS.readFile(path)]);
      }
    }
  };
  walk("/");
  return files;
}

function restoreFiles(files) {
  for (const [path, data] of files) {
    if (data === null) mp.FS.mkdir(path);
    else mp.FS.writeFile(path, data);
  }
}

// Emulate the flash size of a Pico (littlefs, 4 KiB blocks) instead of Emscripten's
// unlimited MEMFS, so the transport's free-space check meets realistic numbers.
function fakeFlash({ total, free }) {
  const block = 4096;
  mp.runPython(
    "def _fake_flash(total, free):\n" +
    "    import os\n" +
    "    def statvfs(path):\n" +
    "        os.stat(path)\n" +
    "        return (" + block + ", " + block + ", total, free, free, 0, 0, 0, 0, 255)\n" +
    "    os.statvfs = statvfs\n" +
    "_fake_flash(" + Math.floor(total / block) + ", " + Math.floor(free / block) + ")\n" +
    "del _fake_flash\n");
}

// A Pico with little heap left: gc.mem_free() says so (the WASM heap grows on demand). The
// builtin gc module cannot be changed, so `import gc` is given a stand-in with its functions.
function fakeHeap({ free }) {
  mp.runPython(
    "def _fake_heap(free):\n" +
    "    import sys, gc\n" +
    "    class Heap:\n" +
    "        collect = staticmethod(gc.collect)\n" +
    "        mem_alloc = staticmethod(gc.mem_alloc)\n" +
    "        enable = staticmethod(gc.enable)\n" +
    "        disable = staticmethod(gc.disable)\n" +
    "        isenabled = staticmethod(gc.isenabled)\n" +
    "        threshold = staticmethod(gc.threshold)\n" +
    "        mem_free = staticmethod(lambda: free)\n" +
    "    sys.modules['gc'] = Heap()\n" +
    "_fake_heap(" + Math.floor(free) + ")\n" +
    "del _fake_heap\n");
}

function runMainPy() {
  try {
    mp.FS.stat("/main.py");
  } catch {
    return;
  }
  try {
    mp.runPython("exec(compile(open('main.py').read(), 'main.py', 'exec'))");
  } catch (error) {
    if (error.name !== "PythonError") throw error;
    emitText(error.message);
  }
}

async function boot(options) {
  const { loadMicroPython } = await import(options.micropythonUrl);
  rawPasteWindow = options.rawPasteWindow || 0;
  mp = await loadMicroPython({
    heapsize: options.heapsize,
    stdout: (bytes) => emit(bytes),
    stderr: (bytes) => emit(bytes),
    linebuffer: false,
  });
  try { mp.FS.rmdir("/home/web_user"); mp.FS.rmdir("/home"); } catch { /* not there */ }
  restoreFiles(options.files);
  if (options.flash) fakeFlash(options.flash);
  if (options.heap) fakeHeap(options.heap);
  interruptFlag = options.interrupt || null;
  emitText(options.preamble || "");
  if (options.runMain) runMainPy();
  quiet = !options.showBanner;
  mp.replInit();
  quiet = false;
  rawMode = false;
  if (options.mode === "raw") {
    quiet = !options.showRawBanner;
    feed(0x01);
    quiet = false;
  }
  emitText(options.suffix || "");
}

// Hand one byte to the REPL; returns true when the REPL asked for a soft reboot.
function feed(byte) {
  const result = mp.replProcessChar(byte);
  if (byte === 0x01) rawMode = true;
  else if (byte === 0x02) rawMode = false;
  atRawPrompt = rawMode && (byte === 0x01 || byte === 0x03 || byte === 0x04);
  return result === PYEXEC_FORCED_EXIT;
}

// The WASM REPL hangs in raw-paste mode, so answer the probe as a board without raw-paste
// support does: "R\x00", then stay in the raw REPL waiting for the command.
function handleRawPasteProbe(byte) {
  if (probe === "" && byte === 0x05 && atRawPrompt) { probe = "\x05"; return true; }
  if (probe === "\x05" && byte === 0x41) { probe = "\x05A"; return true; }
  if (probe === "\x05A" && byte === 0x01) {
    probe = "";
    if (rawPasteWindow > 0) {
      emit(Uint8Array.of(0x52, 0x01, rawPasteWindow & 0xff, rawPasteWindow >> 8));
      pasting = { code: [], sinceAck: 0 };
    } else {
      emit(Uint8Array.of(0x52, 0x00));
    }
    return true;
  }
  if (probe !== "") {
    // Not a probe after all: pass what we held back to the REPL.
    const held = probe;
    probe = "";
    for (const c of held) feed(c.charCodeAt(0));
  }
  return false;
}

// Raw-paste as MicroPython implements it (pyexec.c): the host may send one window of bytes;
// the board sends \x01 each time it has consumed a window, and \x04 after the host's \x04.
// The WASM REPL cannot do this itself, so the code is collected here and then run through the
// plain raw REPL, whose "OK" is dropped (a raw-paste board does not print it).
function pasteByte(byte) {
  if (byte === 0x04) {
    const code = pasting.code;
    pasting = null;
    emit(Uint8Array.of(0x04));
    swallow = 2;
    for (const c of code) feed(c);
    feed(0x04);
    return;
  }
  pasting.code.push(byte);
  if (++pasting.sinceAck === rawPasteWindow) {
    pasting.sinceAck = 0;
    emit(Uint8Array.of(0x01));
  }
}

function onInput({ seq, bytes }) {
  // This Ctrl-C reaches the REPL as input now: it no longer waits for a program to see it.
  if (interruptFlag && bytes.includes(0x03)) Atomics.store(interruptFlag, 0, 0);
  let execEnded = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (pasting) { pasteByte(byte); if (!pasting) execEnded = true; continue; }
    if (handleRawPasteProbe(byte)) continue;
    if (byte === 0x04 || byte === 0x0d) execEnded = true;
    if (feed(byte)) {
      // Soft reboot: the host starts a fresh interpreter with these files; any bytes after the
      // Ctrl-D go to the new one (a real board drops them while rebooting).
      post({ type: "reboot", seq, mode: rawMode ? "raw" : "friendly", files: snapshotFiles() });
      return;
    }
  }
  post({ type: "ack", seq, mode: rawMode ? "raw" : "friendly", files: execEnded ? snapshotFiles() : undefined });
}

const queue = [];
let booted = false;
async function onMessage(msg) {
  if (msg.type === "boot") {
    await boot(msg);
    booted = true;
    post({ type: "ack", seq: msg.seq, mode: rawMode ? "raw" : "friendly", files: snapshotFiles() });
    while (queue.length) onInput(queue.shift());
  } else if (msg.type === "input") {
    if (booted) onInput(msg);
    else queue.push(msg);
  }
}

if (isNode) channel.on("message", onMessage);
else channel.onmessage = (event) => onMessage(event.data);
