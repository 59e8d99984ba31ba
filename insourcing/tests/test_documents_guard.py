"""Guard: every registered document kind, rendered from the demo data and from hostile data, is a PDF people can
use as it is. Its text holds every word the HTML gave it and no Python repr, `None`, bracketed placeholder or
template syntax; it is tagged (PDF/UA, with language and title); no table row is split across pages, no
heading is left at the foot of a page, and no heading or letter subject line is printed twice (issue 16: the
review and complaint letters opened their text with their subject again).

The kinds come from the registry (`insourcing.documents`), and each kind's `sources` says which objects of a
branch it is made from, so a kind added later is checked without touching this file.
"""

import io
import re
import subprocess
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from insourcing import documents, pdf
from insourcing.models import Branch, GeneratedDocument, User

pytestmark = pytest.mark.django_db

# Hostile text, piece by piece so a short column takes the pieces that fit: markup, template syntax, right-to-left
# scripts and a word too long for any column.
HOSTILE_PIECES = (
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% now 'Y' %}",
    "שלום עולם",
    "مرحبا",
    "LlanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochPlusAVeryLongPastedReference0123456789",
)
RTL = re.compile(r"[\u0590-\u06ff]")
FORBIDDEN = {
    "a Python repr": re.compile(r"\('|\{'|\['|<bound method|object at 0x|dict_items|<django|QuerySet"),
    "None": re.compile(r"(?<![A-Za-z])None(?![a-z])"),
    "a bracketed placeholder": re.compile(r"\[[^\[\]]{1,300}\]"),
    "template syntax": re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"),
}
APPS = ("insourcing", "contracts", "campaigns", "surveys")
NOT_FREE_TEXT = {"token", "task_name", "kind", "key", "language", "role", "file", "password", "last_error", "error"}


def guarded_kinds() -> list[documents.DocumentKind]:
    """Every registered kind except those the test suite registers for itself."""
    kinds = [documents.get_kind(name) for name in documents.registered_kinds()]
    return [kind for kind in kinds if ".tests" not in kind.render_html.__module__]


class _Text(HTMLParser):
    """The text a document's HTML shows: its body, without drawings (SVG) or anything in <head>."""

    SKIP = {"head", "svg", "style", "script", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.words += data.split()


def html_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.words


class _Headings(HTMLParser):
    """Each heading (h1 to h6) and letter subject line (class "subject") in a document's HTML: (level, text)."""

    TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str, list[str]]] = []
        self.headings: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self.open.append((tag, tag, []))
        elif "subject" in (dict(attrs).get("class") or "").split():
            self.open.append((tag, "subject", []))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _tag, level, parts = self.open.pop()
            text = " ".join(" ".join(parts).split())
            if text:
                self.headings.append((level, text))

    def handle_data(self, data):
        for _tag, _level, parts in self.open:
            parts.append(data)


def headings(html: str) -> list[tuple[str, str]]:
    parser = _Headings()
    parser.feed(html)
    return parser.headings


# A heading's lead: its words before the first colon, dash or bracket ("Complaint about Demo City Council" of
# "Complaint about Demo City Council: FOI-2026-0003"), so a repeat with other references after it still counts.
LEAD_END = re.compile(r"[:\u2013\u2014(]| - ")
WORD = re.compile(r"[\w'’]+")


def _lead(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(LEAD_END.split(text, maxsplit=1)[0].lower()))


def repeated_headings(html: str, pdf_text: str) -> list[str]:
    """Headings and subject lines printed twice: the text opens a line with one's lead (three words or more)
    more often than the headings themselves do (a letter's subject again as its first line), or the same heading
    follows itself with no other heading of its level between (a section's heading over each of its pages).
    A section that starts again later (questions after the profile) may take its heading again."""
    found = headings(html)
    lines = [tuple(WORD.findall(line.lower())) for line in pdf_text.splitlines()]
    repeated, last_of_level = [], {}
    for level, text in found:
        lead = _lead(text)
        if len(lead) >= 3:
            as_headings = sum(_lead(other) == lead for _level, other in found)
            if sum(line[: len(lead)] == lead for line in lines) > as_headings:
                repeated.append(text)
        if last_of_level.get(level) == text:
            repeated.append(text)
        last_of_level[level] = text
    return list(dict.fromkeys(repeated))


