// Share links, exercises and English/German on the page, wired into the playground through
// three calls in playground.js's startPlayground():
//   prepare(location.hash) -> {state, errors}   before the State exists: loads the language
//                                               tables and the exercises (they become presets),
//                                               reads the link in the fragment
//   attach(playground)                          menu entries, the exercise panel, Share, language
//   openLink(playground)                        once the project exists: the link's project
// A link carries a whole project (code, edited anne/ modules, trained network, settings). It is
// shown, never run: playground.held stays true until the visitor presses Run (button,
// Ctrl+Enter) or Train. The visitor's own project is kept aside ("Bring back my code"). A
// broken link opens the default exercise with a message. A link pasted into an open tab
// (hashchange) is opened the same way.
import { FIELDS, State } from "./state.js";
import { applyModuleDiff, decodeShare, encodeShare, isShareFragment } from "./share.js";
import { ExercisePanel, isSolved, loadExercises, localized, startCode } from "./exercises.js";
import { downloadProject } from "./download.js";
import * as i18n from "./i18n.js";

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

/** The fragment -> {state, errors, code?, modules?, trained?, warnings, problem?}; never throws. */
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
    return { ...empty, state: new State(settings), settings, code: result.state.code,
      modules: result.state.modules || {}, trained: result.state.trained || null, warnings: result.warnings, link: true };
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
    playground.config.presets[exercise.id] = { title: exercise.title.en, code: startCode(exercise, "en"),
      codes: { ...exercise.starts } };
  }
  fillMenu();
  const panel = new ExercisePanel($("exercise-panel"), {
    onCheck: (exercise) => runCheck(playground, exercise),
    onSolved: () => fillMenu(),
  });
  panel.show(byId.get(playground.state.preset) || null);
  playground.onExercise((id) => panel.show(byId.get(id) || null));
  bindShare(playground);
  bindLanguage();
  i18n.onLanguageChange(() => fillMenu());
  if (loadProblems.length) notice(i18n.t("exercise.load_failed", { list: loadProblems.join("; ") }), "error");
  window.course = { exercises, panel, readFragment, i18n }; // for the browser tests
}

/** The link the page was opened with, and every link pasted into this tab later. */
export async function openLink(playground) {
  await applyLink(playground, opened || readFragment(""));
  window.addEventListener("hashchange", () => {
    const link = readFragment(location.hash);
    if (link.link || link.problem) applyLink(playground, link);
  });
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
  // The project's network is checked: its code, edited modules and trained weights.
  const request = { ...playground.project.request(), check: exercise.check, lang: i18n.language() };
  // A check runs the student's code: Stop (and Esc) must be able to end a loop in it.
  const stop = $("stop");
  if (stop) stop.disabled = false;
  try {
    return await playground.python.call("check", request);
  } finally {
    playground.refreshButtons();
  }
}

// ---- the link -----------------------------------------------------------------------------

/** The notice box over the page (links, Open project): text, and an optional action button. */
export function notice(text, kind = "ok", action = null) {
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
  close.setAttribute("aria-label", i18n.t("notice.close"));
  close.addEventListener("click", () => { box.hidden = true; });
  box.append(close);
  box.hidden = false;
}

/** "Bring back my code": the visitor's own project, put aside by a link or Open project. */
export function restoreAction(playground) {
  return {
    label: i18n.t("share.restore"), testid: "restore-code",
    run: () => {
      if (playground.restoreProject()) notice(i18n.t("share.restored"));
    },
  };
}

async function applyLink(playground, link) {
  // The address bar shows the page's own state: a reload opens the visitor's autosaved work
  // instead of applying the link again over it.
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
  // The edited modules travel as diffs against the shipped files.
  const modules = {};
  for (const [name, entry] of Object.entries(link.modules || {})) {
    let original;
    try {
      original = await playground.original(name);
    } catch (error) {
      warnings.push(i18n.t("status.cannot_open", { file: name, error: error.message }));
      continue;
    }
    const applied = applyModuleDiff(name, original, entry);
    if (applied.ok) modules[name] = applied.text;
    else warnings.push(say(applied.error));
  }
  const settings = link.settings || {};
  const loaded = await playground.loadProject({
    exercise: settings.preset, code: typeof link.code === "string" ? link.code : null, modules,
    trained: link.trained, settings,
  }, { hold: true });
  warnings.push(...loaded.warnings);
  const texts = [i18n.t("share.opened")];
  if (loaded.kept) texts.push(i18n.t("share.kept"));
  if (warnings.length) texts.push(i18n.t("share.warnings", { list: warnings.join(" ") }));
  notice(texts.join(" "), warnings.length ? "error" : "ok", loaded.kept ? restoreAction(playground) : null);
  playground.booting.then(() => {
    if (playground.held) playground.setStatus("ok", i18n.t("share.opened"));
  }, () => {});
}

// ---- Share --------------------------------------------------------------------------------

function bindShare(playground) {
  const button = $("share");
  const box = $("share-box");
  const field = $("share-url");
  const message = $("share-message");
  if (!button || !box) return;
  button.addEventListener("click", async () => {
    // The whole project: code, edited modules (as diffs against the shipped files), trained network.
    const project = playground.snapshot();
    const originals = {};
    for (const name of Object.keys(project.modules)) originals[name] = await playground.original(name);
    const trained = project.trained ? { ...project.trained } : null;
    if (trained) delete trained.history; // the curve stays home: a link carries the weights
    const made = encodeShare({
      code: project.code,
      exercise: byId.has(project.exercise) ? project.exercise : null,
      settings: project.settings, modules: project.modules, trained,
    }, { fields: FIELDS, originals });
    box.hidden = false;
    $("share-download").hidden = made.ok;
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
    const warnings = (made.warnings || []).map(say);
    message.className = "share-message" + (warnings.length ? " error" : "");
    message.textContent = [i18n.t("share.made")].concat(warnings).join(" ");
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
  $("share-download")?.addEventListener("click", () => downloadProject(playground));
}

function bindLanguage() {
  const select = $("language");
  if (!select) return;
  select.value = i18n.language();
  select.addEventListener("change", () => i18n.setLanguage(select.value));
  i18n.onLanguageChange((lang) => { select.value = lang; });
}
