// Entry point. Python takes longest to be ready (PyScript, then MicroPython-WASM and the
// anne/ files in a worker), so it starts first; the editor and charts (a separate chunk)
// load meanwhile.
import { PythonWorker } from "./python.js";

const python = new PythonWorker();
const booting = python.start();
booting.catch(() => {}); // the playground reports a failed start in its status line

const started = import("./playground.js").then(({ startPlayground }) => startPlayground(python, booting));
// Narrow screens: tabs for code / pictures / Pico, the bar's "More" (the layout itself is CSS).
import("./layout.js").then(({ startLayout }) => startLayout());
// Send to Pico (issue 6): its own chunk, filling <section id="pico-panel">. Not needed for the
// first result, so it loads after it (or after a failed start), never competing with it.
started.then((playground) => playground?.firstResult).catch(() => {})
  .then(() => import("./pico.js")).then(({ mountPicoPanel }) => mountPicoPanel());
// Offline use (issue 9): once Python is up (so storing the app never competes with the first
// result), register the dist's service worker; does nothing in `make serve`.
booting.catch(() => {}).then(() => import("./offline.js")).then(({ startOffline }) => startOffline());
