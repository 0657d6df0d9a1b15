// The playground's service worker (issue 9): after the first visit the whole app is in this
// browser, so it opens and runs (Python, training, Send to Pico) with no network at all.
//
// This file is a template: scripts/dist.py writes site/dist/sw.js with the list of files
// below filled in. The dev build (`make serve`) registers no service worker.
//
// - install: fetch every listed file, check its SHA-256 against the list, store them all in
//   one cache named after the version. One missing or wrong file fails the install (a
//   half-uploaded deploy is never cached); the browser tries again on the next visit.
// - fetch: listed files come from that cache (the page is always one consistent version);
//   anything else (source maps) goes to the network as usual.
// - a new deploy changes this file (the version is the hash of the list), so the browser
//   installs the new worker beside the old one. It waits until the page says "reload"
//   (site/js/offline.js posts "skip-waiting"), then takes over and deletes older caches.
//
// Everything is relative to this file's folder, so the app works under any sub-path.

const MANIFEST = /*MANIFEST*/ { version: "template", files: [] } /*END*/;
const PREFIX = "anne-playground-";
const CACHE = PREFIX + MANIFEST.version;
const BASE = new URL("./", self.location).href;
const INDEX = new URL("index.html", BASE).href;
const FILES = new Map(MANIFEST.files.map(([path, sha256, hashed]) => [new URL(path, BASE).href, { sha256, hashed }]));
const PARALLEL = 6;

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // Take the page that installed us on the first visit too, so that a worker restart
    // (Stop) or a late chunk is served from the cache even before the first reload.
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  let key = url.href;
  if (request.mode === "navigate" && (key === BASE || key === INDEX)) key = INDEX;
  if (!FILES.has(key)) return; // not ours (or a source map): the network, as without us
  event.respondWith(cached(key, request));
});

async function cached(key, request) {
  const hit = await caches.match(key, { cacheName: CACHE, ignoreVary: true });
  // The browser may evict a cache under storage pressure: then the network, as without us.
  return hit || fetch(request);
}

async function precache() {
  const cache = await caches.open(CACHE);
  const todo = [...FILES.entries()];
  const worker = async () => {
    while (todo.length) {
      const [url, { sha256, hashed }] = todo.shift();
      // A hashed name never changes its content, so the HTTP cache may answer; any other
      // file is revalidated with the server (304 when unchanged).
      const response = await fetch(url, { cache: hashed ? "default" : "no-cache" });
      if (!response.ok) throw new Error(`offline cache: ${url} answered HTTP ${response.status}`);
      const body = await response.clone().arrayBuffer();
      const got = hex(await crypto.subtle.digest("SHA-256", body));
      if (got !== sha256) throw new Error(`offline cache: ${url} is not the file of version ${MANIFEST.version}`);
      await cache.put(url, response);
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  } catch (error) {
    await caches.delete(CACHE); // nothing half-filled stays behind
    console.warn(error.message); // the install fails; the browser tries again on the next visit
    throw error;
  }
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}
