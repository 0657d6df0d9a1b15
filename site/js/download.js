// Download for Pico (.zip): exactly the files Send to Pico writes (anne/, main.py, model.json),
// made by the worker with the CLI's own builder (annetools/boardfiles.py), plus a README.txt on
// copying them with Thonny or mpremote. Works in every browser: nothing here needs Web Serial.
import { zipSync } from "fflate";
import { errorMessage, errorPlace, language, t } from "./i18n.js";

const utf8 = new TextEncoder();
// The worker runs the student's code to know the network it writes to model.json. Code that
// has not finished after this long loops (a `while True:` meant for the board, say): Python is
// restarted and nothing is made.
const BUILD_MS = 5000;

export class CodeLoops extends Error {}

/** The project's board files -> {ok: true, files: {path: text}, readme, outputs} or {ok: false, error};
 * throws CodeLoops when the code does not finish. train: fit's settings (Train on the Pico): the
 * reply then also has the board's training script, "train_script". */
export async function boardFiles(playground, { train = null } = {}) {
  const project = playground.snapshot();
  const call = playground.python.call("board_files", {
    ...playground.project.request(), exercise: project.exercise, settings: project.settings, lang: language(), train,
  });
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve("late"), BUILD_MS); });
  try {
    const reply = await Promise.race([call, late]);
    if (reply !== "late") return reply;
  } finally {
    clearTimeout(timer);
  }
  call.catch(() => {}); // it fails as StaleWorker once Python restarts
  playground.python.restart();
  throw new CodeLoops(t("download.code_loops", { secs: BUILD_MS / 1000 }));
}

/** A failed board_files reply -> the student's message (the error's file and line). */
export function describeFailure(error) {
  return t("download.code_error", { where: errorPlace(error), type: error.type, message: errorMessage(error) });
}

/** {path: text} -> the bytes of a .zip, in a stable order (the same project gives the same bytes). */
export function zipFiles(files) {
  const entries = {};
  for (const name of Object.keys(files).sort()) entries[name] = [utf8.encode(files[name]), { mtime: new Date(2000, 0, 1) }];
  return zipSync(entries, { level: 6 });
}

/** Build the .zip and hand it to the browser as a download -> {ok, name, size} or {ok: false, message}. */
export async function downloadProject(playground) {
  let reply;
  try {
    reply = await boardFiles(playground);
  } catch (error) {
    return fail(playground, error instanceof CodeLoops ? error.message : t("download.failed", { error: error.message || error }));
  }
  if (!reply.ok) return fail(playground, describeFailure(reply.error));
  const files = { ...reply.files, "README.txt": reply.readme };
  const bytes = zipFiles(files);
  const name = `anne-${playground.state.preset}.zip`;
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  playground.lastDownload = { name, files }; // for the tests and curious students
  playground.setStatus("ok", () => t("download.done", { name, count: Object.keys(files).length, kb: (bytes.length / 1024).toFixed(1) }));
  return { ok: true, name, size: bytes.length };
}

function fail(playground, message) {
  playground.setStatus("error", message);
  return { ok: false, message };
}
