"""FoI letter PDF render time against WeasyPrint's one-line-document floor, measured in the same run.

    python -m bench.foi_letter          (DJANGO_SETTINGS_MODULE defaults to the test settings; no database)

Goal: the median letter render within 1.5x the median render of "<p>x</p>". Both go through
`insourcing.pdf.html_to_pdf`, so the ratio is what the letter's template and stylesheet add.
"""

import os
import statistics
import time

GOAL = 1.5
RUNS = 20


def _letter_html() -> str:
    import datetime

    from django.utils import timezone

    from contracts.foi import letters
    from contracts.foi.compose import compose
    from contracts.models import Contract, FoIRequest, LetterKind, PublicAuthority
    from insourcing.documents import render_document_template
    from insourcing.models import Branch

    branch = Branch(
        name="Demo City Local Government",
        address="Unity House\n12 Market Street\nNorwich\nNR1 1AA",
        email="demo-city@branch.example.org",
        phone="01632 960123",
        signatory_name="Pat Officer",
        signatory_position="Branch Secretary",
    )
    authority = PublicAuthority(
        branch=branch,
        name="Demo City Council",
        nation="england",
        foi_email="foi@council.example.gov.uk",
        postal_address="County Hall\nMartineau Lane\nNorwich\nNR1 2DH",
    )
    foi = FoIRequest(
        pk=1,
        branch=branch,
        authority=authority,
        asks=letters.default_asks(),
        sent_on=datetime.date(2026, 3, 2),
        created_at=timezone.now(),
    )
    foi.body = letters.fill(letters.default_text("request"), foi.placeholder_values())
    contracts = [Contract(service="Office and school cleaning", reference="DEMO-CLEAN-01")]
    context = {"letter": compose(foi, LetterKind.REQUEST, contracts=contracts), "document": None}
    return render_document_template("pdf/contracts/foi_letter.html", context)


def _median_ms(func, runs: int) -> float:
    func()  # first call loads fonts and caches; not what a worker pays per document
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(runs: int = RUNS) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings_test")
    import django

    django.setup()
    from insourcing.pdf import html_to_pdf

    html = _letter_html()
    floor = _median_ms(lambda: html_to_pdf("<p>x</p>"), runs)
    letter = _median_ms(lambda: html_to_pdf(html), runs)
    ratio = letter / floor
    verdict = "PASS" if ratio <= GOAL else "MISS"
    print(f"FoI letter PDF: median {letter:.1f} ms; floor <p>x</p>: {floor:.1f} ms")
    print(f"ratio {ratio:.2f}x (goal {GOAL}x) {verdict}")
    return {"letter_ms": letter, "floor_ms": floor, "ratio": ratio, "goal": GOAL, "pass": ratio <= GOAL}


if __name__ == "__main__":
    run()
