"""Workflows for comparisons: create and save a comparison with its columns, branch wording, pay points."""

from django.db import transaction

from contracts.register.models import Contract
from insourcing.models import Branch, GeneratedDocument, User
from insourcing.services import document_request

from .models import (
    Comparison,
    ComparisonTerms,
    PayPoint,
)
from .paypoints import PayPointRow


@transaction.atomic
def comparison_create(*, contract: Contract, user: User | None, **fields) -> Comparison:
    """A comparison with an empty column for each side, so a later two-tier split loses nothing."""
    comparison = Comparison.objects.create(contract=contract, created_by=user, **fields)
    ComparisonTerms.objects.bulk_create(
        ComparisonTerms(comparison=comparison, column=column) for column in ComparisonTerms.Column.values
    )
    return comparison


@transaction.atomic
def comparison_update(*, comparison: Comparison, fields: dict, terms: dict[str, dict]) -> Comparison:
    for name, value in fields.items():
        setattr(comparison, name, value)
    comparison.save()
    for column, values in terms.items():
        ComparisonTerms.objects.update_or_create(comparison=comparison, column=column, defaults=values)
    return comparison


@transaction.atomic
def pay_points_import(*, branch: Branch, rows: list[PayPointRow]) -> tuple[int, int]:
    """Create or update each pay point by scheme, point and date; returns (created, updated)."""
    created = updated = 0
    for row in rows:
        _, was_created = PayPoint.objects.update_or_create(
            branch=branch,
            scheme=row.scheme,
            point=row.point,
            effective_from=row.effective_from,
            defaults={"annual_salary": row.annual_salary, "weekly_hours": row.weekly_hours, "source": row.source},
        )
        created += was_created
        updated += not was_created
    return created, updated


def comparison_document_request(*, comparison: Comparison, user: User, kind: str) -> GeneratedDocument:
    title = {
        "comparison_report": f"Terms and conditions comparison: {comparison.title}",
        "comparison_leaflet": f"What you would gain in-house: {comparison.title}",
    }[kind]
    return document_request(kind=kind, branch=comparison.contract.branch, user=user, source=comparison, title=title)
