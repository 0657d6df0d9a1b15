// Issue 7 on the page: share links, exercises and English/German, wired into the playground
// through two calls in playground.js's startPlayground():
//   prepare(location.hash) -> {state, errors}   before the State exists: loads the language
//                                               tables and the exercises (they become presets),
//                                               reads the link in the fragment
//   attach(playground)                          before playground.start(): menu entries, the
//                                               exercise panel, Share, the link's code
// A link's code is shown, never run: playground.held stays true until the visitor presses
// Run (button, Ctrl+Enter) or Train. A broken link opens the default exercise with a message.
import { FIELDS, State } from "./state.js";
import * as store from "./store.js";
import { decodeShare, encodeShare, isShareFragment } from "./share.js";
import { ExercisePanel, isSolved, loadExercises, localized, startCode } from "./exercises.js";
import * as i18n from "./i18n.js";

const EXERCISE_FILE = "exercise.py";
const $ = (id) => document.getElementById(id);

let exercises = [];
const byId = new Map();
let loadProblems = [];
let opened = null; // what prepare() read from the fragment, for attach()

const presetField = () => FIELDS.find((f) => f.name === "preset");

/** A message from share.js's {code, params}, in the page's language. */
function say(problem) {
  const key = `share.${problem.code}`;
  const text = i18n.t(key, problem.params);
  return text === key ? problem.message : text;
}

// ---- before the State ---------------------------------------------------------------------

/** Load languages and exercises, then read location.hash -> {state, errors} for the Playground. */
export async function prepare(hash) {
  const [, loaded] = await Promise.all([i18n.loadTables(), loadExercises()]);
  exercises = loaded.exercises;
  loadProblems = loaded.problems;
  for (const exercise of exercises) byId.set(exercise.id, exercise);
  // Exercises share the preset menu and the URL's preset= word (state.js FIELDS).
  const words = presetField().words;
  for (const exercise of exercises) if (!words.includes(exercise.id)) words.push(exercise.id);
  i18n.setLanguage(i18n.initialLanguage(), { remember: false });
  opened = readFragment(hash);
  return { state: opened.state, errors: opened.errors };
}

