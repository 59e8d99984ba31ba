"""The campaign list: table and filters for `insourcing.lists.ScopedListView`."""

import django_filters
import django_tables2 as tables
from django.utils.html import format_html

from insourcing.exports import Kind
from insourcing.models import Branch

from .models import Campaign


class CampaignTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Campaign")
    branch = tables.Column(accessor="branch__name", verbose_name="Branch")
    target_contracts = tables.Column(empty_values=(), orderable=False, verbose_name="Target contracts")
    phase = tables.Column(verbose_name="Phase")
    status = tables.Column(verbose_name="Status")
    open_rows = tables.Column(verbose_name="Open tasks")
    overdue_rows = tables.Column(verbose_name="Overdue tasks")
    started_on = tables.DateColumn(format="j F Y", verbose_name="Started", visible=False)

    export_kinds = {"open_rows": Kind.INTEGER, "overdue_rows": Kind.INTEGER}

    class Meta:
        model = Campaign
        fields = []
        sequence = ("name", "branch", "target_contracts", "phase", "status", "open_rows", "overdue_rows")
        order_by = ["name"]
        empty_text = "No campaigns yet. Start one from a contract's page or with “Start a campaign”."

    def render_target_contracts(self, record):
        return self.value_target_contracts(record) or "–"

    def value_target_contracts(self, record):
        return "; ".join(contract.service for contract in record.target_contracts.all())

    def render_overdue_rows(self, value):
        return format_html('<span class="status-overdue">{}</span>', value) if value else "0"

    def value_overdue_rows(self, record):
        return record.overdue_rows


def _branches(request):
    return Branch.objects.for_user(request.user) if request else Branch.objects.none()


class CampaignFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    # By slug, so the branch page's "Campaigns" link (`?branch=<slug>`) lands on the filtered list.
    branch = django_filters.ModelChoiceFilter(queryset=_branches, to_field_name="slug", label="Branch")
    phase = django_filters.ChoiceFilter(choices=Campaign.Phase.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices, empty_label="Any")

    class Meta:
        model = Campaign
        fields = ["name", "branch", "phase", "status"]
