"""The fake Pico (a real MicroPython REPL, tests/fakes/stdio-board.mjs) behind a pseudo-terminal,
so mpremote and pyserial talk to it through a real serial device path, as to a Pico.

    with PtyBoard(files={"/main.py": b"..."}) as board:
        ... open board.path with mpremote ...
        board.unplug()            # the device vanishes mid-way (the pty master closes)
    board.files                   # the board's files after it stopped
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import tty

HERE = os.path.dirname(os.path.abspath(__file__))


class PtyBoard:
    def __init__(self, files=None, free=None, deaf=False, raw_paste=0, heap_free=None):
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not installed: the fake Pico needs Node.js 20+")
        self._dir = tempfile.mkdtemp(prefix="ptyboard-")
        self._files_in = os.path.join(self._dir, "in.json")
        self._files_out = os.path.join(self._dir, "out.json")
        with open(self._files_in, "w") as f:
            json.dump({p: (None if d is None else base64.b64encode(d).decode()) for p, d in (files or {}).items()}, f)
        command = [node, os.path.join(HERE, "stdio-board.mjs"), "--files-in", self._files_in, "--files-out", self._files_out]
        if free is not None:
            command += ["--free", str(free)]
        if deaf:
            command.append("--deaf")
        if raw_paste:
            command += ["--raw-paste", str(raw_paste)]
        if heap_free is not None:
            command += ["--heap-free", str(heap_free)]
        self._master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no newline translation: bytes pass as on a USB CDC port
        self.path = os.ttyname(slave)
        self._slave = slave
        self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._plugged = True
        self._threads = [threading.Thread(target=self._host_to_board, daemon=True),
                         threading.Thread(target=self._board_to_host, daemon=True)]
        for t in self._threads:
            t.start()
        self.files = None

    def _host_to_board(self):
        while self._plugged:
            try:
                data = os.read(self._master, 4096)
            except OSError:
                return
            if not data:
                return
            try:
                self._proc.stdin.write(data)
                self._proc.stdin.flush()
            except (OSError, ValueError):
                return

    def _board_to_host(self):
        while True:
            data = self._proc.stdout.read1(4096)
            if not data:
                return
            if self._plugged:
                try:
                    os.write(self._master, data)
                except OSError:
                    return

    def unplug(self):
        """The device disappears: the board stops (USB powers a Pico; its files stay as of its
        last finished command) and the host's open port fails on its next read or write."""
        self._plugged = False
        self._power_off()
        os.close(self._master)
        # A thread blocked reading the master keeps the pty open, so the host would never see
        # the hang-up while it only reads (a board printing a training): wake it with a byte.
        try:
            os.write(self._slave, b"\0")
        except OSError:
            pass

    def _power_off(self):
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)

    def stop(self):
        """Switch the board off and collect its files into self.files ({path: bytes | None})."""
        self._power_off()
        if self._plugged:
            self.unplug()
        try:
            os.close(self._slave)
        except OSError:
            pass
        if os.path.exists(self._files_out):
            with open(self._files_out) as f:
                self.files = {p: (None if d is None else base64.b64decode(d)) for p, d in json.load(f).items()}
        shutil.rmtree(self._dir, ignore_errors=True)
        return self.files

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