/** The fragment -> {state, errors, code?, warnings, problem?}; never throws. */
export function readFragment(hash) {
  const empty = { state: new State(), errors: [], warnings: [], code: null, problem: null };
  const text = typeof hash === "string" ? hash : "";
  if (text.replace(/^#/, "").trim() === "") return empty;
  if (isShareFragment(text)) {
    const result = decodeShare(text, { fields: FIELDS, exerciseIds: exercises.map((e) => e.id) });
    if (!result.ok) return { ...empty, problem: result.error };
    if (!result.state) return empty;
    const settings = { ...result.state.settings };
    if (result.state.exercise) settings.preset = result.state.exercise;
    return { ...empty, state: new State(settings), code: result.state.code, warnings: result.warnings, link: true };
  }
  // The page's own "#preset=six&fx=0": state.js reads it. Text without one known key is no link of ours.
  let keys = [];
  try {
    keys = [...new URLSearchParams(text.replace(/^#/, "")).keys()];
  } catch {
    keys = [];
  }
  const names = new Set(FIELDS.map((f) => f.name));
  if (!keys.some((k) => names.has(k))) {
    return { ...empty, problem: { code: "not_a_link", params: {}, message: "This link's ending (after #) is not a playground link." } };
  }
  const { state, errors } = State.fromHash(text);
  return { ...empty, state, errors };
}

// ---- on the page --------------------------------------------------------------------------

/** Wire exercises, the panel, Share, the language switch and the opened link into playground. */
export function attach(playground) {
  // The starting code in the page's language at load (comments translated); a later switch
  // of language relabels the page but never changes code in the editor.
  for (const exercise of exercises) {
    playground.config.presets[exercise.id] = { title: exercise.title.en, code: startCode(exercise) };
  }
  fillMenu();
  const panel = new ExercisePanel($("exercise-panel"), {
    onCheck: (exercise) => runCheck(playground, exercise),
    onSolved: () => fillMenu(),
  });
  panel.show(byId.get(playground.state.preset) || null);
  $("preset").addEventListener("change", (e) => panel.show(byId.get(e.target.value) || null));
  bindShare(playground);
  bindLanguage();
  i18n.onLanguageChange(() => fillMenu());
  applyLink(playground, opened || readFragment(""));
  if (loadProblems.length) notice(i18n.t("exercise.load_failed", { list: loadProblems.join("; ") }), "error");
  window.course = { exercises, panel, readFragment, i18n }; // for the browser tests
}

/** The preset menu: the page's nets, then the exercises (✓ when solved), in the current language. */
function fillMenu() {
  const select = $("preset");
  const value = select.value;
  let group = select.querySelector("optgroup[data-exercises]");
  if (!group) {
    group = document.createElement("optgroup");
    group.dataset.exercises = "";
    select.append(group);
  }
  group.label = i18n.t("exercise.group");
  group.replaceChildren(...exercises.map((exercise) => {
    const mark = isSolved(exercise.id) ? "✓ " : "";
    return new Option(mark + localized(exercise, "title"), exercise.id);
  }));
  if (value) select.value = value;
}

async function runCheck(playground, exercise) {
  const code = playground.request().code;
  // A check runs the student's code: Stop (and Esc) must be able to end a loop in it.
  const stop = $("stop");
  if (stop) stop.disabled = false;
  try {
    return await playground.python.call("check", { code, check: exercise.check, lang: i18n.language() });
  } finally {
    playground.refreshButtons();
  }
}

// ---- the link -----------------------------------------------------------------------------

function notice(text, kind = "ok", action = null) {
  const box = $("link-notice");
  if (!box) return;
  box.className = `link-notice ${kind}`;
  box.replaceChildren(document.createTextNode(text));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.dataset.testid = action.testid;
    button.addEventListener("click", action.run);
    box.append(" ", button);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", "close");
  close.addEventListener("click", () => { box.hidden = true; });
  box.append(close);
  box.hidden = false;
}

function applyLink(playground, link) {
  const preset = playground.state.preset;
  // The address bar now shows the page's own state: a reload opens the visitor's autosaved
  // work instead of applying the link again over it.
  history.replaceState(null, "", playground.state.toHash() || location.pathname + location.search);
  if (link.problem) {
    notice(i18n.t("share.bad_link", { message: say(link.problem) }), "error");
    return;
  }
  const warnings = (link.warnings || []).map(say); // (bad values of a #preset=… hash: playground.notice)
  if (!link.link) {
    if (warnings.length) notice(i18n.t("share.warnings", { list: warnings.join(" ") }), "error");
    return;
  }
  // A shared link: its code goes into this exercise's slot (the visitor's own version is
  // kept aside), and nothing runs until Run.
  playground.held = true;
  let kept = null;
  if (typeof link.code === "string") {
    const key = store.keyFor(preset, EXERCISE_FILE);
    const saved = store.load(key);
    if (saved !== null && saved !== link.code) {
      kept = saved;
      store.save(`backup/${preset}`, saved);
    }
    if (link.code === playground.config.presets[preset]?.code) store.forget(key);
    else store.save(key, link.code);
  }
  const texts = [i18n.t("share.opened")];
  if (kept !== null) texts.push(i18n.t("share.kept"));
  if (warnings.length) texts.push(i18n.t("share.warnings", { list: warnings.join(" ") }));
  const action = kept === null ? null : {
    label: i18n.t("share.restore"), testid: "restore-code",
    run: () => restore(playground, preset, kept),
  };
  notice(texts.join(" "), warnings.length ? "error" : "ok", action);
  playground.booting.then(() => {
    if (playground.held) playground.setStatus("ok", i18n.t("share.opened"));
  }, () => {});
}

function restore(playground, preset, text) {
  if (playground.state.preset !== preset) {
    $("preset").value = preset;
    playground.switchPreset(preset);
  }
  playground.openFile(EXERCISE_FILE);
  playground.editor.replace(playground.editor.file, text); // one undoable edit; autosaves
  store.forget(`backup/${preset}`);
  notice(i18n.t("share.restored"));
}

// ---- Share --------------------------------------------------------------------------------

function bindShare(playground) {
  const button = $("share");
  const box = $("share-box");
  const field = $("share-url");
  const message = $("share-message");
  if (!button || !box) return;
  button.addEventListener("click", () => {
    const state = playground.state;
    const settings = {};
    for (const f of FIELDS) settings[f.name] = state[f.name];
    const made = encodeShare({
      code: playground.request().code,
      exercise: byId.has(state.preset) ? state.preset : null,
      settings,
    }, { fields: FIELDS });
    box.hidden = false;
    if (!made.ok) {
      field.value = "";
      field.hidden = true;
      $("share-copy").hidden = true;
      message.className = "share-message error";
      message.textContent = say(made.error);
      return;
    }
    field.hidden = false;
    $("share-copy").hidden = false;
    field.value = location.origin + location.pathname + made.fragment;
    message.className = "share-message";
    message.textContent = i18n.t("share.made");
    field.focus();
    field.select();
  });
  $("share-copy").addEventListener("click", async () => {
    field.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } catch {
      try {
        copied = document.execCommand("copy");
      } catch {
        copied = false;
      }
    }
    message.className = "share-message" + (copied ? "" : " error");
    message.textContent = i18n.t(copied ? "share.copied" : "share.copy_failed");
  });
  $("share-close")?.addEventListener("click", () => { box.hidden = true; });
}

function bindLanguage() {
  const select = $("language");
  if (!select) return;
  select.value = i18n.language();
  select.addEventListener("change", () => i18n.setLanguage(select.value));
  i18n.onLanguageChange((lang) => { select.value = lang; });
}
