// Run an exported Pico folder under real MicroPython (the WebAssembly build) in Node:
//   node tests/pico_folder.mjs DIR
// DIR is copied to /pico in the interpreter's filesystem and made the current folder, as / is
// on the board; then main.py runs as the Pico runs it at start-up, in __main__. Nothing of the
// repository is copied: the folder must hold everything main.py needs. Exit code 1 on an error.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const mpyModule = join(root, "node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs");

function copyTree(mp, from, to) {
  mp.FS.mkdir(to);
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) copyTree(mp, src, `${to}/${name}`);
    else mp.FS.writeFile(`${to}/${name}`, readFileSync(src));
  }
}

const folder = process.argv[2];
const { loadMicroPython } = await import(mpyModule);
const mp = await loadMicroPython({
  heapsize: 8 * 1024 * 1024,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
  linebuffer: true,
});
copyTree(mp, resolve(folder), "/pico");
try {
  // Only the folder: drop /lib and .frozen so nothing but the exported files can be imported.
  mp.runPython('import os, sys\nos.chdir("/pico")\nsys.path[:] = [""]');
  mp.runPython(readFileSync(join(folder, "main.py"), "utf8"));
} catch (e) {
  process.stderr.write(String(e.message) + "\n");
  process.exitCode = 1;
}
