// Browser side of the fake Pico, bundled by esbuild into one classic script that Playwright's
// add_init_script runs before the page: it replaces navigator.serial with a FakeSerial whose
// board runs MicroPython-WASM in a Web Worker (headless Chromium's real port chooser never
// resolves, so tests cannot use the real API).
//   globalThis.__fakeBoardWorkerSource  board-worker.mjs as text (set by the test before this)
//   globalThis.__fakeBoardOptions       FakeBoard options, e.g. {flash: {total, free}}
//   globalThis.__fakeSerialMode         "absent": no navigator.serial at all (Firefox, Safari)
// Tests reach the fake as window.__fakeSerial (port.unplug(), port.plug(), port.board ...).
import { FakeBoard } from "./board.mjs";
import { FakeSerial } from "./port.mjs";

function createWorker() {
  const source = globalThis.__fakeBoardWorkerSource;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  worker.addEventListener("error", (event) => console.error("fake board worker failed:", event.message));
  return {
    postMessage: (msg) => worker.postMessage(msg),
    onMessage: (fn) => worker.addEventListener("message", (event) => fn(event.data)),
    terminate: () => worker.terminate(),
  };
}

function install() {
  if (globalThis.__fakeSerialMode === "absent") {
    delete Navigator.prototype.serial;
    return;
  }
  if (typeof window === "undefined" || window !== window.top) return; // the page only, not frames
  // The site's own copy of MicroPython-WASM (same npm package as the Node tests).
  const micropythonUrl = new URL("/vendor/micropython/micropython.mjs", location.origin).href;
  const board = new FakeBoard({ createWorker, micropythonUrl, ...(globalThis.__fakeBoardOptions || {}) });
  const serial = new FakeSerial(board);
  Object.defineProperty(Navigator.prototype, "serial", { configurable: true, get: () => serial });
  window.__fakeSerial = serial;
}

install();