def pdftotext(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it, line by line as printed."""
    return subprocess.run(["pdftotext", "-q", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


# Unicode direction marks and isolates (LRM, RLM, LRE..RLO, LRI..PDI) and sentence punctuation.
BIDI_PUNCT = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069.,:;!?()\[\]]")


def squeeze(text: str) -> str:
    """Text without whitespace, right-to-left letters, direction marks, sentence punctuation or brackets.

    Line breaks, the order in which a PDF stores right-to-left runs (an English full stop lands at the other end of
    its sentence on a right-to-left page, and brackets are mirrored there) and the isolates around English fallback
    text differ from the HTML without the words differing."""
    return BIDI_PUNCT.sub("", RTL.sub("", "".join(text.split())))


def split_rows(layout) -> list[str]:
    """Table rows (other than repeated header rows) that appear on more than one page."""
    pages_of: dict[int, set[int]] = {}
    text_of: dict[int, str] = {}
    for number, page in enumerate(layout.pages):
        for box in _descendants(page._page_box):
            if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
                continue
            if isinstance(box, boxes.TableRowBox) and box.element is not None:
                pages_of.setdefault(id(box.element), set()).add(number)
                text_of[id(box.element)] = " ".join(box.element.itertext())[:80]
    return [text_of[key] for key, pages in pages_of.items() if len(pages) > 1]


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TableRowGroupBox) and (child.is_header or child.is_footer):
            continue
        yield from _descendants(child)


def orphaned_headings(layout) -> list[str]:
    """Headings that end a page (other than the last), their content pushed to the next page."""
    orphans = []
    for page in layout.pages[:-1]:
        box = page._page_box
        while True:
            blocks = [c for c in getattr(box, "children", ()) if isinstance(c, boxes.BlockLevelBox)]
            if not blocks:
                break
            box = blocks[-1]
            if box.element_tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                orphans.append(" ".join(box.element.itertext())[:80])
                break
    return orphans


def check_document(kind: str, html: str, *, hostile: bool = False) -> list[str]:
    """What is wrong with one document, as sentences naming the kind."""
    problems = []
    layout = pdf.layout(html)  # laid out once: its boxes are read below, and it is the PDF html_to_pdf would write
    content = pdf.write(layout)
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    squeezed = squeeze(text)
    missing = [word for word in html_words(html) if squeeze(word) not in squeezed]
    if missing:
        problems.append(f"{kind}: the PDF lacks words its HTML gave it: {missing[:5]}")
    html_rtl = set(RTL.findall(" ".join(html_words(html))))
    if not html_rtl <= set(RTL.findall(text)):
        problems.append(f"{kind}: right-to-left letters are missing from the PDF")
    checked = "".join(text.split())
    if hostile:
        for piece in HOSTILE_PIECES:  # typed by people, so printed literally, and allowed to look like code
            checked = checked.replace("".join(piece.split()), "")
    for what, pattern in FORBIDDEN.items():
        found = pattern.search(checked)
        if found:
            problems.append(
                f"{kind}: the PDF shows {what}: ...{checked[max(0, found.start() - 40) : found.end() + 40]}..."
            )
    if repeats := repeated_headings(html, pdftotext(content)):
        problems.append(f"{kind}: headings or subject lines printed twice: {repeats[:3]}")
    root = reader.trailer["/Root"]
    marked = root.get("/MarkInfo", {}).get("/Marked")
    if not (marked and "/StructTreeRoot" in root):
        problems.append(f"{kind}: the PDF is not tagged")
    if not root.get("/Lang"):
        problems.append(f"{kind}: the PDF names no language")
    if not (reader.metadata and reader.metadata.title):
        problems.append(f"{kind}: the PDF has no title")
    if rows := split_rows(layout):
        problems.append(f"{kind}: table rows split across pages: {rows[:3]}")
    if headings := orphaned_headings(layout):
        problems.append(f"{kind}: headings left at the foot of a page: {headings[:3]}")
    return problems


def render_every_kind(branch: Branch, user: User, *, hostile: bool = False) -> tuple[list[str], list[str]]:
    problems, rendered = [], []
    for kind in guarded_kinds():
        assert kind.sources is not None, f"{kind.kind} does not say which objects it is made from (sources=)"
        sources = list(kind.sources(branch)[:3])
        if not sources:
            problems.append(f"{kind.kind}: the demo has nothing to make it from")
        for source in sources:
            document = GeneratedDocument.objects.create(
                kind=kind.kind, title=f"{kind.label} {source.pk}", branch=branch, requested_by=user, source=source
            )
            html = kind.render_html(GeneratedDocument.objects.get(pk=document.pk))
            problems += check_document(kind.kind, html, hostile=hostile)
            rendered.append(kind.kind)
    return problems, rendered


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    branch = Branch.objects.get(slug="demo-city")
    return branch, User.objects.get(email="officer@example.org")


def test_every_document_kind_reads_right_from_the_demo_data(demo):
    problems, rendered = render_every_kind(*demo)
    assert not problems, "\n".join(problems)
    assert set(rendered) == {kind.kind for kind in guarded_kinds()}


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


def _in_unique_groups(model) -> set[str]:
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()))
    return names


def hostile_value(max_length: int | None) -> str | None:
    value = ""
    for piece in HOSTILE_PIECES:
        candidate = f"{value} {piece}".strip()
        if max_length and len(candidate) > max_length:
            break
        value = candidate
    return value or None


def make_hostile() -> None:
    """Every free-text column holds hostile text; every optional value (a date, a number) is left empty."""
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model._base_manager.exists():
                continue
            unique = _in_unique_groups(model)
            changes = {}
            for field in _free_text_fields(model):
                value = hostile_value(field.max_length)
                if value and field.name not in unique:
                    changes[field.name] = value
            for field in model._meta.concrete_fields:
                if field.null and not field.is_relation and not field.primary_key and field.name not in unique:
                    changes[field.name] = None
            model._base_manager.update(**changes)


def test_every_document_kind_reads_right_from_hostile_data(demo):
    make_hostile()
    problems, rendered = render_every_kind(*demo, hostile=True)
    assert not problems, "\n".join(problems)
    assert set(rendered) == {kind.kind for kind in guarded_kinds()}


def _as_pdf_text(html: str) -> str:
    return pdftotext(pdf.html_to_pdf(html))


def test_the_guard_finds_a_subject_line_repeated_as_the_first_line_of_a_letter():
    # The complaint letter as it was: its subject, then the same words after the greeting.
    html = (
        '<p class="subject"><strong>Complaint about Demo City Council: FOI-2026-0003</strong></p>'
        "<p>Dear Information Commissioner,</p>"
        "<p>Complaint about Demo City Council – request for information of 2 March 2026</p><p>I am writing…</p>"
    )
    assert repeated_headings(html, _as_pdf_text(html)) == ["Complaint about Demo City Council: FOI-2026-0003"]
    letter = html.replace("<p>Complaint about Demo City Council – request for information of 2 March 2026</p>", "")
    assert repeated_headings(letter, _as_pdf_text(letter)) == []


def test_the_guard_finds_a_section_heading_over_each_of_its_pages_but_allows_a_section_that_starts_again():
    over_each_page = "<h2>Your experiences and views</h2><p>Q1</p><h2>Your experiences and views</h2><p>Q2</p>"
    assert repeated_headings(over_each_page, _as_pdf_text(over_each_page)) == ["Your experiences and views"]
    again = "<h2>Your experiences and views</h2><p>Q1</p><h2>Profile</h2><p>Q2</p><h2>Your experiences and views</h2>"
    assert repeated_headings(again, _as_pdf_text(again)) == []
