"""The survey poster: A4, for canteens and break rooms, with a QR code and the link written out."""

import segno
from django.utils.safestring import mark_safe

from insourcing.documents import register, render_document_template

from .models import Survey


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (WeasyPrint draws it; no image file, no network)."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, title="QR code for the survey link")


@register("survey_poster", "Survey poster", sources=lambda branch: Survey.objects.filter(contract__branch=branch))
def render_survey_poster(document) -> str:
    survey = Survey.objects.with_names().get(pk=document.source_id)
    url = f"{survey.link_base.rstrip('/')}{survey.member_path()}"
    return render_document_template(
        "pdf/surveys/poster.html",
        {
            "document": document,
            "survey": survey,
            "url": url,
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  (segno's own SVG markup, no user text in it)
            "questions": survey.questions.asked().count(),
        },
    )
