"""Every export, found from the URL patterns, opened as a user's spreadsheet would and checked column by column.

The exports are discovered, not listed: every list view with django-tables2's export (`ExportMixin`) in each of
its formats, every page marked `@insourcing.exports.exportable_page(...)` (`?_export=<format>`) and every
download marked `@insourcing.exports.spreadsheet_download(...)`. A URL whose route or
name says it downloads a spreadsheet or CSV must be one of them, so a new export cannot slip past.

Each runs on the seeded demo (real registers, campaigns, surveys) for an officer and a regional organiser. An
XLSX must hold typed cells (a column is all numbers, all dates or all text; money carries a "£" format and says
so in its header; no "True"/"False"/"None"/"unknown"; no markup of ours; text is never a formula) and be laid out
to read and print (bold frozen header with autofilter, fitted widths, wrapped long text, print titles, fit to
page width). A CSV starts with a UTF-8 byte-order mark and holds the same kinds of values.
"""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tables2.export import ExportMixin
from openpyxl import load_workbook

from insourcing.exports import BOM, FORMULA_PREFIXES, XLSX_CONTENT_TYPE
from insourcing.models import Branch, User
from insourcing.tests.access import all_cases

pytestmark = pytest.mark.django_db

PYTHON_WORDS = {"True", "False", "None", "unknown", "nan"}
OUR_MARKUP = re.compile(r"<(span|a|div|strong|em|small|abbr|br|p|ul|li)[\s>/]|class=\"")
DATE_AS_TEXT = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2} (January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4})$"
)
MONEY_AS_TEXT = re.compile(r"^£\s?[\d,]+(\.\d+)?")
SPREADSHEET_WORDS = re.compile(r"(\.xlsx|\.csv|xlsx|csv)$|(^|[_:])export", re.IGNORECASE)


