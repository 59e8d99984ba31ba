"""Hostile text in every text column is shown escaped on every page, printed literally in every PDF, and never
becomes a formula in any export.

One world holds an object behind every page of the access matrix; then every free-text column of our models
(names, addresses, notes, letters, question text, answers...) is overwritten with markup, template syntax and
a leading formula, as if typed into the forms or brought in by an import.
"""

import csv
import io
from io import BytesIO

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Left
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import OrganisingWording
from insourcing import documents, pdf
from insourcing.exports import FORMULA_PREFIXES
from insourcing.models import GeneratedDocument
from insourcing.tests.access import all_cases
from insourcing.tests.test_documents_guard import guarded_kinds
from insourcing.tests.test_exports_guard import discovered_exports
from surveys.models import Survey
from surveys.tests.factories import answer_randomly

pytestmark = pytest.mark.django_db

POISON = "=1+1<script>alert(1)</script><img src=x onerror=alert(1)>{{7*7}}"
RAW_MARKUP = ("<script>alert(1)", "<img src=x")
APPS = ("insourcing", "contracts", "campaigns", "surveys")
# Columns that hold identifiers or codes the code looks up, not text people type.
NOT_FREE_TEXT = {"token", "task_name", "kind", "key", "language", "role", "file", "password", "last_error", "error"}


def _free_text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.EmailField | models.URLField | models.SlugField | models.FileField)
        and not f.choices
        and not f.unique
        and f.name not in NOT_FREE_TEXT
    ]


def _unique_together(model) -> set[str]:
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()))
    return names


def _poisoned(field: models.Field, *, distinct: bool):
    """The poison, cut to the column's length; ending with the row's id where the column must be unique."""
    if not distinct:
        return Value(POISON[: field.max_length])
    suffix = Concat(Value(" #"), Cast("pk", models.CharField()))
    if field.max_length:
        return Concat(Left(Value(POISON), field.max_length - 8), suffix, output_field=models.CharField())
    return Concat(Value(POISON), suffix, output_field=models.TextField())


def poison_every_text_column() -> list[str]:
    touched = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            fields = _free_text_fields(model)
            if fields and model._base_manager.exists():
                unique = _unique_together(model)
                model._base_manager.update(**{f.name: _poisoned(f, distinct=f.name in unique) for f in fields})
                touched += [f"{model._meta.label}.{f.name}" for f in fields]
    return touched


@pytest.fixture
def world(branch_a, alice):
    """An object behind every page of the access matrix, a survey with results, then poison everywhere."""
    pages = []
    for case in all_cases():
        if case.method == "get":
            pages.append((case.url_name, case.kwargs(case.make(branch_a, alice))))
    survey = Survey.objects.filter(contract__branch=branch_a).first()
    answer_randomly(survey, 30)
    OrganisingWording.objects.create(branch=branch_a, key="business.benefits", text="Own wording")
    touched = poison_every_text_column()
    assert len(touched) > 50, touched  # the poison reached the text people type, model after model
    return pages


def _no_raw_markup(content: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in content, f"{where} shows unescaped {raw!r}"


def test_pages_show_hostile_text_escaped(alice_client, world):
    showing, unescaped = [], []
    for url_name, kwargs in world:
        url = reverse(url_name, kwargs=kwargs)
        response = alice_client.get(url)
        assert response.status_code < 500, url
        if not response["Content-Type"].startswith("text/html"):
            continue  # downloads: the PDFs are checked below
        content = response.content.decode()
        if any(raw in content for raw in RAW_MARKUP):
            unescaped.append(url)
        if escape(POISON) in content:
            showing.append(url_name)
    assert not unescaped, f"pages showing hostile text unescaped: {unescaped}"
    # The pages that list or show what people typed show it, escaped, template syntax and all.
    for expected in ("branch_detail", "contracts:contract_detail", "campaigns:campaign_detail"):
        assert expected in showing, showing
    assert len(showing) > len(world) / 2, showing


def _pdf_text(content: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return "".join(text.split())


@pytest.mark.parametrize("kind", [kind.kind for kind in guarded_kinds()])
def test_documents_print_hostile_text_literally_and_fetch_nothing(world, branch_a, alice, kind):
    source = documents.get_kind(kind).sources(branch_a).first()
    created = GeneratedDocument.objects.create(
        kind=kind, title="Hostile", branch=branch_a, requested_by=alice, source=source
    )
    document = GeneratedDocument.objects.get(pk=created.pk)  # as the worker sees it: the poisoned branch
    html = documents.get_kind(kind).render_html(document)
    _no_raw_markup(html, kind)
    fetcher = pdf.StaticOnlyFetcher()
    text = _pdf_text(pdf.html_to_pdf(html, fetcher=fetcher))
    assert fetcher.refused == []  # the <img src=x> stayed text: nothing was fetched, let alone refused
    assert "<script>alert(1)</script><imgsrc=xonerror=alert(1)>{{7*7}}" in text


def _csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell holds a formula"
    return [c.value for c in cells]


def _exports(world) -> list[tuple[str, str]]:
    """Every export the guard discovers from the URL patterns, for the world's objects."""
    kwargs = dict(world)
    found = []
    for name, queries in discovered_exports().items():
        for query in set(queries):
            fmt = "csv" if (query.endswith("csv") or name.endswith("csv")) else "xlsx"
            found.append((reverse(name, kwargs=kwargs.get(name, {})) + query, fmt))
    return found


def test_exports_never_start_a_cell_with_a_formula(alice_client, olive_client, world):
    for url, fmt in _exports(world):
        # The officer and the organiser (whose region dashboard is the only one with rows) see the hostile text.
        hostile = []
        for client in (alice_client, olive_client):
            response = client.get(url)
            assert response.status_code == 200, url
            if fmt == "xlsx":  # typed cells: the text as typed, in a text cell (`_xlsx_cells` refuses formulas)
                text = [c for c in _xlsx_cells(response.content) if isinstance(c, str)]
                # As typed (or after the question number the survey results put first), never as a formula.
                hostile += [c for c in text if c.startswith("=1+1<script>") or ". =1+1<script>" in c]
                continue
            text = _csv_cells(response.content)  # CSV has no types: a formula-looking text gets an apostrophe
            dangerous = [c for c in text if c.startswith(FORMULA_PREFIXES) and not _is_number(c)]
            assert not dangerous, f"{url}: {dangerous[:3]}"
            hostile += [c for c in text if c.startswith("'=1+1<script>") or ". =1+1<script>" in c]
        assert hostile, f"{url} exported none of the hostile text"


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
