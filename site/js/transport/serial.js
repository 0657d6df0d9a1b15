// Byte layer: the only module that touches navigator.serial. It opens a port, pumps what the
// board sends into a buffer, and offers waits with time-outs (readUntil / readExactly).
// Everything above it (rawrepl.js, boardfs.js, deploy.js) sees bytes only, so tests can inject
// any object shaped like a Web Serial SerialPort.

import {
  BoardTimeoutError, NoPortSelectedError, PermissionDeniedError, PortBusyError,
  PortDisconnectedError, SerialUnsupportedError,
} from "./errors.js";

// Raspberry Pi's USB vendor id; MicroPython on a Pico enumerates with it.
export const PICO_FILTERS = [{ usbVendorId: 0x2e8a }];

/** Why Web Serial is missing here, or null when it can be used. */
export function serialUnsupportedReason(nav = globalThis.navigator, win = globalThis) {
  if (nav && "serial" in nav) return null;
  if (win && win.isSecureContext === false) {
    return "Web Serial needs a secure page: open the playground over https:// or from " +
      "http://localhost (this page is plain http on another host).";
  }
  return "This browser has no Web Serial (Firefox and Safari do not offer it). Use Chrome or " +
    "Edge on a computer, or copy the files with Thonny or 'python -m anne deploy'.";
}

/** Ask the student to pick a board; returns a SerialPort. */
export async function requestPort(serial = globalThis.navigator?.serial, { filters = PICO_FILTERS } = {}) {
  if (!serial) throw new SerialUnsupportedError(serialUnsupportedReason());
  try {
    return await serial.requestPort({ filters });
  } catch (error) {
    throw describeOpenError(error, "choosing a port");
  }
}

/** Ports this site may already use (granted earlier): reconnecting needs no chooser. */
export async function grantedPorts(serial = globalThis.navigator?.serial) {
  if (!serial) return [];
  try {
    return await serial.getPorts();
  } catch {
    return [];
  }
}

function describeOpenError(error, doing) {
  switch (error && error.name) {
    case "NotFoundError":
      return new NoPortSelectedError("No board was chosen. Plug in the Pico (with MicroPython " +
        "on it), click the button again and pick it in the list.", { cause: error, key: "no_port" });
    case "SecurityError":
      return new PermissionDeniedError("The browser refused access to the serial port " +
        "(" + doing + "). Allow serial access for this site, or on Linux add yourself to the " +
        "'dialout' group and log in again.", { cause: error, key: "refused" });
    case "NetworkError":
    case "InvalidStateError":
      // Chromium reports both "in use" and "no permission" (Linux) as this NetworkError.
      return new PortBusyError("The port is busy: another program is using the Pico (close " +
        "Thonny, other playground tabs or serial monitors), then try again. On Linux it can also " +
        "mean no permission: sudo usermod -aG dialout $USER, then log out and in again.", { cause: error, key: "busy" });
    default:
      return error;
  }
}

const concat = (a, b) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

