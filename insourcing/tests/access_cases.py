from django.core.files.base import ContentFile

from insourcing.models import GeneratedDocument
from insourcing.tests.access import AccessCase
from insourcing.tests.factories import GeneratedDocumentFactory


def _document(branch, officer):
    document = GeneratedDocumentFactory(
        title="Sheet", branch=branch, requested_by=officer, status=GeneratedDocument.Status.READY
    )
    document.file.save(document.filename, ContentFile(b"%PDF-1.7 test"))
    return document


CASES = [
    AccessCase("branch_detail", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}),
    AccessCase("branch_edit", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}, organiser="denied"),
    AccessCase(
        "branch_edit",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug},
        method="post",
        data={"name": "Renamed"},
        organiser="denied",
    ),
    AccessCase(
        "branch_sheet_request",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug},
        method="post",
        organiser="denied",
    ),
    AccessCase("document_status", make=_document, kwargs=lambda d: {"pk": d.pk}),
    AccessCase("document_download", make=_document, kwargs=lambda d: {"pk": d.pk}),
]

# Django's own password-reset confirmation link carries a signed token, not one of our objects.
PUBLIC = {"password_reset_confirm"}
