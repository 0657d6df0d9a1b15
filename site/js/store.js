// Autosave: the student's text per preset (exercise) and per edited anne/ module, in
// localStorage. A browser that refuses storage (private mode, full quota) still works;
// the page then warns once that edits will not survive a reload.
const PREFIX = "anne-playground/v1/";

let warned = false;

/** The key of one editable file: "code/eight" for an exercise, "file/anne/x.py" for a module. */
export const keyFor = (preset, file) => (file === "exercise.py" ? `code/${preset}` : `file/${file}`);

export function load(key) {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

/** Saves text; -> true the first time saving fails (the page then says so, once: the
 * message is status.no_autosave in its tables), else false. */
export function save(key, text) {
  try {
    localStorage.setItem(PREFIX + key, text);
    return false;
  } catch {
    if (warned) return false;
    warned = true;
    return true;
  }
}

export function forget(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing saved, nothing to forget
  }
}

/** Keys of the saved anne/ modules, e.g. ["anne/activations.py"]. */
export function editedFiles() {
  const files = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith(PREFIX + "file/")) files.push(key.slice((PREFIX + "file/").length));
    }
  } catch {
    // no storage: no edited files
  }
  return files.sort();
}
