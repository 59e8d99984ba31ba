from django.contrib.contenttypes.models import ContentType

from . import outbox
from .documents import get_kind
from .models import Branch, GeneratedDocument, User


def document_request(
    *, kind: str, branch: Branch, user: User | None, source=None, title: str = ""
) -> GeneratedDocument:
    """Queue a PDF for rendering; the job is published once this transaction commits (or when the broker is back)."""
    from .tasks import render_document

    document_kind = get_kind(kind)
    document = GeneratedDocument.objects.create(
        kind=kind,
        title=title or document_kind.label,
        branch=branch,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        requested_by=user,
    )
    outbox.enqueue(render_document, document.pk)
    return document