def _patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _patterns(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def discovered_exports() -> dict[str, tuple[str, ...]]:
    """URL name -> the query strings of its exports: `?_export=<format>` for each of a list view's
    `export_formats`, the bare URL for a marked view."""
    found = {}
    for name, pattern in _patterns(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ExportMixin):
            found[name] = tuple(f"?{view_class.export_trigger_param}={fmt}" for fmt in view_class.export_formats)
        elif getattr(pattern.callback, "export_formats", None):  # @exportable_page
            found[name] = tuple(f"?_export={fmt}" for fmt in pattern.callback.export_formats)
        elif getattr(pattern.callback, "spreadsheet_formats", None):
            found[name] = ("",) * len(pattern.callback.spreadsheet_formats)
    return found


def test_every_url_that_looks_like_a_download_is_a_discovered_export():
    exports = discovered_exports()
    # Pages that describe an export rather than send one.
    pages = {"surveys:survey_export"}
    suspects = sorted(
        name
        for name, pattern in _patterns(get_resolver())
        if SPREADSHEET_WORDS.search(str(pattern.pattern)) or SPREADSHEET_WORDS.search(name.split(":")[-1])
    )
    missing = [name for name in suspects if name not in exports and name not in pages]
    assert missing == [], f"mark these with @insourcing.exports.spreadsheet_download: {missing}"
    assert {"contracts:contract_list", "campaigns:campaign_list", "surveys:survey_list"} <= set(exports)
    assert {"campaigns:campaign_xlsx", "region_export", "surveys:survey_export_csv"} <= set(exports)
    assert {"contracts:priorities", "contracts:timeline", "dashboard", "dashboard_branch"} <= set(exports)


def _urls(officer: User, branch: Branch) -> list[str]:
    """(url, format) for every discovered export; an export of one object uses the demo's richest such object."""
    cases = {case.url_name: case for case in all_cases() if case.method == "get"}
    urls = []
    for name, queries in discovered_exports().items():
        pattern_kwargs = {}
        if name in cases:
            case = cases[name]
            made = case.make(branch, officer)
            demo = type(made)._default_manager.exclude(pk=made.pk).order_by("pk")
            obj = next((o for o in demo if _in_scope(o, officer)), made)
            pattern_kwargs = case.kwargs(obj)
        urls += [reverse(name, kwargs=pattern_kwargs) + query for query in set(queries)]
    return urls


def _in_scope(obj, user) -> bool:
    manager = type(obj)._default_manager
    return hasattr(manager, "for_user") and manager.for_user(user).filter(pk=obj.pk).exists()


def check_xlsx(content: bytes, where: str) -> list[str]:
    problems = []
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        at = f"{where} [{sheet.title}]"
        header = list(sheet[1])
        if not header or not all(isinstance(c.value, str) and c.value for c in header):
            problems.append(f"{at}: a header cell is empty or not text")
            continue
        if not all(c.font.b for c in header):
            problems.append(f"{at}: header not bold")
        if sheet.freeze_panes != "A2":
            problems.append(f"{at}: header row not frozen")
        if not sheet.auto_filter.ref:
            problems.append(f"{at}: no autofilter")
        if (sheet.print_title_rows or "").replace("$", "") != "1:1":
            problems.append(f"{at}: header not repeated on printed pages")
        if not (sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1):
            problems.append(f"{at}: not fitted to the page width")
        for column in sheet.iter_cols(min_row=1):
            problems += _check_column(sheet, column, at)
    return problems


def _check_column(sheet, column, at) -> list[str]:
    head, cells = column[0], [c for c in column[1:] if c.value is not None]
    name = f"{at} column {head.value!r}"
    problems = []
    width = sheet.column_dimensions[head.column_letter].width
    if not width or width > 100:
        problems.append(f"{name}: width {width} not fitted")
    if any(c.data_type == "f" for c in column):
        problems.append(f"{name}: holds a formula")
    kinds = {"date" if c.is_date else "number" if isinstance(c.value, int | float) else "text" for c in cells}
    if len(kinds) > 1:
        sample = [c.value for c in cells if isinstance(c.value, str)][:3]
        problems.append(f"{name}: mixes {sorted(kinds)}, e.g. {sample}")
    pounds = [c for c in cells if "£" in c.number_format]
    if pounds and "£" not in head.value:
        problems.append(f"{name}: money without '£' and its basis in the header")
    if "(£)" in head.value and kinds and (kinds != {"number"} or len(pounds) != len(cells)):
        problems.append(f"{name}: a money column holds something other than numbers in pounds")
    for cell in cells:
        value = cell.value
        if not isinstance(value, str):
            continue
        if value in PYTHON_WORDS:
            problems.append(f"{name}: {value!r} at {cell.coordinate}")
        if OUR_MARKUP.search(value):
            problems.append(f"{name}: markup {value[:40]!r} at {cell.coordinate}")
        if DATE_AS_TEXT.match(value.strip()):
            problems.append(f"{name}: a date as text {value!r} at {cell.coordinate}")
        if MONEY_AS_TEXT.match(value):
            problems.append(f"{name}: money as text {value!r} at {cell.coordinate}")
        if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
            problems.append(f"{name}: a guard apostrophe Excel would show at {cell.coordinate}")
        longest = max(len(line) for line in value.split("\n"))
        if (longest > (width or 0) + 2 or "\n" in value) and not cell.alignment.wrap_text:
            problems.append(f"{name}: long text not wrapped at {cell.coordinate}")
    return problems[:5]


def check_csv(content: bytes, where: str) -> list[str]:
    if not content.startswith(BOM.encode()):
        return [f"{where}: no UTF-8 byte-order mark"]
    problems = []
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in rows[1:]:
        for value in row:
            if value in PYTHON_WORDS or OUR_MARKUP.search(value):
                problems.append(f"{where}: {value[:40]!r}")
            if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
                problems.append(f"{where}: {value[:40]!r} would run as a formula")
    return problems[:10]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    officer = User.objects.get(email="officer@example.org")
    organiser = User.objects.get(email="organiser@example.org")
    return officer, organiser, Branch.objects.get(slug="demo-city")


def test_every_export_holds_typed_cells_and_prints(demo):
    officer, organiser, branch = demo
    problems, seen = [], []
    for user in (officer, organiser):
        client = Client()
        client.force_login(user)
        for url in _urls(officer, branch):
            response = client.get(url)
            where = f"{user.email} {url}"
            assert response.status_code == 200, where
            assert "attachment" in response["Content-Disposition"], where
            if response["Content-Type"] == XLSX_CONTENT_TYPE:
                problems += check_xlsx(response.content, where)
            else:
                assert response["Content-Type"].startswith("text/csv"), where
                problems += check_csv(response.content, where)
            seen.append(url)
    assert not problems, "\n".join(problems)
    assert len(seen) >= 2 * 2 * len(["contracts", "campaigns", "surveys", "foi"]), seen


def test_the_checks_catch_what_they_look_for():
    """The guard itself: an untyped, unlaid-out sheet and a CSV without a BOM fail it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["End date", "Value (£ a year)", "Staff", "Status"])
    sheet.append(["2026-03-31", "£1,000", "unknown", '<span class="">Sent</span>'])
    sheet.append([datetime.date(2026, 3, 31), 1000, 12, "=1+1"])
    out = io.BytesIO()
    book.save(out)
    found = "\n".join(check_xlsx(out.getvalue(), "bad"))
    for expected in ("not bold", "not frozen", "no autofilter", "a date as text", "money as text", "mixes", "markup"):
        assert expected in found, expected
    assert "holds a formula" in found
    assert check_csv(b"a,b\r\n1,2\r\n", "bad") == ["bad: no UTF-8 byte-order mark"]


def test_a_cell_not_of_its_kind_fails_tests_but_never_breaks_a_download(settings):
    from insourcing.exports import Kind, NotOfKind, cell_value

    with pytest.raises(NotOfKind):
        cell_value("soon", Kind.DATE)
    settings.EXPORTS_STRICT = False  # production: the download still works, the odd cell goes out as text
    assert cell_value("soon", Kind.DATE) == "soon"
