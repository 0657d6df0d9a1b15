// Pure parts of the Send to Pico panel (site/js/pico.js): the console's line handling; and Stop
// during a deploy. (main.py comes from annetools/boardfiles.py: tests/test_boardfiles.py.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConsoleText } from "../../site/js/pico.js";
import { deploy } from "../../site/js/transport/deploy.js";
import { DeployCancelledError } from "../../site/js/transport/errors.js";
import { connect, same, text, LIMIT } from "./helpers.mjs";

test("the console turns \\r\\n into lines, lets a lone \\r overwrite, drops protocol bytes", LIMIT, () => {
  const c = new ConsoleText();
  c.write(text("row 1\r\nrow 2\r\n"));
  c.write(text("50%\r75%\r100%\r\n\x04\x04>done"));
  assert.equal(c.text(), "row 1\nrow 2\n100%\n>done");
});

test("the console keeps UTF-8 split across chunks", LIMIT, () => {
  const c = new ConsoleText();
  const bytes = text("grün\r\n");
  c.write(bytes.slice(0, 4));
  c.write(bytes.slice(4));
  assert.equal(c.text(), "grün\n");
});

test("Stop during a deploy ends it between chunks; the file keeps its old version", LIMIT, async () => {
  const { repl, board, close } = await connect({}, { files: { "/main.py": text("print('old')\n") } });
  const stop = new AbortController();
  const big = text("# new\n".repeat(1000));
  await assert.rejects(deploy(repl, { "main.py": big }, {
    signal: stop.signal,
    onProgress: (e) => { if (e.phase === "writing" && e.bytesDone > 0) stop.abort(); },
  }), DeployCancelledError);
  await repl.exec("print('sync')");
  assert.ok(same(board.readFile("/main.py"), text("print('old')\n")));
  const again = await deploy(repl, { "main.py": big });
  assert.deepEqual(again.written, ["/main.py"]);
  await close();
});
