"""Document kinds: each app registers a renderer that turns one GeneratedDocument into HTML.

The registry keeps dependencies pointing one way: insourcing renders PDFs for contracts, campaigns and
surveys without importing them; they register here from their AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string

from .models import Branch, GeneratedDocument


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    label: str
    render_html: Callable[[GeneratedDocument], str]
    # The objects of one branch this kind can be made from (a QuerySet): lets the guard tests render every
    # kind, present and future, from the demo data and from hostile data without a list of kinds.
    sources: Callable[[Branch], QuerySet] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register(kind: str, label: str, *, sources: Callable[[Branch], QuerySet] | None = None):
    def decorator(func: Callable[[GeneratedDocument], str]):
        _KINDS[kind] = DocumentKind(kind=kind, label=label, render_html=func, sources=sources)
        return func

    return decorator


def get_kind(kind: str) -> DocumentKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"No document kind {kind!r} is registered") from None


def registered_kinds() -> list[str]:
    return sorted(_KINDS)


def render_document_template(template_name: str, context: dict) -> str:
    """Render a templates/pdf/ template with what every document needs (the union's name)."""
    return render_to_string(template_name, {"union_name": settings.UNION_NAME, **context})


@register("branch_sheet", "Branch letterhead sheet", sources=lambda branch: Branch.objects.filter(pk=branch.pk))
def render_branch_sheet(document: GeneratedDocument) -> str:
    """The branch's letterhead details as they will print on every letter, for checking before use."""
    return render_document_template("pdf/branch_sheet.html", {"branch": document.branch, "document": document})
