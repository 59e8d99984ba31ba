"""A 5-page terms and conditions comparison report rendered to PDF, against WeasyPrint's one-line floor.

`run()` times both in the same process (median of `repeat` runs each, after a warm-up) and returns the
figures; goal: the report within 4x the floor. Needs Django set up; touches no database (the comparison is
built from unsaved objects, as the worker would have fetched them).
Standalone: `DJANGO_SETTINGS_MODULE=insourcing.settings python -m bench.comparison_report`.
"""

import datetime
import statistics
import time
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

GOAL = 4.0
FLOOR_HTML = "<p>x</p>"


def _report_html() -> str:
    from contracts.comparisons.analysis import analyse
    from contracts.comparisons.models import COLUMN_LABELS, ROWS, Comparison, ComparisonTerms, PayPoint
    from contracts.models import Contract, Provider, PublicAuthority
    from insourcing.documents import render_document_template
    from insourcing.models import Branch

    branch = Branch(name="Demo City Local Government", slug="demo-city")
    contract = Contract(
        branch=branch,
        authority=PublicAuthority(name="Demo City Council"),
        provider=Provider(name="Demo Facilities Ltd"),
        service="Office and school cleaning",
        reference="DEMO-CLEAN-01",
        staff_count=120,
    )
    comparison = Comparison(
        contract=contract,
        title="Cleaners",
        as_at=datetime.date(2025, 6, 1),
        two_tier=True,
        transferred_staff=40,
        new_starter_staff=80,
        pay_scheme="njc",
        pay_point="SCP 3",
        sources="\n".join(f"FoI answer 2025/{n} from Demo City Council" for n in range(100, 104)),
    )
    text = "Set out in the staff handbook and confirmed by the FoI answer; applies to every site."
    numbers = {
        "contractor": {"hourly_rate": Decimal("12.60"), "weekly_hours": Decimal("20"), "annual_leave_days": 28},
        "new-starters": {"hourly_rate": Decimal("12.21"), "weekly_hours": Decimal("15"), "annual_leave_days": 28},
        "direct": {"weekly_hours": Decimal("37"), "annual_leave_days": 35, "employer_pension_pct": Decimal("18")},
    }
    terms = [
        ComparisonTerms(
            column=column,
            sick_full_weeks=Decimal(26 if column == "direct" else 0),
            sick_half_weeks=Decimal(26 if column == "direct" else 0),
            **{key: text for key, _ in ROWS},
            **numbers[column],
        )
        for column in ("contractor", "new-starters", "direct")
    ]
    day = datetime.date(2025, 4, 1)
    references = {
        "minimum-wage": SimpleNamespace(
            name="National Living Wage", hourly_rate=Decimal("12.21"), effective_from=day, age_note="", source="GOV.UK"
        ),
        "rlw-uk": SimpleNamespace(
            name="Real Living Wage (UK)", hourly_rate=Decimal("12.60"), effective_from=day, age_note="", source="LWF"
        ),
    }
    pay_point = PayPoint(
        scheme="njc", point="SCP 3", effective_from=day, annual_salary=Decimal("24796"), weekly_hours=Decimal("37")
    )
    analysis = analyse(
        comparison,
        terms=terms,
        references=references,
        pay_point=pay_point,
        labels=dict(ROWS) | dict(COLUMN_LABELS),
    )
    document = SimpleNamespace(title="Terms and conditions comparison: Cleaners")
    return render_document_template(
        "pdf/contracts/comparison_report.html", {"document": document, "comparison": comparison, "analysis": analysis}
    )


def _median_seconds(func, repeat: int) -> float:
    func()  # warm-up: fonts, template loading
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def run(repeat: int = 10) -> dict:
    from pypdf import PdfReader

    from insourcing.pdf import html_to_pdf

    pages = len(PdfReader(BytesIO(html_to_pdf(_report_html()))).pages)
    report = _median_seconds(lambda: html_to_pdf(_report_html()), repeat)
    floor = _median_seconds(lambda: html_to_pdf(FLOOR_HTML), repeat)
    ratio = report / floor
    return {
        "name": "comparison report PDF",
        "pages": pages,
        "report_median_s": round(report, 4),
        "floor_median_s": round(floor, 4),
        "ratio": round(ratio, 2),
        "goal": GOAL,
        "met": ratio <= GOAL,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(run())
