// Node side of the fake board: worker_threads for the interpreter, the npm MicroPython package.
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { FakeBoard } from "./board.mjs";
import { FakeSerial } from "./port.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MICROPYTHON_URL = pathToFileURL(path.join(here, "..", "..", "node_modules",
  "@micropython", "micropython-webassembly-pyscript", "micropython.mjs")).href;

function createWorker() {
  // execArgv: [] so flags of the parent (e.g. --input-type) do not break the worker.
  const worker = new Worker(new URL("./board-worker.mjs", import.meta.url), { execArgv: [] });
  worker.on("error", (error) => process.stderr.write(`fake board worker failed: ${error.stack}\n`));
  worker.unref(); // a test that forgets to power off must not keep Node alive
  return {
    postMessage: (msg) => worker.postMessage(msg),
    onMessage: (fn) => worker.on("message", fn),
    terminate: () => { worker.terminate(); },
  };
}

/** A FakeBoard whose interpreter runs in a Node worker thread. */
export function createNodeBoard(options = {}) {
  return new FakeBoard({ createWorker, micropythonUrl: MICROPYTHON_URL, ...options });
}

/** A fake navigator.serial with one Pico attached (powered on at the first open). */
export function createNodeSerial(options = {}) {
  return new FakeSerial(createNodeBoard(options));
}
