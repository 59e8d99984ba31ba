"""Guard (issue 15): every form a person can reach saves.

For the demo's officer of one branch, an officer of two branches and the organiser, the crawl follows links
from the home page; on each POST form it meets it fills the form as a person would (pre-filled values left alone,
plausible values in the visible required fields that are empty, checkboxes as they are) and submits it. A form
fails when the server errors, when an error names a field the person cannot see or change, or when the form
comes back unchanged with no message. Forms are found, not listed, so a new form is covered as soon as a page
links to it. Forms that delete (they ask to confirm first), log out or upload a file are left alone.
"""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from insourcing.tests.crawl import DEMO_PASSWORD, OFFICER, ORGANISER, TWO_BRANCH_OFFICER, crawl, kind, seed_demo
from insourcing.tests.crawl import two_branch_officer as make_two_branch_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from conftest import browser_login  # noqa: E402

MAX_PAGES = 60
LEAVE_ALONE = re.compile(r"/logout|delete|/drop/|/remove|/revoke|/withdraw", re.I)

# How a form is described, so Python can choose which to try and find the same form again after the page has
# changed (an earlier submission may have added rows, and forms, above it).
DESCRIBE = """
const visible = e => e.checkVisibility({visibilityProperty: true});  // closed <details> and hidden ancestors too
const submitOf = form => Array.from(form.querySelectorAll(
  'button:not([type=button]):not([type=reset]), input[type=submit]')).find(b => visible(b) && !b.disabled);
const describe = (form, index) => {
  const submit = submitOf(form);
  const fields = Array.from(form.elements).filter(e => e.name && e.type !== 'submit' && e.type !== 'button')
    .map(e => e.name + (e.type === 'hidden' ? ':hidden' : ''));
  return {
    index, method: (form.getAttribute('method') || 'get').toLowerCase(),
    action: form.getAttribute('data-hx-post') || form.getAttribute('action') || location.pathname,
    htmx: form.hasAttribute('data-hx-post'),
    submit: !!submit,
    confirm: !!(submit && submit.hasAttribute('data-confirm')) || form.hasAttribute('data-confirm'),
    file: !!form.querySelector('input[type=file][required]'),
    fields: [...new Set(fields)].sort(),
  };
};
"""
FORMS_JS = "() => {" + DESCRIBE + "return Array.from(document.forms).map(describe); }"

# Fill the form as a person would; returns the names of fields that still block submission.
FILL_JS = (
    "([wanted, today]) => {"
    + DESCRIBE
    + """
  const key = d => JSON.stringify([d.action, d.fields]);
  const same = d => d.submit && key(d) === key(wanted);
  const form = Array.from(document.forms).find((f, i) => same(describe(f, i)));
  if (!form) return ['(the form is gone from the page)'];
  for (const e of form.elements) {
    if (!e.name || e.disabled || e.readOnly || !visible(e) || !e.required) continue;
    const tag = e.tagName.toLowerCase(), type = (e.type || '').toLowerCase();
    if (tag === 'select') {
      if (!e.value) { const o = Array.from(e.options).find(o => o.value); if (o) e.value = o.value; }
    } else if (type === 'radio') {
      if (!form.querySelector(`input[name="${CSS.escape(e.name)}"]:checked`)) e.checked = true;
    } else if (type === 'checkbox' || type === 'file') {
      // checkboxes stay as they are; required files are not filled (such forms are skipped)
    } else if (!e.value) {
      const plausible = {email: 'member@example.org', date: today, number: e.min || '1', url: 'https://example.org/',
        tel: '01632 960123', time: '10:00', month: today.slice(0, 7), 'datetime-local': today + 'T10:00'};
      e.value = plausible[type] || (tag === 'textarea' ? 'Written by a person trying the form.' : 'Test ' + e.name);
    }
    e.dispatchEvent(new Event('input', {bubbles: true}));
    e.dispatchEvent(new Event('change', {bubbles: true}));
  }
  submitOf(form).setAttribute('data-crawl-submit', '');
  return Array.from(form.elements).filter(e => !e.checkValidity())
    .map(e => e.name + (visible(e) && !e.disabled ? '' : ' (cannot be seen or changed)'));
}"""
)

