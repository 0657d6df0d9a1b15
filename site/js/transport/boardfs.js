// File layer, written only in terms of RawRepl.exec: safe writes (temp name, chunks, size and
// sha256 checked by the board, then rename), hashes to skip unchanged files, mkdir, free space.
// Works on MicroPython 1.22+ (hashlib.sha256, binascii, json, os.statvfs are in the rp2 build).

import { BoardExecError, ChecksumMismatchError, DeployCancelledError, NotEnoughFlashError } from "./errors.js";

export const TEMP_SUFFIX = ".tmp";
export const DEFAULT_CHUNK_SIZE = 512; // file bytes per exec; at most 4x that as a bytes literal

// Helpers installed once per raw REPL session, named _anne_* to stay out of the student's way.
// They are plain functions so each later command is one short line.
const BOARD_HELPERS = `
def _anne_hash(p):
    import hashlib, binascii
    h = hashlib.sha256()
    b = bytearray(512)
    m = memoryview(b)
    n = 0
    with open(p, 'rb') as f:
        while True:
            k = f.readinto(b)
            if not k:
                break
            h.update(m[:k])
            n += k
    return [n, binascii.hexlify(h.digest()).decode()]

def _anne_stat(paths):
    import os, json
    r = {}
    for p in paths:
        try:
            r[p] = _anne_hash(p)
        except OSError:
            r[p] = None
    s = os.statvfs('/')
    print(json.dumps({'block': s[0], 'free': s[0] * s[3], 'files': r}))

def _anne_mkdir(p):
    import os
    try:
        os.mkdir(p)
    except OSError:
        if not os.stat(p)[0] & 0x4000:  # exists but not a folder (errno numbers vary by port)
            raise

def _anne_open(p):
    global _anne_f
    _anne_f = open(p, 'wb')

def _anne_w(b):
    _anne_f.write(b)

def _anne_commit(tmp, path, size, digest):
    import os
    _anne_f.close()
    got = _anne_hash(tmp)
    if got != [size, digest]:
        os.remove(tmp)
        raise ValueError('checksum mismatch: %s arrived as %d bytes, sha256 %s' % (path, got[0], got[1]))
    try:
        os.rename(tmp, path)
    except OSError:
        os.remove(path)  # FAT cannot rename over an existing file; littlefs can
        os.rename(tmp, path)
`;

/** Python bytes literal for data: printable ASCII as is, everything else as \\xNN. */
export function bytesLiteral(data) {
  let out = "b'";
  for (const b of data) {
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x27) out += "\\'";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\x" + b.toString(16).padStart(2, "0");
  }
  return out + "'";
}

/** Python str literal for a path (JSON strings are valid Python for the characters we allow). */
const pyStr = (text) => JSON.stringify(text);

export async function sha256Hex(data) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class BoardFS {
  constructor(repl, { chunkSize = DEFAULT_CHUNK_SIZE } = {}) {
    this.repl = repl;
    this.chunkSize = chunkSize;
  }

  /** Define the helper functions on the board (again after every soft reset). */
  async install() {
    await this.repl.exec(BOARD_HELPERS);
  }

  /** {block, free, files: {path: [size, sha256hex] | null}} for the given board paths. */
  async stat(paths) {
    const { stdout } = await this.repl.exec(`_anne_stat(${pyStr(paths)})`);
    return JSON.parse(stdout);
  }

  async mkdir(path) {
    await this.repl.exec(`_anne_mkdir(${pyStr(path)})`);
  }

  /**
   * Write data to path safely: into path + ".tmp" chunk by chunk, then the board checks size
   * and sha256 and renames over the old file. Until that rename, the old file is untouched.
   * onBytes(n) reports file bytes sent so far; an aborted signal stops between chunks.
   */
  async writeFile(path, data, { onBytes = null, signal = null } = {}) {
    const temp = path + TEMP_SUFFIX;
    await this.repl.exec(`_anne_open(${pyStr(temp)})`);
    for (let at = 0; at < data.length; at += this.chunkSize) {
      if (signal?.aborted) {
        throw new DeployCancelledError(`Stopped while writing ${path}: it keeps its previous version on the board.`,
          { key: "stopped_writing", params: { path } });
      }
      const chunk = data.subarray(at, Math.min(at + this.chunkSize, data.length));
      try {
        await this.repl.exec(`_anne_w(${bytesLiteral(chunk)})`);
      } catch (error) {
        throw await this.flashFull(error, path, temp);
      }
      if (onBytes) onBytes(at + chunk.length);
    }
    const digest = await sha256Hex(data);
    try {
      await this.repl.exec(`_anne_commit(${pyStr(temp)}, ${pyStr(path)}, ${data.length}, ${pyStr(digest)})`);
    } catch (error) {
      if (error instanceof BoardExecError && error.traceback.includes("checksum mismatch")) {
        const reason = error.traceback.trim().split("\n").pop();
        throw new ChecksumMismatchError(`${path} did not arrive intact (${reason}); ` +
          "the previous version on the board was kept. Try again; if it repeats, try another USB cable.",
        { key: "checksum", params: { path, reason } });
      }
      throw error;
    }
  }

  // The free-space check before a deploy is an estimate; if the flash fills up anyway, the board
  // raises OSError ENOSPC (28). Free the temp file again and say so in the student's words.
  async flashFull(error, path, temp) {
    if (!(error instanceof BoardExecError) || !/ENOSPC|Errno 28|OSError: 28/.test(error.traceback)) return error;
    await this.repl.exec(`_anne_f.close()\nimport os\nos.remove(${pyStr(temp)})`, { check: false });
    return new NotEnoughFlashError(`The Pico's flash filled up while writing ${path}; it keeps its previous ` +
      "version. Delete files you no longer need from the board, then try again.",
    { cause: error, key: "flash_filled", params: { path } });
  }

  /** Read a file back (used by tools and tests that check through the REPL). */
  async readFile(path) {
    const { stdout } = await this.repl.exec(
      `import binascii\nwith open(${pyStr(path)}, 'rb') as f:\n    print(binascii.hexlify(f.read()).decode())`);
    const hex = stdout.trim();
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  }
}
