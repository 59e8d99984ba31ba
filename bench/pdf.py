"""PDF rendering against WeasyPrint's own floor: a one-line document through the same renderer."""

from .core import Goal
from .inprocess import measure

GROUP = "pdf"


def _checked(pdf: bytes) -> bytes:
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("The renderer did not return a PDF")
    return pdf


@measure(GROUP, "floor: WeasyPrint one-line document", floor=True)
def one_line_document():
    from insourcing.pdf import html_to_pdf

    _checked(html_to_pdf("<p>x</p>"))
    return lambda: html_to_pdf("<p>x</p>")


@measure(GROUP, "branch letterhead sheet (template + PDF)", goal=Goal(1.5))
def branch_sheet():
    from insourcing.documents import get_kind
    from insourcing.models import Branch, GeneratedDocument
    from insourcing.pdf import html_to_pdf

    # Read once: the measure is rendering, not the database. Unsaved, so the run writes nothing.
    branch = Branch.objects.select_related("region").get(slug="demo-city")
    document = GeneratedDocument(kind="branch_sheet", branch=branch, title=f"{branch.name} letterhead sheet")
    render_html = get_kind("branch_sheet").render_html
    if branch.name not in render_html(document):
        raise RuntimeError("The branch sheet does not show the branch's name")
    _checked(html_to_pdf(render_html(document)))
    return lambda: html_to_pdf(render_html(document))
