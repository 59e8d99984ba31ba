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
  if (target.tagName === "TBODY" && target.querySelector("tr[id^='row-']")) {
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
    : row.querySelector("a[href$='/edit/']");
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

// A long list of contract ticks (start and edit forms) gets a filter box: typing hides the contracts that do not
// match. Without this file the whole list (the branch's contracts only) shows.
document.addEventListener("DOMContentLoaded", () => {
  const first = document.querySelector("input[type=checkbox][data-contract-filter]");
  if (!first) return;
  const group = first.closest("fieldset, .mb-3") || first.parentElement.parentElement;
  const checks = Array.from(group.querySelectorAll(".form-check"));
  if (checks.length < 8) return;
  const box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-2";
  box.placeholder = "Filter: service, authority";
  box.setAttribute("aria-label", "Filter the contracts");
  box.addEventListener("input", () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    checks.forEach((check) => {
      const text = check.textContent.toLowerCase();
      const ticked = check.querySelector("input").checked;
      check.hidden = !ticked && !words.every((word) => text.includes(word));
    });
  });
  checks[0].before(box);
});
