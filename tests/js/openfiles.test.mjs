// site/js/openfiles.js: what Open… and a drop hand to the worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { zipSync, strToU8 } from "fflate";
import { MAX_BYTES, OpenError, asTexts, fromDrop, unzip } from "../../site/js/openfiles.js";

test("a .zip becomes its files, without folders, hidden files or macOS extras", () => {
  const bytes = zipSync({
    "pico/main.py": strToU8("print(1)\n"), "pico/anne/x.py": strToU8("ü = 1\n"), "pico/.DS_Store": strToU8("x"),
    "__MACOSX/pico/._main.py": strToU8("x"), "pico/anne/__pycache__/x.pyc": new Uint8Array([0, 1]),
  });
  const files = asTexts(unzip(bytes));
  assert.deepEqual(files, { "pico/main.py": "print(1)\n", "pico/anne/x.py": "ü = 1\n" });
});

test("what is not a zip, not text, or far too big says so by name", () => {
  assert.throws(() => unzip(strToU8("PK but not a zip")), (e) => e instanceof OpenError && e.key === "open.bad_zip");
  assert.throws(() => asTexts({ "model.json": new Uint8Array([0xff, 0xfe, 0x00]) }),
    (e) => e.key === "open.not_text" && e.params.file === "model.json");
  const big = zipSync({ "a.txt": new Uint8Array(MAX_BYTES + 1) }); // compresses to almost nothing
  assert.throws(() => unzip(big), (e) => e.key === "open.too_large");
});

function entryTree(tree, name = "pico") {
  // The shape of Chromium's FileSystemDirectoryEntry: readEntries in batches, then [].
  const children = Object.entries(tree).map(([child, value]) => (typeof value === "string"
    ? { name: child, isDirectory: false, file: (ok) => ok(new Blob([value])) }
    : entryTree(value, child)));
  return {
    name, isDirectory: true,
    createReader() {
      let sent = 0;
      return { readEntries: (ok) => { const batch = children.slice(sent, sent + 2); sent += batch.length; ok(batch); } };
    },
  };
}

test("a dropped folder is read whole, in batches, hidden folders left out", async () => {
  const folder = entryTree({ "main.py": "x\n", "model.json": "{}", anne: { "a.py": "a\n", "b.py": "b\n", "c.py": "c\n" },
    ".git": { config: "x" } });
  const dropped = await fromDrop({ items: [{ webkitGetAsEntry: () => folder }], files: [] });
  assert.equal(dropped.kind, "folder");
  assert.equal(dropped.name, "pico");
  assert.deepEqual(Object.keys(asTexts(dropped.files)).sort(), ["anne/a.py", "anne/b.py", "anne/c.py", "main.py", "model.json"]);
});

test("a dropped file is handed on as it is; nothing dropped is null", async () => {
  const file = new Blob(["{}"]);
  assert.deepEqual(await fromDrop({ items: [{ webkitGetAsEntry: () => ({ isDirectory: false }) }], files: [file] }),
    { kind: "file", file });
  assert.equal(await fromDrop({ items: [], files: [] }), null);
});
