// Offline use (issue 9): registers the service worker of a deployed build (site/dist/, made
// by scripts/dist.py) and offers a new version when one has been deployed.
//
// The dist's index.html carries <meta name="anne-service-worker" content="sw.js">; the dev
// build (`make serve`) has none, so there this module does nothing and every reload shows
// the latest build. Service workers exist only on secure pages (https://, or http://localhost
// and 127.0.0.1); elsewhere the playground works as before, online only.
//
// What the visitor sees (English and German, site/i18n/*.json "offline.*"):
//   first visit, once every file is stored   "works offline now" (a few seconds)
//   a new deploy was found and stored        "new version available" + Reload
//   another tab switched to the new version  "reload this tab" + Reload
import * as i18n from "./i18n.js";

const CHECK_EVERY_MS = 30 * 60 * 1000; // a lesson-long open tab still hears of a new deploy
const READY_SHOWN_MS = 6000;

export class Offline {
  constructor({ doc = document, nav = navigator } = {}) {
    this.doc = doc;
    this.nav = nav;
    this.state = "off";          // off | registering | installing | ready | update | failed
    this.registration = null;
    this.version = null;         // the version of the page (from the <meta>)
    this.box = null;
    this.shown = null;           // the key of the message on screen
    this.shownAction = false;    // ... and whether it has a Reload button
    this.reloading = false;
  }

  /** Register the service worker if this is a dist build; -> the registration or null. */
  async start() {
    const meta = this.doc.querySelector('meta[name="anne-service-worker"]');
    if (!meta || !this.nav.serviceWorker) return null;
    this.version = meta.dataset.version || null;
    const container = this.nav.serviceWorker;
    const hadController = Boolean(container.controller);
    this.state = "registering";
    // The worker's folder is the page's folder: its scope is the app, whatever the sub-path.
    let registration;
    try {
      registration = await container.register(new URL(meta.content, this.doc.baseURI), { scope: "./" });
    } catch (error) {
      this.state = "failed";
      console.warn("offline use is not available:", error.message);
      return null;
    }
    this.registration = registration;
    container.addEventListener("controllerchange", () => {
      if (this.reloading) return;
      if (hadController) this.show("offline.other_tab", true);
    });
    const watch = (worker) => {
      if (!worker) return;
      this.state = "installing";
      worker.addEventListener("statechange", () => {
        // An install that failed (a file missing or changed mid-deploy) is tried again on the next visit.
        if (worker.state === "redundant" && !registration.active) this.state = "failed";
        else this.settle(registration, hadController);
      });
    };
    registration.addEventListener("updatefound", () => watch(registration.installing));
    watch(registration.installing);
    this.settle(registration, hadController);
    i18n.onLanguageChange(() => this.shown && this.show(this.shown, this.shownAction));
    const check = () => registration.update().catch(() => {}); // offline: no news, no error
    setInterval(check, CHECK_EVERY_MS);
    globalThis.addEventListener?.("online", check);
    return registration;
  }

  /** After any state change of the workers: what to tell the visitor. */
  settle(registration, hadController) {
    if (registration.waiting && registration.active) {
      this.state = "update";
      this.show("offline.update", true);
    } else if (registration.active && !registration.installing && !registration.waiting) {
      const first = this.state === "installing" && !hadController;
      this.state = "ready";
      if (first) this.show("offline.ready", false, READY_SHOWN_MS);
    }
  }

  /** Take the new version: the waiting worker takes over, then this tab reloads. */
  reload() {
    this.reloading = true;
    const waiting = this.registration?.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    this.nav.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    waiting.postMessage("skip-waiting");
  }

  async show(key, withReload, hideAfterMs = 0) {
    if (i18n.t(key) === key) await i18n.loadTables(); // before the playground has loaded them
    this.shown = key;
    this.shownAction = withReload;
    if (!this.box) {
      this.box = this.doc.createElement("div");
      this.box.className = "link-notice";           // site/css/course.css: a small card
      this.box.style.left = "14px";                 // bottom left; link notices use the right
      this.box.style.right = "auto";
      this.box.setAttribute("role", "status");
      this.box.dataset.testid = "offline-notice";
      this.doc.body.append(this.box);
    }
    const text = this.doc.createElement("span");
    text.textContent = i18n.t(key);
    const parts = [text];
    if (withReload) {
      const button = this.doc.createElement("button");
      button.type = "button";
      button.className = "primary";
      button.dataset.testid = "offline-reload";
      button.textContent = i18n.t("offline.reload");
      button.addEventListener("click", () => this.reload());
      parts.push(button);
    }
    const close = this.doc.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", i18n.t("offline.close"));
    close.addEventListener("click", () => this.hide());
    parts.push(close);
    this.box.dataset.message = key;
    this.box.replaceChildren(...parts);
    this.box.hidden = false;
    clearTimeout(this.timer);
    if (hideAfterMs) this.timer = setTimeout(() => this.hide(), hideAfterMs);
  }

  hide() {
    if (this.box) this.box.hidden = true;
    this.shown = null;
  }
}

/** main.js's hook: start offline use in the background; -> the Offline object (also window.offline). */
export function startOffline() {
  const offline = new Offline();
  window.offline = offline; // for the browser tests and curious teachers
  offline.start().catch((error) => console.warn("offline use:", error));
  return offline;
}
