"""Every form, fuzzed through its real view as the branch's officer: never a 500, and a refused form writes nothing.

Forms are found the way a user finds them: each page of the access matrix (and each page without path
arguments) is fetched as the officer, and every form on it is parsed from the HTML, with its fields, choices
and buttons. Hypothesis then posts each form with a mix of the page's own values, other choices, hostile text
(markup, template syntax, spreadsheet formulas, NUL bytes, huge numbers, impossible dates, 5,000-character
strings) and missing fields. Each post runs in a savepoint that is rolled back afterwards, so every example
starts from the same data; when the view refuses the input (a 4xx, or the form shown again with errors) every
table must be exactly as before, and the page must show the one error summary in plain words. File uploads are
fuzzed by contracts/tests/test_import_fuzz.py.
"""

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.tests.factories import ContractFactory
from insourcing.forms import ERROR_SUMMARY_HEADING
from insourcing.tests.access import all_cases

pytestmark = pytest.mark.django_db
# Filter forms (GET) change nothing: fewer examples. `make test` keeps the suite inside CI's time budget;
# set FUZZ_FORM_EXAMPLES (e.g. 50) for a deeper run.
_POST_EXAMPLES = int(os.environ.get("FUZZ_FORM_EXAMPLES", "8"))
EXAMPLES = {"post": _POST_EXAMPLES, "get": max(2, _POST_EXAMPLES // 3)}

# Forms that end the officer's session or lead outside the app are not fuzzed here.
SKIP_ACTIONS = ("/accounts/logout/", "/admin/", "/i18n/")
MANAGEMENT_FIELDS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
# A refused form says so: crispy's invalid fields, Django's error list, or our error summary.
REFUSAL_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "error-summary")
# Rows that change on any request, whatever the form: the session and login-throttling records.
VOLATILE_TABLES = {"django_session"}
VOLATILE_PREFIXES = ("axes_",)

HOSTILE = [
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "{{7*7}}{% debug %}",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1,1)",
    "nul\x00byte",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "-0.001",
    "31/02/2027",
    "2027-02-31",
    "0000-00-00",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202eevil",
    "😀",
    " ",
    "",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
NOISE = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers(-(10**20), 10**20).map(str))


@dataclass
class Field:
    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    id: str = ""

    def strategy(self):
        if self.name == "csrfmiddlewaretoken":
            return st.just(self.value)
        if self.name.endswith(MANAGEMENT_FIELDS):
            # Forged counts, but small ones: a huge TOTAL_FORMS makes Django build up to 2,000 forms per formset,
            # which is Django's own bound (absolute_max) and only slows this test down.
            return st.sampled_from([self.value, "0", "1", "3", "-1", "x", "", "1.5"])
        valid = sorted({self.value, *self.options})
        one = st.one_of(st.sampled_from(valid), NOISE, st.none())
        if self.multiple:
            return st.lists(st.one_of(st.sampled_from(valid), NOISE), max_size=3)
        return one


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def signature(self) -> tuple:
        view = resolve(urlsplit(self.action).path)
        return (view.view_name, self.method, tuple(sorted(self.fields)))

    def add(self, name: str, kind: str) -> Field:
        """The field of that name; radios and checkboxes sharing a name are one field with several options."""
        if name not in self.fields:
            self.fields[name] = Field(name, kind)
        elif kind == "checkbox":
            self.fields[name].multiple = True
        return self.fields[name]


class FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("data-hx-post") or a.get("action") or self.page_url
            method = "post" if a.get("data-hx-post") else (a.get("method") or "get").lower()
            self.form = Form(urljoin(self.page_url, action), method)
        elif self.form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "button"):
                self.form.buttons.append((a["name"], a.get("value", "")))
            elif kind in ("radio", "checkbox"):
                entry = self.form.add(a["name"], kind)
                entry.options.append(a.get("value", "on"))
                if "checked" in a:
                    entry.value = a.get("value", "on")
            elif kind != "file":
                entry = self.form.add(a["name"], kind)
                entry.value, entry.id = a.get("value", ""), a.get("id", "")
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self.form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = self.form.add(a["name"], "select")
            self.select.multiple = "multiple" in a
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
            if "selected" in a:
                self.select.value = a.get("value", "")
        elif tag == "textarea":
            self.textarea = self.form.add(a["name"], "textarea")

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(page_url: str, html: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return [
        f
        for f in parser.forms
        if f.fields and urlsplit(f.action).path.startswith("/") and not urlsplit(f.action).path.startswith(SKIP_ACTIONS)
    ]


def table_digests() -> dict[str, str]:
    """A digest of every row of every table (PostgreSQL), so any write at all shows as a change."""
    tables = [
        t
        for t in connection.introspection.table_names()
        if t not in VOLATILE_TABLES and not t.startswith(VOLATILE_PREFIXES)
    ]
    # Table names come from the database's own catalogue, never from input.
    query = " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) "  # noqa: S608
        f"FROM {connection.ops.quote_name(t)} r"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


# Django's defaults speak to programmers; locale/en_GB says them in plain words for every form.
TECHNICAL_MESSAGES = (
    "Ensure this value",
    "Ensure that there are",
    "is not one of the available choices",
    "Select a valid choice",
    "Enter a list of values",
)


def assert_refusal_reads_well(form_action: str, response) -> None:
    """A refused form page has the one error summary (its heading the same on every form) and plain messages."""
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return
    body = response.content.decode()
    assert 'id="error-summary-title"' in body and ERROR_SUMMARY_HEADING in body, (
        f"{form_action} refused the form without the error summary ({ERROR_SUMMARY_HEADING!r})"
    )
    technical = [m for m in TECHNICAL_MESSAGES if m in body]
    assert not technical, f"{form_action} shows Django's wording: {technical}"


def refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and any(m.encode() in response.content for m in REFUSAL_MARKERS)


def _url_names_without_arguments() -> list[str]:
    """Our own pages that take no path argument (the admin and Django's account pages are not ours)."""

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.converters and "<" not in str(p.pattern):
                yield f"{namespace}:{p.name}" if namespace else p.name

    skip = {"healthz", "robots_txt", "favicon", "home", "login", "logout", "password_reset", "password_reset_done"}
    skip |= {"password_reset_complete", "password_change_done"}
    return sorted(set(walk(get_resolver().url_patterns)) - skip)


# The same form often appears on several pages (a "generate PDF" button, a delete button): fuzz it once.
FUZZED: set[tuple] = set()
PAGES = {case.url_name: case for case in all_cases() if case.method == "get"}
PAGES.update(dict.fromkeys(_url_names_without_arguments()))


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_fuzzed_forms_never_fail_and_refusals_write_nothing(alice_client, branch_a, alice, url_name):
    case = PAGES[url_name]
    if case:
        url = reverse(url_name, kwargs=case.kwargs(case.make(branch_a, alice)))
    else:
        ContractFactory(branch=branch_a)  # create and list pages then offer an authority, a provider, a row
        url = reverse(url_name)
    page = alice_client.get(url)
    assert page.status_code < 500
    is_page = page.status_code == 200 and page["Content-Type"].startswith("text/html")
    forms = forms_on(url, page.content.decode()) if is_page else []
    if not forms:
        pytest.skip(f"no form on {url} ({page.status_code} {page['Content-Type']})")
    before = table_digests()

    fresh = [form for form in forms if form.signature not in FUZZED]
    if not fresh:
        pytest.skip(f"every form on {url} was fuzzed on another page")
    for form in fresh:
        FUZZED.add(form.signature)
        fuzz(alice_client, form, before)


def fuzz(client, form: Form, before: dict[str, str]) -> None:
    send = client.post if form.method == "post" else client.get

    @settings(
        max_examples=EXAMPLES[form.method],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        values=st.fixed_dictionaries({name: f.strategy() for name, f in form.fields.items()}),
        button=st.sampled_from([*form.buttons, None]),
    )
    def post_it(values, button):
        data = {k: v for k, v in values.items() if v is not None}
        if button:
            data[button[0]] = button[1]
        with transaction.atomic():
            response = send(form.action, data)
            assert response.status_code < 500, (form.action, data)
            if refused(response) and form.method == "post":
                assert_refusal_reads_well(form.action, response)
                changed = {t for t, d in table_digests().items() if before.get(t) != d}
                assert not changed, f"{form.action} refused {data!r} but changed {sorted(changed)}"
            transaction.set_rollback(True)

    post_it()
