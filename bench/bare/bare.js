// The yardstick of bench/site.py: the least a page can do with PyScript and MicroPython-WASM,
// served the same way as the playground: start a PyScript worker with MicroPython and show one
// line it returns. The playground's start-up overhead is its first result minus this.
const here = (path) => new URL(path, import.meta.url).href;
const { MPWorker } = await import(here("../vendor/pyscript/core.js"));
const worker = await MPWorker(here("bare.py"), { config: {}, version: here("../vendor/micropython/micropython.mjs") });
document.getElementById("out").textContent = await worker.sync.hello();
performance.mark("bare:printed");
