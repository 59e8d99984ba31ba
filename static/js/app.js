// Our own behaviour, loaded with defer. No inline scripts anywhere (CSP).
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// Progress pages poll with `load delay:…` and re-render themselves. A poll that fails once (the server
// restarting, a dropped phone connection) would otherwise leave the page frozen on "Reading…" for good, so the
// same request is asked again a few seconds later for as long as the element is on the page.
document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  const trigger = elt.getAttribute("data-hx-trigger") || "";
  const url = elt.getAttribute("data-hx-get");
  if (event.detail.successful || !url || !trigger.startsWith("load delay:")) {
    return;
  }
  window.setTimeout(() => {
    if (elt.isConnected) {
      window.htmx.ajax("GET", url, { source: elt, target: elt, swap: "outerHTML" });
    }
  }, 3000);
});
