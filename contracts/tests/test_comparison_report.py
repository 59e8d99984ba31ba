"""The comparison report and leaflet PDFs: every row and figure is in the text a reader gets."""

import re
from io import BytesIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import wait_for
from contracts.comparisons.models import ROWS
from contracts.models import FigureSource
from contracts.tests.factories import make_comparison
from insourcing import pdf
from insourcing.documents import get_kind
from insourcing.models import GeneratedDocument


def _text(content: bytes) -> str:
    """The PDF's text without whitespace: where a line wraps inside a cell is the layout's business."""
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


def _has(text: str, expected: str) -> bool:
    return re.sub(r"\s+", "", expected) in text


def _render(kind: str, comparison) -> str:
    document = GeneratedDocument.objects.create(
        kind=kind, title="Report", branch=comparison.contract.branch, source=comparison
    )
    return _text(pdf.html_to_pdf(get_kind(kind).render_html(document)))


@pytest.mark.django_db
def test_report_pdf_carries_every_row_figure_and_source(branch_a):
    comparison = make_comparison(branch_a, sources="FoI answer 2025/117 from Demo City Council")
    FigureSource.objects.create(
        contract=comparison.contract, field="staff_count", kind="foi", detail="FoI 2025/090", as_of="2025-05-02"
    )
    text = _render("comparison_report", comparison)
    for _, label in ROWS:
        assert _has(text, label), label
    for expected in [
        "Staff employed by contractor",
        "Comparable staff directly employed by the public authority",
        "Stakeholder scheme, 3% employer",
        "Local Government Pension Scheme",
        "£12.21 an hour",
        "£12.60 − £12.21 = £0.39 an hour × 37 hours × 52.143 weeks = £752.42 a year",
        "£12.60 − £12.21 = £0.39 an hour × 20 hours × 52.143 weeks = £406.72 a year",
        "120 staff × 20 hours ÷ 37 hours = 64.86 full-time equivalent",
        "£752.42 × 64.86 posts = £48,801.96 a year",
        "(35 − 28) = 7 days × £93.24 a day",
        "£4,375.63 − £706.70 = £3,668.93 a year",
        "£18,181.80",
        "£12.21 is £0.39 an hour below the Real Living Wage (UK) of £12.60",
        "National Living Wage: £12.21 from 1 April 2025",
        "FoI answer 2025/117 from Demo City Council",
        "GOV.UK smart-answers",
        "Staff numbers: Freedom of Information answer, FoI 2025/090, 2 May 2025",
        "Hourly pay on 1 June 2025",  # the chart's title, drawn in SVG
        "What one full-time post would gain in-house each year",
        "The provider's accounts are not recorded yet",
    ]:
        assert _has(text, expected), expected
    assert _has(text, "unknown")  # unsocial hours were not given: shown as unknown, not £0.00


@pytest.mark.django_db
def test_report_shows_both_tiers_of_a_two_tier_workforce(branch_a):
    comparison = make_comparison(branch_a, two_tier=True, transferred_staff=40, new_starter_staff=80)
    text = _render("comparison_report", comparison)
    assert _has(text, "Contractor staff transferred under TUPE (40 staff)")
    assert _has(text, "Contractor staff taken on since the transfer (new starters) (80 staff)")
    assert _has(text, "Both groups together")


@pytest.mark.django_db
def test_report_sets_the_providers_accounts_beside_the_gap(branch_a):
    comparison = make_comparison(branch_a)
    accounts = [
        SimpleNamespace(
            year=2024,
            turnover=900_000_000,
            profit=12_000_000,
            dividends=5_000_000,
            staff_costs=600_000_000,
            highest_paid_director=1_250_000,
            source="Companies House accounts 2024",
        )
    ]
    with mock.patch("contracts.comparisons.analysis.provider_financials", return_value=accounts):
        text = _render("comparison_report", comparison)
    for amount in ["£900,000,000.00", "£12,000,000.00", "£5,000,000.00", "£600,000,000.00", "£1,250,000.00"]:
        assert _has(text, amount), amount
    assert _has(text, "% of the provider's profit")
    assert _has(text, "Companies House accounts 2024")


@pytest.mark.django_db
def test_leaflet_pdf_says_what_members_would_gain(branch_a):
    text = _render("comparison_leaflet", make_comparison(branch_a))
    assert _has(text, "What you would gain in-house")
    assert _has(text, "£0.39 more an hour")
    assert _has(text, "£752.42 a year")


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_worker_renders_the_report_and_the_officer_downloads_it(celery_worker, alice, branch_a, client):
    comparison = make_comparison(branch_a)
    client.force_login(alice)
    response = client.post(reverse("contracts:comparison_report", kwargs={"pk": comparison.pk}))
    document = GeneratedDocument.objects.get(kind="comparison_report")
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})

    def finished():
        document.refresh_from_db()
        return document.is_finished

    wait_for(finished, timeout=60, message="the worker to render the comparison report")
    assert document.status == "ready", document.error + celery_worker.log()[-2000:]
    download = client.get(reverse("document_download", kwargs={"pk": document.pk}))
    text = _text(b"".join(download.streaming_content))
    assert _has(text, "Terms and conditions comparison: Cleaners")
    assert _has(text, "£752.42 a year")
