// File layer with hostile content, checked through a separate path: the fake board's own
// filesystem snapshot (not the transport's read-back), so a shared escaping bug cannot pass.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BoardFS, DEFAULT_CHUNK_SIZE, bytesLiteral } from "../../site/js/transport/boardfs.js";
import { NotEnoughFlashError } from "../../site/js/transport/errors.js";
import { connect, same, text, LIMIT } from "./helpers.mjs";

const all256 = Uint8Array.from({ length: 256 }, (_, i) => i);
const controls = text("\x00\x01\x02\x03\x04\x05\r\n\r\x1b[0m'\"\\\\x00 raw REPL; CTRL-B to exit\r\n>OK\x04\x04>");
const pseudoRandom = (n, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (seed = (seed * 1103515245 + 12345 + i) >>> 0) >>> 24);

test("bytesLiteral escapes everything that is not printable ASCII", LIMIT, () => {
  assert.equal(bytesLiteral(text("a'b\\c\x00\x7f")), "b'a\\'b\\\\c\\x00\\x7f'");
  assert.match(bytesLiteral(all256), /^b'[\x20-\x7e]*'$/);
});

test("writes all 256 byte values, REPL control bytes and empty files exactly", LIMIT, async () => {
  const { repl, board, close } = await connect();
  const fs = new BoardFS(repl);
  await fs.install();
  const cases = { "/all256.bin": all256, "/controls.txt": controls, "/empty": new Uint8Array(0) };
  for (const [path, data] of Object.entries(cases)) await fs.writeFile(path, data);
  await repl.exec("print('sync')"); // the fake snapshots its files at each finished command
  for (const [path, data] of Object.entries(cases)) assert.ok(same(board.readFile(path), data), path);
  assert.ok(same(await fs.readFile("/all256.bin"), all256));
  await close();
});

test("sizes straddling the chunk boundary arrive intact", LIMIT, async () => {
  const { repl, board, close } = await connect();
  const fs = new BoardFS(repl);
  await fs.install();
  const c = DEFAULT_CHUNK_SIZE;
  const sizes = [1, c - 1, c, c + 1, 2 * c - 1, 2 * c, 2 * c + 1, 5 * c + 3];
  for (const size of sizes) await fs.writeFile(`/f${size}.bin`, pseudoRandom(size, size));
  await repl.exec("print('sync')");
  for (const size of sizes) assert.ok(same(board.readFile(`/f${size}.bin`), pseudoRandom(size, size)), `size ${size}`);
  await close();
});

test("awkward names: spaces, quotes, unicode, nested folders", LIMIT, async () => {
  const { repl, board, close } = await connect();
  const fs = new BoardFS(repl);
  await fs.install();
  const names = ["/with space.py", "/it's.py", '/say "hi".txt', "/ünïcödé.py", "/a/b/c/deep.py", "/back\\slash.txt"];
  for (const folder of ["/a", "/a/b", "/a/b/c", "/a"]) await fs.mkdir(folder); // twice is fine
  for (const name of names) await fs.writeFile(name, text(name));
  await repl.exec("print('sync')");
  for (const name of names) assert.ok(same(board.readFile(name), text(name)), name);
  await close();
});

test("stat reports size and sha256 of files, null for missing ones, and free flash", LIMIT, async () => {
  const { repl, close } = await connect({}, { files: { "/x.txt": text("abc") } });
  const fs = new BoardFS(repl);
  await fs.install();
  const info = await fs.stat(["/x.txt", "/missing.py"]);
  assert.deepEqual(info.files["/x.txt"], [3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]);
  assert.equal(info.files["/missing.py"], null);
  assert.equal(info.free, 800 * 1024);
  assert.equal(info.block, 4096);
  await close();
});

test("an interrupted write leaves the previous file intact and the next write succeeds", LIMIT, async () => {
  const { repl, board, close } = await connect({}, { files: { "/main.py": text("print('old')\n") } });
  const fs = new BoardFS(repl);
  await fs.install();
  // Start a write, stop after the first chunk (as an unplug would), never commit.
  await repl.exec("_anne_open('/main.py.tmp')");
  await repl.exec("_anne_w(b'print(\\'half')");
  await repl.exec("_anne_f.close()");
  assert.ok(same(board.readFile("/main.py"), text("print('old')\n")));
  assert.ok(board.readFile("/main.py.tmp") !== null); // the leftover temp file
  await fs.writeFile("/main.py", text("print('new')\n"));
  await repl.exec("print('sync')");
  assert.ok(same(board.readFile("/main.py"), text("print('new')\n")));
  assert.equal(board.readFile("/main.py.tmp"), null);
  await close();
});

test("a flash that fills up mid-file: NotEnoughFlashError, temp file removed, old file kept", LIMIT, async () => {
  const { repl, board, close } = await connect({}, { files: { "/big.bin": text("old") } });
  const fs = new BoardFS(repl);
  await fs.install();
  // The board's littlefs says ENOSPC after the first chunk (MEMFS never fills up by itself).
  await repl.exec("import errno\n_anne_n = 0\ndef _anne_w(b):\n    global _anne_n\n    _anne_n += 1\n" +
                  "    if _anne_n > 1:\n        raise OSError(errno.ENOSPC)\n    _anne_f.write(b)");
  await assert.rejects(fs.writeFile("/big.bin", new Uint8Array(3 * DEFAULT_CHUNK_SIZE)), (error) => {
    assert.ok(error instanceof NotEnoughFlashError, String(error));
    assert.match(error.message, /filled up while writing \/big\.bin/);
    return true;
  });
  await repl.exec("print('sync')");
  assert.ok(same(board.readFile("/big.bin"), text("old")));
  assert.equal(board.readFile("/big.bin.tmp"), null);
  await close();
});
