"""Deploy a file set to a MicroPython board over a serial port, on top of mpremote's transport.

    board = Board(find_pico_port())     # or Board("/dev/ttyACM0")
    board.enter()                       # Ctrl-C (retried), Ctrl-A: the raw REPL
    report = board.deploy({"main.py": b"...", "anne/model.py": b"..."}, progress=print)
    board.run_main(sys.stdout.buffer.write)
    board.close()

The protocol is the browser's (site/js/transport/boardfs.js and deploy.js): the board-side
helper functions are read from boardfs.js, so both sides run the same code on the board. Each
file goes to NAME.tmp in chunks, the board checks its size and sha256, and only then renames it
over NAME; files whose size and sha256 already match are skipped; free flash is checked first;
main.py is written last. mpremote (pinned 1.27.0) does the bytes and the raw REPL, including
raw-paste with its fall-back.
"""
import contextlib
import hashlib
import io
import json
import os
import random
import re

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOARDFS_JS = os.path.join(_ROOT, "site", "js", "transport", "boardfs.js")
PICO_USB_VENDOR = 0x2E8A  # Raspberry Pi
CHUNK_SIZE = 512          # file bytes per exec, as in boardfs.js
TEMP_SUFFIX = ".tmp"


class BoardError(Exception):
    """Base of the errors below; the message says what happened and what to do."""


class PortNotFoundError(BoardError):
    pass


class PermissionDeniedError(BoardError):
    pass


class PortBusyError(BoardError):
    pass


class BoardNotRespondingError(BoardError):
    pass


class BoardDisconnectedError(BoardError):
    pass


class BoardExecError(BoardError):
    def __init__(self, message, traceback):
        BoardError.__init__(self, message)
        self.traceback = traceback


class NotEnoughFlashError(BoardError):
    pass


class ChecksumMismatchError(BoardError):
    pass


def board_helpers():
    """The Python the board runs for the file protocol, as defined once in boardfs.js."""
    with open(BOARDFS_JS, encoding="utf-8") as f:
        match = re.search(r"const BOARD_HELPERS = `(.*?)`;", f.read(), re.S)
    if not match:
        raise BoardError("%s has no BOARD_HELPERS block: the checkout is incomplete" % BOARDFS_JS)
    return match.group(1)


def find_pico_port():
    """The device path of the one plugged-in Pico (USB vendor Raspberry Pi)."""
    from serial.tools import list_ports
    found = [p.device for p in list_ports.comports() if p.vid == PICO_USB_VENDOR]
    if not found:
        raise PortNotFoundError("no Pico found on USB. Plug it in (MicroPython must be on it, see "
                                "docs/pico.md) or name its port with --port, e.g. --port /dev/ttyACM0 or COM3")
    if len(found) > 1:
        raise PortNotFoundError("several Picos are plugged in (%s): choose one with --port" % ", ".join(found))
    return found[0]


class _Lines:
    """Bytes from the board, in any pieces -> on_line(text, complete) per line (\r\n or \n
    ends one; a last line without its end, cut short, comes with complete False)."""

    def __init__(self, on_line):
        self.on_line = on_line
        self.buffer = b""

    def feed(self, data):
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.on_line(line.rstrip(b"\r").decode("utf-8", "replace"), True)

    def end(self):
        if self.buffer:
            self.on_line(self.buffer.decode("utf-8", "replace"), False)
            self.buffer = b""


def _parent_folders(paths):
    folders = set()
    for path in paths:
        parts = path.split("/")[1:-1]
        for i in range(1, len(parts) + 1):
            folders.add("/" + "/".join(parts[:i]))
    return sorted(folders, key=len)


def _write_rank(path):
    # main.py last, so an interrupted deploy never runs new code against old modules
    return (2 if path == "/main.py" else 0 if path.count("/") > 1 else 1, path)


