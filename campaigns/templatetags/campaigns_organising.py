"""`{% organising_pdf_sections campaign %}`: the organising tools inside the campaign plan PDF.

The plan's PDF renderer passes only the campaign; this tag gathers the organising sections for it, so the plan
feature needs no knowledge of the organising tools beyond including `campaigns/pdf/_organising.html`.
"""

from django import template

from ..organising.services import organising_context

register = template.Library()


@register.inclusion_tag("campaigns/organising/_pdf_sections.html")
def organising_pdf_sections(campaign):
    return organising_context(campaign)
