"""Filters every endpoint shares: `branch` (a branch slug) and `updated_since` (an ISO 8601 date-time).

A branch outside the caller's scope is not an error: the list is empty, as if the branch had nothing.
"""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from campaigns.models import Campaign, MembershipSnapshot, PlanRow
from contracts.models import Contract, FoIRequest
from surveys.models import Response, Survey

BRANCH_HELP = "Only this branch (its slug, e.g. demo-city). A branch you cannot read gives an empty list."


class UtcIsoDateTimeField(IsoDateTimeField):
    """In UTC before it reaches the database: PostgreSQL refuses offsets beyond ±15:59 (found by schemathesis)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError("Give a date and time between the years 1 and 9999.") from None


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def _branch(path: str):
    return django_filters.CharFilter(field_name=f"{path}__slug", help_text=BRANCH_HELP)


def _updated_since(field: str = "updated_at"):
    return UpdatedSinceFilter(
        field_name=field, lookup_expr="gte", help_text="Only records changed at or after this time (ISO 8601)."
    )


class ContractFilter(django_filters.FilterSet):
    branch = _branch("branch")
    updated_since = _updated_since()

    class Meta:
        model = Contract
        fields = ["branch", "updated_since"]


class CampaignFilter(django_filters.FilterSet):
    branch = _branch("branch")
    updated_since = UpdatedSinceFilter(
        method="filter_updated_since",
        help_text=(
            "Only campaigns changed, or with a plan row changed or membership figures taken, at or after this "
            "time (ISO 8601)."
        ),
    )

    class Meta:
        model = Campaign
        fields = ["branch", "updated_since"]

    def filter_updated_since(self, queryset, name, value):
        rows = PlanRow.objects.filter(campaign=OuterRef("pk"), updated_at__gte=value)
        snapshots = MembershipSnapshot.objects.filter(campaign=OuterRef("pk"), taken_on__gte=timezone.localdate(value))
        return queryset.filter(Q(updated_at__gte=value) | Exists(rows) | Exists(snapshots))


class PlanRowFilter(django_filters.FilterSet):
    branch = _branch("campaign__branch")
    updated_since = _updated_since()
    # A number, not a choice of campaigns: "no such choice" would tell a caller which ids exist elsewhere.
    campaign = django_filters.NumberFilter(field_name="campaign_id", help_text="Only this campaign's rows (its id).")
    overdue = django_filters.BooleanFilter(method="filter_overdue", help_text="Only rows past their deadline.")

    class Meta:
        model = PlanRow
        fields = ["branch", "updated_since", "campaign", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = PlanRow.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class FoIRequestFilter(django_filters.FilterSet):
    branch = _branch("branch")
    updated_since = _updated_since()
    status = django_filters.ChoiceFilter(choices=FoIRequest.Status.choices)

    class Meta:
        model = FoIRequest
        fields = ["branch", "updated_since", "status"]


class SurveyFilter(django_filters.FilterSet):
    branch = _branch("contract__branch")
    updated_since = UpdatedSinceFilter(
        method="filter_updated_since",
        help_text=(
            "Only surveys changed at or after this time, or answered on or after its date in UK time (ISO 8601; "
            "answers carry only a date)."
        ),
    )
    status = django_filters.ChoiceFilter(choices=Survey.Status.choices)

    class Meta:
        model = Survey
        fields = ["branch", "updated_since", "status"]

    def filter_updated_since(self, queryset, name, value):
        # Answers carry only their week (anonymity), so they count in whole weeks; the survey's own changes to the
        # second.
        day = timezone.localdate(value)
        week = day - datetime.timedelta(days=day.weekday())
        answered = Response.objects.filter(survey=OuterRef("pk"), submitted_on__gte=week)
        return queryset.filter(Q(updated_at__gte=value) | Exists(answered))
