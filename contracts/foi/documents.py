"""Contracts document kinds: the FoI letters and the "Insourcing First" motion, rendered by the PDF worker.

The print views render the same `contracts/foi/_letter.html` partial, so paper and PDF never differ.
"""

from insourcing.documents import register, render_document_template
from insourcing.models import GeneratedDocument

from . import letters
from .models import FoIRequest, InsourcingFirstMotion, LetterKind

FOI_LETTER_KINDS = {
    LetterKind.REQUEST: "foi_letter",
    LetterKind.INTERNAL_REVIEW: "foi_review_letter",
    LetterKind.COMPLAINT: "foi_complaint_letter",
}


def letter_context(foi: FoIRequest, kind: str, *, contracts: list | None = None) -> dict:
    """What one letter of a request prints: letterhead, addressee, date, references and text."""
    authority, regime = foi.authority, foi.regime
    context = {
        "branch": foi.branch,
        "reference": foi.reference,
        "authority_reference": foi.authority_reference,
        "recipient_name": f"FoI Officer, {authority.name}",
        "recipient_address": authority.postal_address,
        "recipient_email": authority.foi_email,
    }
    if kind == LetterKind.REQUEST:
        context.update(
            date=foi.letter_date(),
            subject=foi.subject,
            blocks=foi.letter_blocks(),
            contracts=list(foi.contracts.all()) if contracts is None else contracts,
        )
    elif kind == LetterKind.INTERNAL_REVIEW:
        context.update(
            date=foi.review_requested_on or foi.letter_date(),
            subject=f"Request for an internal review: {foi.reference}",
            blocks=letters.blocks(foi.review_body, []),
        )
    else:
        context.update(
            date=foi.complaint_made_on or foi.review_requested_on or foi.letter_date(),
            subject=f"Complaint about {authority.name}",
            blocks=letters.blocks(foi.complaint_body, []),
            recipient_name=regime.regulator,
            recipient_address=regime.regulator_address,
            recipient_email="",
        )
    return context


def _foi(document: GeneratedDocument) -> FoIRequest:
    return FoIRequest.objects.select_related("branch", "authority", "owner").get(
        pk=document.source_id, branch=document.branch
    )


def _render_letter(document: GeneratedDocument, kind: str) -> str:
    context = {"document": document, "letter": letter_context(_foi(document), kind)}
    return render_document_template("pdf/contracts/foi_letter.html", context)


@register("foi_letter", "FoI request letter")
def render_foi_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.REQUEST)


@register("foi_review_letter", "Internal review letter")
def render_foi_review_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.INTERNAL_REVIEW)


@register("foi_complaint_letter", "Complaint to the regulator")
def render_foi_complaint_letter(document: GeneratedDocument) -> str:
    return _render_letter(document, LetterKind.COMPLAINT)


@register("insourcing_first_motion", "Insourcing First motion")
def render_insourcing_first_motion(document: GeneratedDocument) -> str:
    motion = InsourcingFirstMotion.objects.select_related("branch", "authority").get(
        pk=document.source_id, branch=document.branch
    )
    return render_document_template(
        "pdf/contracts/insourcing_first_motion.html", {"document": document, "motion": motion}
    )