class Board:
    def __init__(self, port, interrupt_tries=3, interrupt_wait=1.0, answer_timeout=3.0):
        """interrupt_wait: Ctrl-C attempt k waits k * interrupt_wait s for the raw REPL;
        answer_timeout: the serial read time-out, bounding mpremote's blocking reads (the
        raw-paste reply, "OK"), which a healthy board answers in milliseconds."""
        from mpremote.transport import TransportError
        from mpremote.transport_serial import SerialTransport
        self.port = port
        self.interrupt_tries = interrupt_tries
        self.interrupt_wait = interrupt_wait
        try:
            self._t = SerialTransport(port, baudrate=115200, timeout=answer_timeout)
        except TransportError:
            raise self._open_error()

    def _open_error(self):
        if not os.path.exists(self.port):
            return PortNotFoundError("%s does not exist: is the Pico plugged in? (python -m serial.tools.list_ports "
                                     "lists the ports)" % self.port)
        if not os.access(self.port, os.R_OK | os.W_OK):
            return PermissionDeniedError("no permission to open %s. On Linux: sudo usermod -aG dialout $USER, "
                                         "then log out and in again" % self.port)
        return PortBusyError("%s is busy: another program (Thonny, a browser tab, a serial monitor) is using "
                             "the Pico. Close it and try again" % self.port)

    # --- REPL -----------------------------------------------------------------------------

    def _guard(self, what, fn, *args, **kw):
        """Run a transport call; a vanished device or a silent board becomes a named error."""
        import serial
        from mpremote.transport import TransportError
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # mpremote prints raw data on errors
                return fn(*args, **kw)
        except (serial.SerialException, OSError) as e:
            raise BoardDisconnectedError("the Pico was unplugged or its port closed during %s (%s). Files not "
                                         "completely written keep their previous version" % (what, e))
        except TransportError as e:
            raise BoardNotRespondingError("the board stopped answering during %s (%s)" % (what, e))

    def enter(self):
        """Interrupt whatever runs (Ctrl-C, retried with longer waits) and enter the raw REPL."""
        from mpremote.transport import TransportError
        for attempt in range(1, self.interrupt_tries + 1):
            try:
                self._guard("Ctrl-C", self._t.enter_raw_repl, soft_reset=False,
                            timeout_overall=self.interrupt_wait * attempt)
                self._guard("the first command", self._resync)
                return
            except BoardNotRespondingError as e:
                if not isinstance(e.__context__, TransportError):
                    raise
        raise BoardNotRespondingError(
            "the board did not answer Ctrl-C (%d tries). Is MicroPython on it? If a program ignores Ctrl-C, "
            "press reset or unplug and replug the Pico, then try again" % self.interrupt_tries)

    def _resync(self):
        # After retries, the answer to an earlier Ctrl-A can still be on its way and would be
        # read as the answer to the next command. Run a command that prints a fresh marker (built
        # on the board, so the command text never matches) and drop everything up to it, leaving
        # the ">" prompt for mpremote's next exec.
        from mpremote.transport import TransportError
        marker = "sync%08x" % random.getrandbits(32)
        self._t.serial.write(("print('%s' + '%s')\x04" % (marker[:2], marker[2:])).encode())
        ending = (marker + "\r\n\x04\x04").encode()
        if not self._t.read_until(1, ending, timeout=10).endswith(ending):
            raise TransportError("no answer to a first command in the raw REPL")

    def exec(self, code, timeout=10, data_consumer=None):
        """Run code in the raw REPL -> its stdout (bytes); a traceback raises BoardExecError."""
        out, err = self._guard("a command", self._t.exec_raw, code, timeout=timeout, data_consumer=data_consumer)
        if err:
            text = err.decode("utf-8", "replace")
            raise BoardExecError("the board reported an error:\n" + text.strip(), text)
        return out

    def info(self):
        """{"version": "1.27.0", "machine": "Raspberry Pi Pico with RP2040"}"""
        out = self.exec("import sys, json\nprint(json.dumps({'version': '.'.join(str(n) for n in "
                        "sys.implementation.version[:3]), 'machine': getattr(sys.implementation, '_machine', "
                        "sys.platform)}))")
        return json.loads(out)

    def run_main(self, data_consumer=None):
        """Soft reboot (so no module from before a deploy stays cached), then `import main`,
        streaming its output. Returns (stdout, stderr) as bytes; Ctrl-C in the terminal stops it."""
        self._guard("the soft reboot", self._t.enter_raw_repl, soft_reset=True, timeout_overall=10)
        try:
            return self._guard("the program", self._t.exec_raw, "import main", timeout=None,
                               data_consumer=data_consumer)
        except KeyboardInterrupt:
            self._t.serial.write(b"\x03")  # Stop: the board's program gets KeyboardInterrupt
            return self._guard("the program", self._t.follow, 5)

    def train(self, script, on_line):
        """Train on the board: soft reboot (a fresh interpreter), then run `script`
        (boardfiles.train_py), handing every line the board prints to on_line(text, complete).
        Ctrl-C here sends Ctrl-C to the board, which keeps its last complete epoch and saves it;
        the output is followed to its end. Returns the board's stderr (a traceback) as bytes."""
        lines = _Lines(on_line)
        self._guard("the soft reboot", self._t.enter_raw_repl, soft_reset=True, timeout_overall=10)
        self._guard("sending the training script", self._t.exec_raw_no_follow, script)
        try:
            ended = self._guard("the training", self._read_output, lines.feed)
        except KeyboardInterrupt:
            ended = False
        if not ended:
            self._t.serial.write(b"\x03")  # Stop: the board saves its last complete epoch, then ends
            self._guard("the training", self._read_output, lines.feed)
        lines.end()
        err = self._guard("the training", self._t.read_until, 1, b"\x04", timeout=10)
        return err[:-1] if err.endswith(b"\x04") else err

    def _read_output(self, feed):
        """A running program's stdout, to its \x04, to feed(bytes) -> True. No time limit: a
        silent board is waited for, but a vanished port fails the read (a byte at a time, as
        mpremote reads: each read waits at most the port's time-out, and a device that is gone
        reports itself readable with no data, which pyserial raises as an error)."""
        serial = self._t.serial
        while True:
            byte = serial.read(1)
            if byte == b"\x04":
                return True
            if byte:
                feed(byte)

    def close(self):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                self._t.exit_raw_repl()
                self._t.close()
        except Exception:  # an unplugged port cannot be closed cleanly; nothing is left to save
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- files ----------------------------------------------------------------------------

    def stat(self, paths):
        """{"block", "free", "files": {path: [size, sha256 hex] or None}} from the board."""
        return json.loads(self.exec("_anne_stat(%s)" % json.dumps(paths)))

    def write_file(self, path, data, chunk_size=CHUNK_SIZE, progress=None):
        """Safe write: PATH.tmp in chunks, size + sha256 checked on the board, then renamed."""
        temp = path + TEMP_SUFFIX
        self.exec("_anne_open(%s)" % json.dumps(temp))
        for at in range(0, len(data), chunk_size):
            chunk = data[at:at + chunk_size]
            try:
                self.exec("_anne_w(%r)" % chunk)  # repr(bytes): printable ASCII only, no REPL control byte
            except BoardExecError as e:
                # The free-space check is an estimate; littlefs raises ENOSPC (28) when full.
                if not re.search(r"ENOSPC|Errno 28|OSError: 28", e.traceback):
                    raise
                self._t.exec_raw("_anne_f.close()\nimport os\nos.remove(%s)" % json.dumps(temp))
                raise NotEnoughFlashError("the Pico's flash filled up while writing %s; it keeps its previous "
                                          "version. Delete files you no longer need from the board" % path)
            if progress:
                progress(at + len(chunk))
        digest = hashlib.sha256(data).hexdigest()
        try:
            self.exec("_anne_commit(%s, %s, %d, %s)" % (json.dumps(temp), json.dumps(path), len(data), json.dumps(digest)))
        except BoardExecError as e:
            if "checksum mismatch" in e.traceback:
                raise ChecksumMismatchError("%s did not arrive intact (%s); the previous version was kept"
                                            % (path, e.traceback.strip().splitlines()[-1]))
            raise

    def deploy(self, files, chunk_size=CHUNK_SIZE, progress=None):
        """Put files ({relative path: bytes}) on the board -> report dict.

        progress(event) gets {"phase": "checking"|"writing"|"skipped"|"done", "file", "files_done",
        "files_total", "bytes_done", "bytes_total"}."""
        progress = progress or (lambda event: None)
        entries = sorted(("/" + rel.lstrip("/"), data) for rel, data in files.items())
        total = len(entries)
        progress({"phase": "checking", "file": None, "files_done": 0, "files_total": total,
                  "bytes_done": 0, "bytes_total": 0})
        self.exec(board_helpers())
        board = self.stat([path for path, _ in entries])
        changed, skipped = [], []
        for path, data in entries:
            same = board["files"].get(path) == [len(data), hashlib.sha256(data).hexdigest()]
            (skipped if same else changed).append((path, data))
        changed.sort(key=lambda entry: _write_rank(entry[0]))
        bytes_total = sum(len(data) for _, data in changed)
        block = board.get("block") or 4096
        # The new file's blocks are needed while the old one still exists, plus a metadata block.
        needed = sum((-(-len(data) // block) + 1) * block for _, data in changed)
        if needed > board["free"]:
            raise NotEnoughFlashError("the Pico has %.1f KiB free but these files need about %.1f KiB. Delete "
                                      "files you no longer need from the board, then try again"
                                      % (board["free"] / 1024, needed / 1024))
        for path, _ in skipped:
            progress({"phase": "skipped", "file": path, "files_done": 0, "files_total": total,
                      "bytes_done": 0, "bytes_total": bytes_total})
        for folder in _parent_folders([path for path, _ in changed]):
            self.exec("_anne_mkdir(%s)" % json.dumps(folder))
        done_bytes, done_files = 0, len(skipped)
        for path, data in changed:
            before = done_bytes

            def report(n, path=path, before=before, done_files=done_files):
                progress({"phase": "writing", "file": path, "files_done": done_files, "files_total": total,
                          "bytes_done": before + n, "bytes_total": bytes_total})
            report(0)
            self.write_file(path, data, chunk_size=chunk_size, progress=report)
            done_bytes += len(data)
            done_files += 1
        progress({"phase": "done", "file": None, "files_done": done_files, "files_total": total,
                  "bytes_done": done_bytes, "bytes_total": bytes_total})
        return {"written": [p for p, _ in changed], "skipped": [p for p, _ in skipped],
                "bytes_total": bytes_total, "chunk_size": chunk_size, "free": board["free"]}
