import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from insourcing.models import Branch

from .models import Contract, ContractRiskFlag, LeadIn, Provider, PublicAuthority, add_months, normalise_company_number
from .models.contracts import LEAD_IN_MONTHS


def _authorities(request):
    return PublicAuthority.objects.for_user(request.user) if request else PublicAuthority.objects.none()


def _branches(request):
    return Branch.objects.for_user(request.user) if request else Branch.objects.none()


class ContractFilter(django_filters.FilterSet):
    service = django_filters.CharFilter(
        label="Service contains", method="filter_service", help_text="Searches service, description and reference."
    )
    provider = django_filters.CharFilter(field_name="provider__name", lookup_expr="icontains", label="Provider")
    authority = django_filters.ModelChoiceFilter(queryset=_authorities, label="Public authority")
    ending_within = django_filters.NumberFilter(
        label="Ending within (months)", method="filter_ending_within", min_value=0, max_value=600
    )
    lead_in = django_filters.ChoiceFilter(
        label="Lead-in status", choices=LeadIn.choices, method="filter_lead_in", empty_label="Any"
    )
    has_campaign = django_filters.BooleanFilter(
        label="Has a campaign",
        method="filter_has_campaign",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    risk_flag = django_filters.ChoiceFilter(
        label="Risk flag", choices=ContractRiskFlag.Flag.choices, method="filter_risk_flag", empty_label="Any"
    )
    branch = django_filters.ModelChoiceFilter(queryset=_branches, label="Branch")

    class Meta:
        model = Contract
        fields = ["service", "provider", "authority", "ending_within", "lead_in", "has_campaign", "risk_flag", "branch"]

    def filter_service(self, queryset, name, value):
        return queryset.filter(
            Q(service__icontains=value) | Q(description__icontains=value) | Q(reference__icontains=value)
        )

    def filter_ending_within(self, queryset, name, value):
        return queryset.ending_within(months=int(value))

    def filter_risk_flag(self, queryset, name, value):
        return queryset.with_risk_flag(value)

    def filter_has_campaign(self, queryset, name, value):
        return queryset.with_campaign() if value else queryset.without_campaign()

    def filter_lead_in(self, queryset, name, value):
        today = timezone.localdate()
        if value == LeadIn.NO_CAMPAIGN:
            return queryset.in_lead_in(today=today).without_campaign()
        if value == LeadIn.CAMPAIGN:
            return queryset.in_lead_in(today=today).with_campaign()
        if value == LeadIn.LATER:
            return queryset.filter(end_date__gt=add_months(today, LEAD_IN_MONTHS))
        if value == LeadIn.ENDED:
            return queryset.ended(today=today)
        return queryset.filter(end_date__isnull=True)


class PublicAuthorityFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = PublicAuthority
        fields = ["name", "kind", "nation"]


class ProviderFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    company_number = django_filters.CharFilter(label="Companies House number", method="filter_company_number")

    class Meta:
        model = Provider
        fields = ["name", "kind", "company_number"]

    def filter_company_number(self, queryset, name, value):
        return queryset.filter(company_number=normalise_company_number(value))
