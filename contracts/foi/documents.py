"""Contracts document kinds: the FoI letters and the "Insourcing First" motion, rendered by the PDF worker.

Letters are composed by `contracts.foi.compose`, which the email and the print view use too, so the words the
authority gets never differ; the PDF is refused while a placeholder is left to fill.
"""

from contracts.foi.compose import compose, require_filled
from insourcing.documents import register, render_document_template
from insourcing.models import GeneratedDocument

from .models import FoIRequest, InsourcingFirstMotion, LetterKind

FOI_LETTER_KINDS = {
    LetterKind.REQUEST: "foi_letter",
    LetterKind.INTERNAL_REVIEW: "foi_review_letter",
    LetterKind.COMPLAINT: "foi_complaint_letter",
}


def _foi(document: GeneratedDocument) -> FoIRequest:
    return FoIRequest.objects.select_related("branch", "authority", "owner").get(
        pk=document.source_id, branch=document.branch
    )


def _render_letter(document: GeneratedDocument, kind: str) -> str:
    context = {"document": document, "letter": require_filled(compose(_foi(document), kind))}
    return render_document_template("pdf/contracts/foi_letter.html", context)


@register("foi_letter", "FoI request letter", sources=lambda branch: FoIRequest.objects.filter(branch=branch))
def render_foi_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.REQUEST)


@register(
    "foi_review_letter",
    "Internal review letter",
    sources=lambda branch: FoIRequest.objects.filter(branch=branch).exclude(review_body=""),
)
def render_foi_review_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.INTERNAL_REVIEW)


@register(
    "foi_complaint_letter",
    "Complaint to the regulator",
    sources=lambda branch: FoIRequest.objects.filter(branch=branch).exclude(complaint_body=""),
)
def render_foi_complaint_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.COMPLAINT)


@register(
    "insourcing_first_motion",
    "Insourcing First motion",
    sources=lambda branch: InsourcingFirstMotion.objects.filter(branch=branch),
)
def render_insourcing_first_motion(document: GeneratedDocument) -> str:
    motion = InsourcingFirstMotion.objects.select_related("branch", "authority").get(
        pk=document.source_id, branch=document.branch
    )
    return render_document_template(
        "pdf/contracts/insourcing_first_motion.html", {"document": document, "motion": motion}
    )
