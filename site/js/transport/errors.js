// Named errors of the board transport. Each says what happened and what the student can do, in
// English (error.message); error.key and error.params name the same message in the page's
// tables (site/i18n/*.json "transport.<key>"), so the panel can say it in the student's language.

export class BoardError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = this.constructor.name;
    Object.assign(this, details);
  }
}

/** This browser or page cannot use Web Serial at all. */
export class SerialUnsupportedError extends BoardError {}
/** The student closed the port chooser, or no matching board was plugged in. */
export class NoPortSelectedError extends BoardError {}
/** The browser or the operating system refused access to the port. */
export class PermissionDeniedError extends BoardError {}
/** Another program (Thonny, another tab, a serial monitor) holds the port. */
export class PortBusyError extends BoardError {}
/** The board was unplugged or reset while we talked to it. */
export class PortDisconnectedError extends BoardError {}
/** The board sent nothing for too long. */
export class BoardTimeoutError extends BoardError {}
/** Ctrl-C got no answer at all: no MicroPython REPL on the other end. */
export class BoardNotRespondingError extends BoardError {}
/** The board talks but never reaches the REPL (a program keeps running despite Ctrl-C). */
export class NoReplError extends BoardError {}
/** The board answered outside the raw REPL protocol. */
export class RawReplError extends BoardError {}
/** Python code sent to the board raised; .traceback holds the board's text. */
export class BoardExecError extends BoardError {}
/** The board's filesystem has less free space than the files need. */
export class NotEnoughFlashError extends BoardError {}
/** A file arrived on the board with the wrong size or checksum (it was not installed). */
export class ChecksumMismatchError extends BoardError {}
/** The student pressed Stop during a deploy; files not yet renamed keep their old version. */
export class DeployCancelledError extends BoardError {}
