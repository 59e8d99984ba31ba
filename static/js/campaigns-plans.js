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

// Copy buttons next to the calendar links: copy the field's value and say so where a screen reader hears it.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  const status = document.querySelector("[data-copy-status]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  field.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(
      () => say("Link copied."),
      () => say("Press Ctrl+C (or ⌘C) to copy the selected link."),
    );
  } else {
    say("Press Ctrl+C (or ⌘C) to copy the selected link.");
  }
});
