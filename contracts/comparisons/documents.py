"""PDF kinds for terms and conditions comparisons: the branch's report and the members' leaflet."""

from insourcing.documents import register, render_document_template
from insourcing.models import GeneratedDocument

from .analysis import load_analysis
from .models import Comparison


def _comparison(document: GeneratedDocument) -> Comparison:
    return Comparison.objects.select_related("contract__branch", "contract__authority", "contract__provider").get(
        pk=document.source_id, contract__branch=document.branch
    )


@register(
    "comparison_report",
    "Terms and conditions comparison",
    sources=lambda branch: Comparison.objects.filter(contract__branch=branch),
)
def render_comparison_report(document: GeneratedDocument) -> str:
    comparison = _comparison(document)
    return render_document_template(
        "pdf/contracts/comparison_report.html",
        {"document": document, "comparison": comparison, "analysis": load_analysis(comparison)},
    )


@register(
    "comparison_leaflet",
    "What you would gain in-house",
    sources=lambda branch: Comparison.objects.filter(contract__branch=branch),
)
def render_comparison_leaflet(document: GeneratedDocument) -> str:
    comparison = _comparison(document)
    return render_document_template(
        "pdf/contracts/comparison_leaflet.html",
        {"document": document, "comparison": comparison, "analysis": load_analysis(comparison)},
    )
