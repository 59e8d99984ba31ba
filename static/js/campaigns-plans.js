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

// A row redrawn on its own (accepted, an edit saved or cancelled, a row added) does not know whether it is now
// the first or last of its phase, nor do its neighbours when a row is dropped: after every swap the top row's Up
// and the bottom row's Down are disabled, as a full load draws them.
function settleEnds() {
  document.querySelectorAll(".plan-table > tbody").forEach((tbody) => {
    const rows = tbody.querySelectorAll(":scope > tr[id^='row-']");
    rows.forEach((row, index) => {
      const up = row.querySelector("[form='f-up']");
      const down = row.querySelector("[form='f-dn']");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === rows.length - 1;
    });
  });
}

// Move, Accept and Drop submit the page's shared forms: remember which row's button it was, so that after the
// swap focus goes back to that row (or, for a dropped row, to its neighbour) and the outcome is said in the live
// region, as the page's message says it without JavaScript.
let pending = null;

document.addEventListener("htmx:beforeRequest", (event) => {
  const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  const button = trigger && trigger.submitter;
  const row = button && button.closest("tr[id^='row-']");
  if (!row) return;
  const name = row.querySelector("span[id^='o']");
  const neighbour = row.nextElementSibling || row.previousElementSibling;
  pending = {
    action: button.getAttribute("form"),
    row: row.id,
    objective: name ? name.textContent : "",
    neighbour: neighbour && neighbour.id ? neighbour.id : null,
    phase: row.parentElement.id,
  };
});

// After the swap (htmx swaps before this event). Not on afterSettle: a dropped row's swap leaves no element to
// settle, and the event goes to the detached row.
document.addEventListener("htmx:afterRequest", (event) => {
  const done = pending;
  pending = null;
  if (!done || !event.detail.successful) return; // refused or failed: nothing moved, nothing to say
  settleEnds();
  afterRowAction(done);
});

function say(text) {
  const region = document.getElementById("plan-messages");
  if (region) region.textContent = text;
}

function afterRowAction(done) {
  const row = document.getElementById(done.row);
  const moved = { "f-up": "up", "f-dn": "down" }[done.action];
  if (moved && row) {
    const same = row.querySelector(`[form='${done.action}']`);
    const other = row.querySelector(`[form='${done.action === "f-up" ? "f-dn" : "f-up"}']`);
    const target = [same, other].find((b) => b && !b.disabled) || row.querySelector("a[href$='/edit/']");
    if (target) target.focus();
    say(`“${done.objective}” moved ${moved}.`);
  } else if (done.action === "f-dr") {
    const neighbour = done.neighbour && document.getElementById(done.neighbour);
    const phase = document.getElementById(done.phase);
    const section = phase && phase.closest("section");
    const add = section && section.querySelector("form input:not([type=hidden])");
    const target = (neighbour && neighbour.querySelector("a[href$='/edit/']")) || add;
    if (target) target.focus();
    say(`“${done.objective}” removed from the plan.`);
  } else if (done.action === "f-ac") {
    say(`“${done.objective}” accepted into the plan.`);
  }
}

document.addEventListener("htmx:afterSettle", (event) => {
  settleEnds();
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
