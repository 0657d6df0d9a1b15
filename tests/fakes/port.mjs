// A fake Web Serial API (navigator.serial + SerialPort) whose other end is a FakeBoard.
// It follows Chromium's behaviour where tests depend on it: DOMException names and messages,
// 'connect'/'disconnect' events, streams that error with NetworkError when the device is lost,
// close() refusing while a stream is locked, output dropped while the port is closed.

const PICO_INFO = { usbVendorId: 0x2e8a, usbProductId: 0x0005 }; // Raspberry Pi, MicroPython CDC

export class FakeSerialPort extends EventTarget {
  constructor(serial, board) {
    super();
    this.serial = serial;
    this.board = board;
    this.connected = true;
    this.readable = null;
    this.writable = null;
    this.readController = null;
    this.signals = {};
    this.writesSeen = 0; // bytes written by the host, for tests that unplug mid-transfer
    this.onHostWrite = null; // test hook: (totalBytesWritten) => void
    board.onOutput = (bytes) => {
      if (this.readController) this.readController.enqueue(Uint8Array.from(bytes));
    };
  }

  getInfo() {
    return { ...PICO_INFO };
  }

  async open(options = {}) {
    if (!options.baudRate) throw new TypeError("Failed to execute 'open' on 'SerialPort': required member baudRate is undefined.");
    if (this.readable || this.writable) throw new DOMException("The port is already open.", "InvalidStateError");
    if (!this.connected || this.serial.busy) throw new DOMException("Failed to open serial port.", "NetworkError");
    // A board that is plugged in has been running before the port opens: no banner reaches us
    // (but main.py's output does), and its interpreter is up. So wait for the emulator's boot
    // (slow on a busy machine), but not for a main.py that never ends: a Pico busy in main.py
    // still enumerates.
    if (!this.board.powered) {
      this.board.powerOn({ showBanner: false });
      await Promise.race([this.board.ready, new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
    this.readable = new ReadableStream({
      start: (controller) => { this.readController = controller; },
      cancel: () => { this.readController = null; },
    });
    this.writable = new WritableStream({
      write: (chunk) => {
        if (!this.connected) throw new DOMException("The device has been lost.", "NetworkError");
        this.writesSeen += chunk.length;
        this.board.write(chunk);
        if (this.onHostWrite) this.onHostWrite(this.writesSeen);
      },
    });
  }

  async setSignals(signals) {
    if (!this.readable) throw new DOMException("The port is closed.", "InvalidStateError");
    this.signals = { ...this.signals, ...signals }; // recorded for tests; the fake board ignores them
  }

  async close() {
    if (this.readable?.locked || this.writable?.locked) {
      throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    }
    this.readController = null;
    if (this.writable) await this.writable.close().catch(() => {});
    this.readable = null;
    this.writable = null;
  }

  async forget() {
    await this.close().catch(() => {});
    this.serial.granted = this.serial.granted.filter((p) => p !== this);
  }

  // --- test controls ---------------------------------------------------------------------

  unplug() {
    if (!this.connected) return;
    this.connected = false;
    this.board.powerOff(); // USB powers a Pico: unplugging stops it
    const lost = new DOMException("The device has been lost.", "NetworkError");
    if (this.readController) {
      try { this.readController.error(lost); } catch { /* already closed */ }
      this.readController = null;
    }
    this.readable = null;
    this.writable = null;
    this.dispatchEvent(new Event("disconnect", { bubbles: true }));
    this.serial.dispatchEvent(new Event("disconnect"));
  }

  async plug() {
    if (this.connected) return;
    this.connected = true;
    await this.board.powerOn();
    this.dispatchEvent(new Event("connect", { bubbles: true }));
    this.serial.dispatchEvent(new Event("connect"));
  }
}

export class FakeSerial extends EventTarget {
  constructor(board) {
    super();
    this.port = new FakeSerialPort(this, board);
    this.granted = [];
    this.busy = false;          // test control: another program holds the port
    this.denyPermission = false; // test control: the user cancels the chooser
    this.blocked = false;        // test control: the browser forbids serial (policy, OS permission)
  }

  async requestPort(options = {}) {
    if (this.blocked) throw new DOMException("Access to the feature \"serial\" is disallowed by permissions policy.", "SecurityError");
    if (this.denyPermission) throw new DOMException("No port selected by the user.", "NotFoundError");
    const filters = options.filters || [];
    const info = this.port.getInfo();
    const matches = filters.length === 0 || filters.some((f) =>
      (f.usbVendorId === undefined || f.usbVendorId === info.usbVendorId) &&
      (f.usbProductId === undefined || f.usbProductId === info.usbProductId));
    if (!matches || !this.port.connected) throw new DOMException("No port selected by the user.", "NotFoundError");
    if (!this.granted.includes(this.port)) this.granted.push(this.port);
    return this.port;
  }

  async getPorts() {
    return this.granted.filter((p) => p.connected);
  }
}
