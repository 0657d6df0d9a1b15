// REPL layer: MicroPython's raw REPL over a SerialLink (bytes only).
// Protocol (MicroPython docs, "raw REPL" and "raw-paste mode"; mpremote's transport_serial.py):
//   Ctrl-C  interrupts a running program; Ctrl-A enters the raw REPL, which answers
//   "raw REPL; CTRL-B to exit\r\n>"; a command ends with Ctrl-D, the board answers "OK", then
//   stdout, \x04, stderr (a traceback), \x04, and the prompt ">". Ctrl-B leaves the raw REPL;
//   Ctrl-D on an empty raw line soft-reboots.
//   Raw-paste (MicroPython >= 1.14): "\x05A\x01" -> "R\x01" + 2-byte window size (flow control:
//   send at most the window, one more window per \x01 received, \x04 from the board = abort),
//   or "R\x00" when the board does not support it: then we fall back to the plain raw REPL for
//   the rest of the connection, sending 256 bytes every 10 ms so a USB buffer never overflows.

import {
  BoardExecError, BoardNotRespondingError, BoardTimeoutError, NoReplError, RawReplError,
} from "./errors.js";
import { bytesOf } from "./serial.js";

const CTRL_A = "\x01", CTRL_B = "\x02", CTRL_C = "\x03", CTRL_D = "\x04";
const RAW_BANNER = "raw REPL; CTRL-B to exit\r\n";
const PLAIN_SLICE = 256;     // bytes per write in the plain raw REPL (mpremote does the same)
const PLAIN_PAUSE_MS = 10;
const decode = (bytes) => new TextDecoder().decode(bytes);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class RawRepl {
  /**
   * interruptTries / interruptWaitMs: Ctrl-C attempts, waiting 1x, 2x, 3x interruptWaitMs for the raw REPL;
   * answerTimeoutMs: a protocol answer (OK, raw-paste reply, prompt), ms on a healthy board;
   * execTimeoutMs: silence allowed while a command runs.
   */
  constructor(link, { interruptTries = 3, interruptWaitMs = 1000, answerTimeoutMs = 3000, execTimeoutMs = 10000 } = {}) {
    this.link = link;
    this.interruptTries = interruptTries;
    this.interruptWaitMs = interruptWaitMs;
    this.answerTimeoutMs = answerTimeoutMs;
    this.execTimeoutMs = execTimeoutMs;
    this.inRaw = false;
    this.rawPaste = null;  // null: not tried yet; true/false after the first probe
  }

  /**
   * Stop whatever runs and enter the raw REPL. Ctrl-C may need repeating (a program can catch
   * KeyboardInterrupt once, or be inside a long C call); after interruptTries we explain.
   */
  enter() {
    return this.link.transaction(async () => {
      this.link.takeAll(); // stale output from before we came is no answer
      let heard = new Uint8Array(0);
      for (let attempt = 1; attempt <= this.interruptTries; attempt++) {
        await this.link.write("\r" + CTRL_C + CTRL_C);
        heard = concatBytes(heard, await this.link.settle(100 * attempt));
        await this.link.write("\r" + CTRL_A);
        try {
          const wait = this.interruptWaitMs * attempt;
          await this.link.readUntil(RAW_BANNER + ">", { timeoutMs: wait, overallMs: wait, what: "the raw REPL banner" });
          await this.resync();
          this.inRaw = true;
          return;
        } catch (error) {
          if (!(error instanceof BoardTimeoutError)) throw error;
          heard = concatBytes(heard, error.received || new Uint8Array(0), this.link.takeAll());
        }
      }
      const seconds = this.interruptTries * (this.interruptTries + 1) / 2 * (this.interruptWaitMs + 100) / 1000;
      if (heard.length === 0) {
        throw new BoardNotRespondingError(`The board did not answer Ctrl-C (${this.interruptTries} ` +
          `tries, ${seconds.toFixed(1)} s). Is MicroPython installed on it? If it is, press its ` +
          "reset button or unplug and replug it, then connect again.",
        { key: "no_answer", params: { tries: this.interruptTries, seconds: seconds.toFixed(1) } });
      }
      throw new NoReplError(`The board keeps running a program that does not stop on Ctrl-C ` +
        `(${this.interruptTries} tries). Unplug and replug it, then connect again quickly; if ` +
        "main.py starts the loop, a deploy of new code replaces it.",
      { heard: decode(heard.slice(-200)), key: "no_repl", params: { tries: this.interruptTries } });
    });
  }

  // After retries, the answer to an earlier Ctrl-A can still be on its way and would be taken
  // for the answer to the next command. Run a command whose output is a fresh marker and drop
  // everything up to it; the marker is built on the board so the command text never matches.
  async resync() {
    const marker = "sync" + Math.random().toString(36).slice(2, 10);
    await this.link.write(`print('${marker.slice(0, 2)}' + '${marker.slice(2)}')` + CTRL_D);
    await this.link.readUntil(marker + "\r\n" + CTRL_D + CTRL_D + ">", {
      timeoutMs: this.answerTimeoutMs * 2, what: "the answer to a first command",
    });
  }

  /**
   * Soft reboot staying in the raw REPL (Ctrl-D on an empty raw line): a fresh interpreter, so
   * modules a deploy replaced are imported anew instead of coming from sys.modules.
   */
  reboot() {
    return this.link.transaction(async () => {
      if (!this.inRaw) throw new RawReplError("reboot() needs the raw REPL: call enter() first.");
      await this.link.write(CTRL_D);
      await this.link.readUntil("soft reboot\r\n", { timeoutMs: this.answerTimeoutMs * 3, what: "the soft reboot" });
      await this.link.readUntil(RAW_BANNER + ">", { timeoutMs: this.answerTimeoutMs * 3, what: "the raw REPL banner" });
    });
  }

  /** Leave the raw REPL for the friendly one (">>> "). */
  exit() {
    return this.link.transaction(async () => {
      await this.link.write("\r" + CTRL_B);
      this.inRaw = false;
      await this.link.readUntil(">>> ", { timeoutMs: this.answerTimeoutMs * 2, what: "the >>> prompt" });
    });
  }

  /**
   * Run code on the board; returns {stdout, stderr} as text. stdout streams to onStdout as it
   * arrives. A traceback raises BoardExecError unless check is false.
   */
  exec(code, { timeoutMs = this.execTimeoutMs, onStdout = null, check = true } = {}) {
    return this.link.transaction(async () => {
      if (!this.inRaw) throw new RawReplError("exec() needs the raw REPL: call enter() first.");
      await this.sendCommand(bytesOf(code));
      const result = await this.follow(timeoutMs, onStdout);
      await this.link.readUntil(">", { timeoutMs: this.answerTimeoutMs, what: "the raw REPL prompt" });
      if (check && result.stderr) {
        throw new BoardExecError("The board reported an error:\n" + result.stderr.trim(),
          { traceback: result.stderr, stdout: result.stdout, key: "exec", params: { traceback: result.stderr.trim() } });
      }
      return result;
    });
  }

  /** Evaluate a Python expression on the board and parse its JSON form. */
  async evalJson(expression) {
    const { stdout } = await this.exec("import json\nprint(json.dumps(" + expression + "))");
    return JSON.parse(stdout);
  }

  /** Interrupt a running exec (Stop button): Ctrl-C outside the transaction lock. */
  async interrupt() {
    await this.link.write(CTRL_C);
  }

  /**
   * Soft reboot from the friendly REPL (Ctrl-D): the board restarts MicroPython and runs
   * main.py; its output arrives as idle data (the console).
   */
  softReset() {
    return this.link.transaction(async () => {
      if (this.inRaw) {
        await this.link.write("\r" + CTRL_B);
        await this.link.readUntil(">>> ", { timeoutMs: this.answerTimeoutMs * 2, what: "the >>> prompt" });
        this.inRaw = false;
      }
      await this.link.write(CTRL_D);
      await this.link.readUntil("soft reboot\r\n", { timeoutMs: this.answerTimeoutMs * 3, what: "the soft reboot" });
      this.rawPaste = null;
    });
  }

  // --- protocol steps --------------------------------------------------------------------

  async sendCommand(bytes) {
    if (this.rawPaste !== false) {
      await this.link.write("\x05A\x01");
      const answer = decode(await this.link.readExactly(2, { timeoutMs: this.answerTimeoutMs, what: "the raw-paste answer" }));
      if (answer === "R\x01") {
        this.rawPaste = true;
        return this.rawPasteWrite(bytes);
      }
      this.rawPaste = false;
      if (answer !== "R\x00") {
        // Firmware older than raw-paste echoes the probe; resynchronise on its raw banner.
        await this.link.readUntil("w REPL; CTRL-B to exit\r\n>", { timeoutMs: this.answerTimeoutMs, what: "the raw REPL banner" });
      }
    }
    for (let i = 0; i < bytes.length; i += PLAIN_SLICE) {
      await this.link.write(bytes.subarray(i, i + PLAIN_SLICE));
      await sleep(PLAIN_PAUSE_MS);
    }
    await this.link.write(CTRL_D);
    const ok = decode(await this.link.readExactly(2, { timeoutMs: this.answerTimeoutMs, what: "OK" }));
    if (ok !== "OK") {
      throw new RawReplError(`The board did not accept the command (it answered ${JSON.stringify(ok)} instead of "OK").`,
        { key: "not_accepted", params: { answer: JSON.stringify(ok) } });
    }
  }

  async rawPasteWrite(bytes) {
    const header = await this.link.readExactly(2, { timeoutMs: this.answerTimeoutMs, what: "the raw-paste window size" });
    const windowSize = header[0] | (header[1] << 8);
    let windowLeft = windowSize;
    let i = 0;
    while (i < bytes.length) {
      while (windowLeft === 0 || this.link.available() > 0) {
        const [flag] = await this.link.readExactly(1, { timeoutMs: this.execTimeoutMs, what: "raw-paste flow control" });
        if (flag === 0x01) windowLeft += windowSize;           // board: room for one more window
        else if (flag === 0x04) { await this.link.write(CTRL_D); return; } // board aborted
        else throw new RawReplError(`Unexpected byte ${flag} from the board during raw-paste.`);
      }
      const part = bytes.subarray(i, Math.min(i + windowLeft, bytes.length));
      await this.link.write(part);
      windowLeft -= part.length;
      i += part.length;
    }
    await this.link.write(CTRL_D);
    await this.link.readUntil(CTRL_D, { timeoutMs: this.execTimeoutMs, what: "the end of raw-paste" });
  }

  async follow(timeoutMs, onStdout) {
    const stdoutParts = [];
    await this.link.readUntil(CTRL_D, {
      timeoutMs, what: "the program's output",
      onData: (bytes) => { stdoutParts.push(bytes); if (onStdout) onStdout(bytes); },
    });
    const stderr = await this.link.readUntil(CTRL_D, { timeoutMs, what: "the program's error output" });
    return { stdout: decode(concatBytes(...stdoutParts)), stderr: decode(stderr.slice(0, -1)) };
  }
}

function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
