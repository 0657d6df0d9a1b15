// Byte layer: opening, the named errors of Web Serial, the disconnect event, time-outs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createNodeSerial } from "../fakes/node.mjs";
import {
  SerialLink, requestPort, serialUnsupportedReason,
} from "../../site/js/transport/serial.js";
import {
  BoardTimeoutError, NoPortSelectedError, PermissionDeniedError, PortBusyError, PortDisconnectedError,
  SerialUnsupportedError,
} from "../../site/js/transport/errors.js";
import { connect, timed, LIMIT } from "./helpers.mjs";

test("explains a missing navigator.serial instead of throwing", LIMIT, async () => {
  assert.match(serialUnsupportedReason({}, { isSecureContext: true }), /Chrome or Edge/);
  assert.match(serialUnsupportedReason({}, { isSecureContext: false }), /https/);
  assert.equal(serialUnsupportedReason({ serial: {} }, {}), null);
  await assert.rejects(requestPort(undefined), SerialUnsupportedError);
});

test("a cancelled chooser is NoPortSelectedError", LIMIT, async () => {
  const serial = createNodeSerial();
  serial.denyPermission = true;
  await assert.rejects(requestPort(serial), NoPortSelectedError);
});

test("a browser that forbids serial access is PermissionDeniedError", LIMIT, async () => {
  const serial = createNodeSerial();
  serial.blocked = true;
  await assert.rejects(requestPort(serial), (error) => {
    assert.ok(error instanceof PermissionDeniedError);
    assert.match(error.message, /dialout/);
    return true;
  });
});

test("close() ends a read that is still waiting", LIMIT, async () => {
  const { link, close } = await connect({}, { enter: false });
  const pending = timed(() => link.readUntil("never", { timeoutMs: Infinity }));
  await link.close();
  const [error, ms] = await pending;
  assert.ok(error instanceof PortDisconnectedError, String(error));
  assert.ok(ms < 1000);
  await close();
});

test("a port held by another program is PortBusyError", LIMIT, async () => {
  const serial = createNodeSerial();
  const port = await requestPort(serial);
  serial.busy = true;
  await assert.rejects(new SerialLink(port).open(), (error) => {
    assert.ok(error instanceof PortBusyError);
    assert.match(error.message, /Thonny/);
    return true;
  });
  serial.port.board.powerOff();
});

test("opening asserts DTR, which MicroPython's USB serial needs before it sends", LIMIT, async () => {
  const { port, close } = await connect({}, { enter: false });
  assert.equal(port.signals.dataTerminalReady, true);
  await close();
});

test("readUntil times out with a named error when the board is silent", LIMIT, async () => {
  const { link, board, close } = await connect({}, { enter: false });
  board.deaf = true;
  const [error, ms] = await timed(() => link.readUntil(">", { timeoutMs: 300, what: "a prompt" }));
  assert.ok(error instanceof BoardTimeoutError, String(error));
  assert.match(error.message, /a prompt/);
  assert.ok(ms < 1000, `took ${ms} ms`);
  await close();
});

test("unplugging rejects a pending read at once with PortDisconnectedError", LIMIT, async () => {
  const { link, port, close } = await connect({}, { enter: false });
  let reported = null;
  link.onDisconnect = (error) => { reported = error; };
  const pending = timed(() => link.readUntil("never", { timeoutMs: 10000 }));
  setTimeout(() => port.unplug(), 100);
  const [error, ms] = await pending;
  assert.ok(error instanceof PortDisconnectedError, String(error));
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.equal(reported, error);
  await assert.rejects(link.write("x"), PortDisconnectedError);
  await close();
});
