// Campaign plan page: small helpers around htmx swaps. Everything works without this file as plain forms.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (event.detail.successful && form.matches && form.matches("form[data-reset-on-success]")) {
    const errors = form.querySelector("[id$='-add-errors']");
    const swappedErrors = event.detail.xhr.getResponseHeader("HX-Retarget");
    if (!swappedErrors) {
      form.reset();
      if (errors) errors.replaceChildren();
      const first = form.querySelector("input:not([type=hidden])");
      if (first) first.focus();
    }
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  // A first row replaces the "no rows yet" placeholder.
  if (target.tagName === "TBODY" && target.querySelector("tr.plan-row")) {
    target.querySelectorAll("tr.plan-empty").forEach((row) => row.remove());
  }
});

document.addEventListener("htmx:afterSettle", (event) => {
  // Keep keyboard focus where the person is working: in the edit form when it opens, on Edit when it closes.
  const elt = event.detail.elt;
  if (!(elt instanceof HTMLElement) || !elt.id || !elt.id.startsWith("row-")) return;
  const row = document.getElementById(elt.id);
  if (!row) return;
  const focusable = row.matches(".plan-row-editing")
    ? row.querySelector("input:not([type=hidden]), textarea, select")
    : row.querySelector("a[data-hx-get]");
  if (focusable) focusable.focus();
});

document.addEventListener("focusin", (event) => {
  if (event.target.matches && event.target.matches("input.feed-url")) event.target.select();
});
