// REPL layer against a real MicroPython REPL: entering, exec, errors, raw-paste and its
// fallback, Ctrl-C on a busy board, Stop, soft reset.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BoardExecError, BoardNotRespondingError, NoReplError,
} from "../../site/js/transport/errors.js";
import { RawRepl } from "../../site/js/transport/rawrepl.js";
import { connect, sleep, text, timed, LIMIT } from "./helpers.mjs";

test("exec returns stdout with \\r\\n as a board sends it, and streams it", LIMIT, async () => {
  const { repl, close } = await connect();
  const streamed = [];
  const { stdout, stderr } = await repl.exec("for i in range(3):\n    print('line', i)", {
    onStdout: (bytes) => streamed.push(...bytes),
  });
  assert.equal(stdout, "line 0\r\nline 1\r\nline 2\r\n");
  assert.equal(stderr, "");
  assert.equal(new TextDecoder().decode(Uint8Array.from(streamed)), stdout);
  await close();
});

test("falls back to the plain raw REPL when the board answers R\\x00 to raw-paste", LIMIT, async () => {
  const { repl, close } = await connect();
  assert.equal(repl.rawPaste, null);
  const long = "x = 0\n" + "x += 1\n".repeat(300) + "print(x)";
  assert.equal((await repl.exec(long)).stdout, "300\r\n");
  assert.equal(repl.rawPaste, false);
  assert.equal((await repl.exec("print('again')")).stdout, "again\r\n");
  await close();
});

test("uses raw-paste with flow control when the board supports it", LIMIT, async () => {
  const { repl, close } = await connect({ rawPasteWindow: 32 });
  const long = "x = 0\n" + "x += 1\n".repeat(300) + "print(x)";
  assert.equal((await repl.exec(long)).stdout, "300\r\n");
  assert.equal(repl.rawPaste, true);
  assert.equal((await repl.exec("print('again')")).stdout, "again\r\n");
  await close();
});

test("a traceback on the board becomes BoardExecError carrying it", LIMIT, async () => {
  const { repl, close } = await connect();
  await assert.rejects(repl.exec("print('before')\n1/0"), (error) => {
    assert.ok(error instanceof BoardExecError);
    assert.match(error.traceback, /ZeroDivisionError/);
    assert.equal(error.stdout, "before\r\n");
    return true;
  });
  assert.equal((await repl.exec("print(2 + 2)")).stdout, "4\r\n"); // the REPL is still usable
  await close();
});

test("evalJson parses what the board computed", LIMIT, async () => {
  const { repl, close } = await connect();
  assert.deepEqual(await repl.evalJson("{'a': [1, 2.5, None], 'b': 'é'}"), { a: [1, 2.5, null], b: "é" });
  await close();
});

test("Stop (Ctrl-C) interrupts a running while True: and the REPL answers again", LIMIT, async () => {
  const { repl, close } = await connect();
  const running = repl.exec("n = 0\nwhile True:\n    n += 1", { check: false, timeoutMs: 5000 });
  await sleep(300);
  const [result, ms] = await timed(async () => { await repl.interrupt(); return running; });
  assert.match(result.stderr, /KeyboardInterrupt/);
  assert.ok(ms < 2000, `took ${ms} ms`);
  assert.equal((await repl.exec("print('alive')")).stdout, "alive\r\n");
  await close();
});

test("enter() stops a main.py that loops forever since power-on", LIMIT, async () => {
  const files = { "main.py": text("while True:\n    pass\n") };
  const session = await connect({}, { files, enter: null });
  const [error, ms] = await timed(() => session.repl.enter());
  assert.equal(error, undefined);
  assert.equal((await session.repl.exec("print('in raw REPL')")).stdout, "in raw REPL\r\n");
  assert.ok(ms < 3000, `took ${ms} ms`);
  await session.close();
});

test("a silent board gives BoardNotRespondingError after the retries, within bounds", LIMIT, async () => {
  const { link, board, close } = await connect({}, { enter: false });
  board.deaf = true;
  const repl = new RawRepl(link, { interruptTries: 3, interruptWaitMs: 200 });
  const [error, ms] = await timed(() => repl.enter());
  assert.ok(error instanceof BoardNotRespondingError, String(error));
  assert.match(error.message, /did not answer Ctrl-C \(3 tries/);
  assert.ok(ms < 3000, `took ${ms} ms`);
  await close();
});

test("a board that keeps printing but never reaches the REPL gives NoReplError", LIMIT, async () => {
  const { link, board, close } = await connect({}, { enter: false });
  board.deaf = true; // a program that catches KeyboardInterrupt and keeps printing
  const chatter = setInterval(() => board.onOutput(text("tick\r\n")), 50);
  const repl = new RawRepl(link, { interruptTries: 2, interruptWaitMs: 200 });
  const [error] = await timed(() => repl.enter());
  clearInterval(chatter);
  assert.ok(error instanceof NoReplError, String(error));
  assert.match(error.heard, /tick/);
  await close();
});

test("soft reset reboots, runs main.py and its output arrives as idle data", LIMIT, async () => {
  const files = { "main.py": text("print('hello from main')\n") };
  const { repl, link, close } = await connect({}, { files });
  const idle = [];
  link.onIdleData = (bytes) => idle.push(...bytes);
  await repl.softReset();
  await sleep(500);
  assert.match(new TextDecoder().decode(Uint8Array.from(idle)), /hello from main\r\n[\s\S]*>>> /);
  await repl.enter();
  assert.equal((await repl.exec("print(1)")).stdout, "1\r\n");
  await close();
});
