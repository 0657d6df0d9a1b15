// Deploy layer: a whole file set, skipping unchanged files, refusing when flash is short,
// surviving an unplug mid-transfer, reporting progress.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deploy, boardInfo, runMain } from "../../site/js/transport/deploy.js";
import { NotEnoughFlashError, PortDisconnectedError } from "../../site/js/transport/errors.js";
import { RawRepl } from "../../site/js/transport/rawrepl.js";
import { SerialLink } from "../../site/js/transport/serial.js";
import { connect, same, text, timed, LIMIT } from "./helpers.mjs";

const fileSet = (version) => ({
  "anne/__init__.py": text(`from anne.core import VERSION\n`),
  "anne/core.py": text(`VERSION = ${version}\n` + "# padding\n".repeat(300)),
  "main.py": text("import anne\nprint('anne', anne.VERSION)\n"),
});

test("deploys a file set, then skips it when nothing changed", LIMIT, async () => {
  const { repl, board, close } = await connect();
  const events = [];
  const first = await deploy(repl, fileSet(1), { onProgress: (e) => events.push(e) });
  assert.deepEqual(first.written, ["/anne/__init__.py", "/anne/core.py", "/main.py"]); // main.py last
  assert.deepEqual(first.skipped, []);
  const last = events.at(-1);
  assert.deepEqual([last.phase, last.filesDone, last.filesTotal, last.bytesDone], ["done", 3, 3, first.bytesTotal]);
  assert.ok(events.some((e) => e.phase === "writing" && e.bytesDone > 0 && e.bytesDone < first.bytesTotal));
  const { stdout } = await repl.exec("import main");
  assert.equal(stdout, "anne 1\r\n");
  for (const [path, data] of Object.entries(fileSet(1))) assert.ok(same(board.readFile("/" + path), data), path);

  const second = await deploy(repl, fileSet(1));
  assert.deepEqual(second.written, []);
  assert.equal(second.skipped.length, 3);

  const third = await deploy(repl, fileSet(2));
  assert.deepEqual(third.written, ["/anne/core.py"]);
  await close();
});

test("refuses before writing anything when the flash is too small", LIMIT, async () => {
  const { repl, board, close } = await connect({ flash: { total: 64 * 1024, free: 8 * 1024 } });
  await assert.rejects(deploy(repl, fileSet(1)), (error) => {
    assert.ok(error instanceof NotEnoughFlashError);
    assert.match(error.message, /8\.0 KiB free/);
    return true;
  });
  await repl.exec("print('sync')");
  assert.deepEqual(board.listPaths(), []);
  await close();
});

test("unplug mid-transfer: named error at once, old files intact, next deploy fine", LIMIT, async () => {
  const { repl, board, port, link, close } = await connect();
  await deploy(repl, fileSet(1));
  const bigger = fileSet(2);
  bigger["main.py"] = text("import anne\nprint('anne', anne.VERSION)\n" + "# more\n".repeat(400));
  // Pull the plug once a third of the new main.py has gone out.
  let unplugAt = link.bytesWritten + 4000;
  port.onHostWrite = () => { if (link.bytesWritten + 300 > unplugAt) { unplugAt = Infinity; port.unplug(); } };
  const before = Date.now();
  const [error] = await timed(() => deploy(repl, bigger));
  assert.ok(error instanceof PortDisconnectedError, String(error));
  assert.ok(Date.now() - before < 10000);
  port.onHostWrite = null;
  assert.ok(same(board.readFile("/main.py"), fileSet(1)["main.py"]), "previous main.py intact");
  await link.close();

  await port.plug();
  const link2 = new SerialLink(port);
  await link2.open();
  const repl2 = new RawRepl(link2);
  await repl2.enter();
  const again = await deploy(repl2, bigger);
  assert.ok(again.written.includes("/main.py"));
  // The power-on run of the old main.py imported the old anne; runMain reboots first.
  assert.equal((await runMain(repl2)).stdout, "anne 2\r\n");
  await repl2.exec("print('sync')");
  assert.deepEqual(board.listPaths().filter((p) => p.endsWith(".tmp")), []);
  await link2.close();
  board.powerOff();
});

test("boardInfo reports the MicroPython version", LIMIT, async () => {
  const { repl, close } = await connect();
  const info = await boardInfo(repl);
  assert.match(info.version, /^1\.\d+\.\d+$/);
  assert.ok(info.machine.length > 0);
  await close();
});