# What the person sees after submitting: the main content's text, messages and errors, and the fields of
# the (re)displayed form that the person cannot see or change.
STATE_JS = """(index) => {
  const text = el => (el.innerText || '').trim();
  const main = document.querySelector('main') || document.body;
  const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => e.checkVisibility() && text(e));
  const messages = shown('.alert, [role=alert], .messages li, .invalid-feedback, .errorlist, .text-danger')
    .map(text);
  const errors = Array.from(document.querySelectorAll('.invalid-feedback, .errorlist, .alert-danger, [id*=error]'))
    .map(e => [e.id || '', text(e)]).filter(([id, t]) => t);
  const hidden = [];
  for (const form of document.forms) {
    for (const e of form.elements) {
      if (!e.name || e.name === 'csrfmiddlewaretoken') continue;
      if (e.type === 'hidden' || e.disabled || !e.checkVisibility({visibilityProperty: true})) {
        const label = e.labels && e.labels[0] ? text(e.labels[0]) : '';
        hidden.push([e.name, e.id || '', label]);
      }
    }
  }
  return {text: text(main), messages, errors, hidden};
}"""


def _humanise(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _errors_about_hidden_fields(state: dict) -> list[str]:
    found = []
    for name, field_id, label in state["hidden"]:
        names = {_humanise(name), label.rstrip("*: ").strip()} - {""}
        for error_id, text in state["errors"]:
            if (
                (field_id and field_id in error_id)
                or f"Hidden field {name}" in text
                or any(text.startswith(f"{n}:") or f"\n{n}:" in text for n in names)
            ):
                found.append(f"{name}: {text[:160]!r}")
    return found


def _try_form(page, path: str, form: dict, today: str) -> str | None:
    """Load `path`, fill and submit one form; the problem a person would meet, or None."""
    page.goto(path)
    page.wait_for_load_state()
    before = page.evaluate(STATE_JS, form["index"])
    blocked = page.evaluate(FILL_JS, [form, today])
    if any("cannot be seen" in name for name in blocked):
        return f"the browser refuses to send it for fields a person cannot reach: {blocked}"
    if blocked:
        return None  # a field the filler cannot make plausible (a pattern, a range): a person would read the hint
    button = page.locator("[data-crawl-submit]")
    try:
        if form["htmx"]:
            with page.expect_response(lambda r: r.request.method == "POST", timeout=10_000) as posted:
                button.click(timeout=5_000)
            response = posted.value
            page.wait_for_timeout(300)  # htmx swaps after the response
        else:
            with page.expect_navigation(timeout=10_000) as navigated:
                button.click(timeout=5_000)
            response = navigated.value
    except PlaywrightError as error:
        if "download" in str(error).lower():
            return None  # the form's answer is a file
        return f"submitting did nothing a person could see ({str(error).splitlines()[0]})"
    if response is None:
        return None
    if response.status >= 500:
        return f"server error {response.status}"
    if "text/html" not in (response.headers.get("content-type") or ""):
        return None
    after = page.evaluate(STATE_JS, form["index"])
    hidden_errors = _errors_about_hidden_fields(after)
    if hidden_errors:
        return f"errors about fields the person cannot see or change: {hidden_errors}"
    same_page = urlsplit(page.url).path == urlsplit(path).path
    if same_page and after["text"] == before["text"] and not after["messages"]:
        return "came back unchanged with no message"
    return None


def _check_forms(page, live_server, email: str, tried: set, problems: list, today: str) -> int:
    browser_login(page, email, DEMO_PASSWORD)
    pages_with_forms = []

    def visit(path, response):
        if response is not None and response.ok and "text/html" in (response.headers.get("content-type") or ""):
            forms = [f for f in page.evaluate(FORMS_JS) if f["method"] == "post"]
            if forms:
                pages_with_forms.append((path, forms))

    visited = crawl(page, live_server.url, max_pages=MAX_PAGES, visit=visit)
    for path, forms in pages_with_forms:
        for form in forms:
            # One try per kind of form: the same action with the same fields, whoever shows it where.
            signature = (kind(form["action"]), tuple(form["fields"]))
            if (
                signature in tried
                or not form["submit"]
                or form["confirm"]
                or form["file"]
                or LEAVE_ALONE.search(form["action"])
            ):
                continue
            tried.add(signature)
            problem = _try_form(page, path, form, today)
            if problem:
                problems.append(f"{email} on {path}, form to {form['action']}: {problem}")
    page.context.clear_cookies()
    return len(visited.visits)


def test_every_form_a_person_can_reach_saves(page, live_server, settings):
    seed_demo(settings)
    make_two_branch_officer()
    tried: set = set()
    problems: list[str] = []
    today = date.today().isoformat()
    visited = {
        email: _check_forms(page, live_server, email, tried, problems, today)
        for email in (OFFICER, TWO_BRANCH_OFFICER, ORGANISER)
    }
    assert all(count > 20 for count in visited.values()), visited  # the crawl really walked the app
    assert len(tried) > 15, tried  # and really met forms
    assert problems == [], f"{len(problems)} of {len(tried)} forms fail a person:\n" + "\n".join(problems)