function indexOf(haystack, needle, from = 0) {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export const bytesOf = (text) => new TextEncoder().encode(text);

export class SerialLink {
  /** port: a Web Serial SerialPort (or a fake with the same shape). */
  constructor(port, { baudRate = 115200 } = {}) {
    this.port = port;
    this.baudRate = baudRate;
    this.buffer = new Uint8Array(0);
    this.waiter = null;        // wakes a pending read when bytes arrive or the port fails
    this.lost = null;          // the PortDisconnectedError once the port is gone
    this.reader = null;
    this.writer = null;
    this.holds = 0;            // >0 while a transaction owns incoming bytes
    this.onIdleData = null;    // (Uint8Array) => void: bytes arriving outside transactions
    this.onDisconnect = null;  // (PortDisconnectedError) => void
    this.bytesWritten = 0;
    this.queue = Promise.resolve();
    this.handleDisconnectEvent = () => this.markLost();
  }

  async open() {
    try {
      await this.port.open({ baudRate: this.baudRate });
    } catch (error) {
      throw describeOpenError(error, "opening the port");
    }
    // MicroPython's USB serial (TinyUSB CDC) sends output only while DTR is set ("a host
    // listens"); assert it in case the platform did not on open. Boards that reset on DTR
    // (ESP32) are not Picos; a port without the call just skips it.
    try { await this.port.setSignals?.({ dataTerminalReady: true }); } catch { /* not supported here */ }
    this.port.addEventListener?.("disconnect", this.handleDisconnectEvent);
    this.writer = this.port.writable.getWriter();
    this.reader = this.port.readable.getReader();
    this.pump = this.readLoop();
  }

  get connected() {
    return !this.lost && !!this.reader;
  }

  async readLoop() {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        if (value && value.length) this.received(value);
      }
      this.markLost();
    } catch (error) {
      this.markLost(error);
    }
  }

  received(bytes) {
    if (this.holds === 0 && !this.waiter && this.onIdleData) {
      this.onIdleData(bytes);
      return;
    }
    this.buffer = concat(this.buffer, bytes);
    this.wake();
  }

  wake() {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter();
  }

  markLost(cause) {
    if (this.lost || this.closing) return;
    this.lost = new PortDisconnectedError("The Pico was unplugged or its port closed " +
      "while we were talking to it. Plug it back in and connect again; files already on the " +
      "board keep their previous version unless they were completely written.", { cause, key: "unplugged" });
    this.wake();
    if (this.onDisconnect) this.onDisconnect(this.lost);
  }

  /** Run fn with incoming bytes reserved for it; transactions never interleave. */
  transaction(fn) {
    const run = this.queue.then(async () => {
      this.holds += 1;
      try {
        return await fn();
      } finally {
        this.holds -= 1;
        if (this.holds === 0 && this.onIdleData && this.buffer.length) {
          const leftover = this.takeAll();
          this.onIdleData(leftover);
        }
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async write(bytes) {
    if (this.lost) throw this.lost;
    if (typeof bytes === "string") bytes = bytesOf(bytes);
    try {
      await this.writer.write(bytes);
    } catch (error) {
      this.markLost(error);
      throw this.lost || error;
    }
    this.bytesWritten += bytes.length;
  }

  /** Bytes received and not yet read. */
  available() {
    return this.buffer.length;
  }

  takeAll() {
    const all = this.buffer;
    this.buffer = new Uint8Array(0);
    return all;
  }

  // Wait until more bytes arrive, the port is lost, or `idleMs` pass with nothing new.
  async waitForData(idleMs, what) {
    if (this.lost) throw this.lost;
    let timer;
    const arrived = new Promise((resolve) => { this.waiter = resolve; });
    const timedOut = Number.isFinite(idleMs)
      ? new Promise((resolve) => { timer = setTimeout(() => resolve("timeout"), idleMs); })
      : new Promise(() => {});
    const result = await Promise.race([arrived, timedOut]);
    clearTimeout(timer);
    if (this.waiter) this.waiter = null;
    if (this.lost) throw this.lost;
    if (result === "timeout") {
      throw new BoardTimeoutError(`The board sent nothing for ${(idleMs / 1000).toFixed(1)} s ` +
        `while we waited for ${what}.`, { received: this.buffer.slice(), key: "silent", params: { seconds: (idleMs / 1000).toFixed(1) } });
    }
  }

  /**
   * Read up to and including `ending` (bytes or string). The time-out restarts whenever bytes
   * arrive (a board printing slowly is alive); overallMs caps the whole wait. onData, if given, receives the bytes before the
   * ending as they come (then the result holds only the ending), for streaming output.
   */
  async readUntil(ending, { timeoutMs = 5000, overallMs = Infinity, onData = null, what = null } = {}) {
    if (typeof ending === "string") ending = bytesOf(ending);
    what = what || JSON.stringify(new TextDecoder().decode(ending));
    const deadline = Date.now() + overallMs; // for a board that talks but never says `ending`
    let searchFrom = 0;
    for (;;) {
      const at = indexOf(this.buffer, ending, searchFrom);
      if (at >= 0) {
        const result = this.buffer.slice(0, at + ending.length);
        this.buffer = this.buffer.slice(at + ending.length);
        if (onData) {
          if (at > 0) onData(result.slice(0, at));
          return result.slice(at);
        }
        return result;
      }
      if (onData && this.buffer.length >= ending.length) {
        // Hand out what cannot be the start of the ending yet.
        const safe = this.buffer.length - (ending.length - 1);
        onData(this.buffer.slice(0, safe));
        this.buffer = this.buffer.slice(safe);
      }
      searchFrom = Math.max(0, this.buffer.length - ending.length + 1);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new BoardTimeoutError(`The board did not send ${what} within ${(overallMs / 1000).toFixed(1)} s.`,
          { received: this.buffer.slice(), key: "too_slow", params: { seconds: (overallMs / 1000).toFixed(1) } });
      }
      await this.waitForData(Math.min(timeoutMs, left), what);
    }
  }

  async readExactly(n, { timeoutMs = 5000, what = `${n} bytes` } = {}) {
    while (this.buffer.length < n) await this.waitForData(timeoutMs, what);
    const result = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return result;
  }

  /** Wait `ms`, then discard whatever arrived (stale output before a new command). */
  async settle(ms) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.lost) throw this.lost;
    return this.takeAll();
  }

  async close() {
    this.closing = true;
    // A read still waiting (e.g. a program's output) ends now instead of waiting forever.
    if (!this.lost) this.lost = new PortDisconnectedError("The port was closed.", { key: "closed" });
    this.wake();
    this.port.removeEventListener?.("disconnect", this.handleDisconnectEvent);
    try { await this.reader?.cancel(); } catch { /* port already gone */ }
    try { this.reader?.releaseLock(); } catch { /* ditto */ }
    try { await this.writer?.close(); } catch { /* ditto */ }
    try { this.writer?.releaseLock(); } catch { /* ditto */ }
    try { await this.port.close(); } catch { /* unplugged ports cannot be closed */ }
    this.reader = null;
    this.writer = null;
  }
}
