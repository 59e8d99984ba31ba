"""The survey list: table and filters for `insourcing.lists.ScopedListView`."""

import django_filters
import django_tables2 as tables

from insourcing.models import Branch

from .models import Survey


class SurveyTable(tables.Table):
    title = tables.Column(linkify=("surveys:survey_detail", {"pk": tables.A("pk")}), verbose_name="Survey")
    contract = tables.Column(accessor="contract__service", verbose_name="Contract")
    authority = tables.Column(accessor="contract__authority__name", verbose_name="Public authority")
    branch = tables.Column(accessor="contract__branch__name", verbose_name="Branch")
    status = tables.Column(verbose_name="Status")
    closes_on = tables.DateColumn(format="j F Y", verbose_name="Closes", default="not set")
    created_on = tables.DateColumn(format="j F Y", verbose_name="Created", visible=False)

    class Meta:
        model = Survey
        fields = []
        sequence = ("title", "contract", "authority", "branch", "status", "closes_on", "created_on")
        order_by = ["-created_on"]
        empty_text = "No surveys yet. To start one, open a contract and choose “Start a survey of this workforce”."


def _branches(request):
    return Branch.objects.for_user(request.user) if request else Branch.objects.none()


class SurveyFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    # By slug, so the branch page's "Surveys" link (`?branch=<slug>`) lands on the filtered list.
    branch = django_filters.ModelChoiceFilter(
        field_name="contract__branch", queryset=_branches, to_field_name="slug", label="Branch"
    )
    status = django_filters.ChoiceFilter(choices=Survey.Status.choices, empty_label="Any")

    class Meta:
        model = Survey
        fields = ["title", "branch", "status"]
