// The page on any screen: on narrow ones (site/css/app.css, below 900 px) one view at a time,
// code, pictures or Pico, chosen with the tabs under the bar; on phones the bar folds its less
// used controls behind "More". The HTML and CSS carry the layout; this only switches.

const $ = (id) => document.getElementById(id);

/** Show one view ("code", "pictures", "pico") on narrow screens; wide screens show all. */
export function showView(view) {
  const main = document.querySelector("main.layout");
  const tabs = document.querySelectorAll("#view-tabs [data-view]");
  if (!main || ![...tabs].some((tab) => tab.dataset.view === view)) return;
  main.dataset.view = view;
  for (const tab of tabs) tab.setAttribute("aria-pressed", String(tab.dataset.view === view));
  // The pictures were drawn while hidden (no size): the playground redraws them on a resize.
  window.dispatchEvent(new Event("resize"));
  // Scrolled past the bar: the new view starts right under the tabs, not somewhere in its middle.
  const bar = document.querySelector("header.bar");
  if (bar && window.scrollY > bar.offsetHeight) window.scrollTo(0, bar.offsetHeight);
}

export function startLayout() {
  for (const tab of document.querySelectorAll("#view-tabs [data-view]")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }

  const more = $("bar-more-button");
  const folded = $("bar-more");
  if (more && folded) {
    more.addEventListener("click", () => {
      const open = more.getAttribute("aria-expanded") !== "true";
      more.setAttribute("aria-expanded", String(open));
      folded.classList.toggle("open", open);
    });
  }

  // The share box and the link notice float just under the bar, which wraps on narrow screens.
  const bar = document.querySelector("header.bar");
  if (bar && typeof ResizeObserver === "function") {
    const place = () => document.documentElement.style.setProperty("--bar-bottom", `${bar.offsetHeight}px`);
    new ResizeObserver(place).observe(bar);
    place();
  }
}
