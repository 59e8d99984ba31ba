import django_filters
import django_tables2 as tables

from .models import Comparison


class ComparisonTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="Comparison")
    contract = tables.Column(accessor="contract__service", verbose_name="Contract")
    authority = tables.Column(accessor="contract__authority__name", verbose_name="Authority")
    provider = tables.Column(accessor="contract__provider__name", verbose_name="Contractor", default="unknown")
    as_at = tables.DateColumn(format="j F Y", verbose_name="As at")
    two_tier = tables.BooleanColumn(verbose_name="Two-tier", yesno="Yes,No")
    branch = tables.Column(accessor="contract__branch__name", verbose_name="Branch")

    class Meta:
        model = Comparison
        fields = ["title", "contract", "authority", "provider", "as_at", "two_tier", "branch"]
        order_by = ["contract", "title"]


class ComparisonFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Job role contains")
    contract = django_filters.CharFilter(
        field_name="contract__service", lookup_expr="icontains", label="Contracted service contains"
    )
    two_tier = django_filters.BooleanFilter(label="Two-tier workforce")

    class Meta:
        model = Comparison
        fields = ["title", "contract", "two_tier"]
