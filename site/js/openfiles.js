// What the student opens from disk (Open… or a drop): a project .zip (Download for Pico), a
// folder of one (e.g. copied back from the Pico), or a model .json. -> plain {path: text}, for
// the worker's read_project, or the single file. No DOM beyond the File and drop objects.
import { unzipSync } from "fflate";

export const MAX_BYTES = 4 * 1024 * 1024; // a project is ~70 kB; anything far bigger is not one
const MAX_FILES = 200;

export class OpenError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;       // an i18n key (open.*), said with params
    this.params = params;
  }
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** {path: bytes} -> {path: text}; a file that is not UTF-8 text is named. */
export function asTexts(files) {
  const texts = {};
  for (const [path, bytes] of Object.entries(files)) {
    try {
      texts[path] = strict.decode(bytes);
    } catch {
      throw new OpenError("open.not_text", { file: path });
    }
  }
  return texts;
}

/** The bytes of a .zip -> {path: bytes} of its files (folders and hidden files left out). */
export function unzip(bytes) {
  let total = 0;
  let count = 0;
  let entries;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        count += 1;
        if (total > MAX_BYTES || count > MAX_FILES) throw new OpenError("open.too_large", { max: MAX_BYTES });
        return !file.name.endsWith("/");
      },
    });
  } catch (error) {
    if (error instanceof OpenError) throw error;
    throw new OpenError("open.bad_zip", { error: error.message || String(error) });
  }
  return withoutHidden(entries);
}

function withoutHidden(files) {
  const kept = {};
  for (const [path, bytes] of Object.entries(files)) {
    if (path.split("/").some((part) => part.startsWith(".") || part === "__MACOSX" || part === "__pycache__")) continue;
    kept[path] = bytes;
  }
  return kept;
}

/**
 * What was dropped -> {kind: "folder", name, files: {path: bytes}} for a folder, or
 * {kind: "file", file} for the first file (null when nothing usable was dropped).
 */
export async function fromDrop(dataTransfer) {
  const items = [...(dataTransfer.items || [])];
  for (const item of items) {
    const entry = item.webkitGetAsEntry?.();
    if (entry?.isDirectory) return { kind: "folder", name: entry.name, files: withoutHidden(await readFolder(entry, "")) };
  }
  const file = dataTransfer.files?.[0];
  return file ? { kind: "file", file } : null;
}

async function readFolder(directory, prefix, budget = { bytes: 0, files: 0 }) {
  const files = {};
  const reader = directory.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const entry of batch) {
      const path = prefix + entry.name;
      if (entry.isDirectory) {
        if (!entry.name.startsWith(".")) Object.assign(files, await readFolder(entry, path + "/", budget));
        continue;
      }
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      budget.bytes += file.size;
      budget.files += 1;
      if (budget.bytes > MAX_BYTES || budget.files > MAX_FILES) throw new OpenError("open.too_large", { max: MAX_BYTES });
      files[path] = new Uint8Array(await file.arrayBuffer());
    }
  }
  return files;
}
