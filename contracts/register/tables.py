import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html

from contracts.templatetags.contracts_register import money, time_left, ukdate
from insourcing.exports import Kind

from .models import Contract, LeadIn, Provider, PublicAuthority

LEAD_IN_BADGES = {
    LeadIn.NO_CAMPAIGN: "text-bg-danger",
    LeadIn.CAMPAIGN: "text-bg-warning",
    LeadIn.ENDED: "text-bg-secondary",
    LeadIn.LATER: "text-bg-light border",
    LeadIn.UNKNOWN: "text-bg-light border",
}


class ContractTable(tables.Table):
    """The register. Columns render for the page; `value_*` methods give plain values for exports."""

    service = tables.Column(linkify=True, verbose_name="Contracted service")
    authority = tables.Column(accessor="authority__name", verbose_name="Public authority")
    provider = tables.Column(accessor="provider__name", verbose_name="Provider", default="unknown")
    value = tables.Column(verbose_name="Value", attrs={"td": {"class": "text-end"}}, exclude_from_export=True)
    end_date = tables.Column(verbose_name="End date", default="unknown")  # exports get an empty cell
    # Shown under the end date on the page (ten columns did not fit beside the filters at 1280 px); its own
    # column in exports.
    months_to_end = tables.Column(empty_values=(), orderable=False, verbose_name="Time left", visible=False)
    lead_in = tables.Column(
        empty_values=(), orderable=False, verbose_name="Lead-in (2 years)", attrs={"td": {"class": "lead-in-cell"}}
    )
    has_campaign = tables.BooleanColumn(verbose_name="Campaign", yesno="Yes,No")
    staff_count = tables.Column(verbose_name="Staff", default="unknown")
    union_members = tables.Column(verbose_name="Members", default="unknown")
    reference = tables.Column(visible=False)
    branch = tables.Column(accessor="branch__name", visible=False, verbose_name="Branch")
    # Exports only: the value as a number, in the column that names its basis.
    value_annual = tables.Column(accessor="value", visible=False, verbose_name="Value a year (£)")
    value_total = tables.Column(accessor="value", visible=False, verbose_name="Value in total (£)")
    value_unknown_basis = tables.Column(accessor="value", visible=False, verbose_name="Value, basis not known (£)")

    export_kinds = {
        "value_annual": Kind.MONEY,
        "value_total": Kind.MONEY,
        "value_unknown_basis": Kind.MONEY,
        "end_date": Kind.DATE,
        "months_to_end": Kind.INTEGER,
        "staff_count": Kind.INTEGER,
        "union_members": Kind.INTEGER,
    }
    export_headers = {"months_to_end": "Months left", "has_campaign": "Has a campaign"}

    class Meta:
        model = Contract
        fields = []
        sequence = (
            "service",
            "authority",
            "provider",
            "value",
            "value_annual",
            "value_total",
            "value_unknown_basis",
            "end_date",
            "months_to_end",
            "lead_in",
            "has_campaign",
            "staff_count",
            "union_members",
            "reference",
            "branch",
        )
        order_by = ["end_date"]
        empty_text = "No contracts match. Clear the filters or add a contract."

    def render_value(self, record):
        basis = {"annual": " a year", "total": " in total"}.get(record.value_basis, "")
        return f"{money(record.value)}{basis}"

    def _value_if(self, record, basis):
        return record.value if record.value_basis == basis else None

    def value_value_annual(self, record):
        return self._value_if(record, Contract.ValueBasis.ANNUAL)

    def value_value_total(self, record):
        return self._value_if(record, Contract.ValueBasis.TOTAL)

    def value_value_unknown_basis(self, record):
        return self._value_if(record, Contract.ValueBasis.UNKNOWN)

    def order_end_date(self, queryset, is_descending):
        # Unknown end dates last either way: after an import they would otherwise fill page 1.
        end = F("end_date").desc(nulls_last=True) if is_descending else F("end_date").asc(nulls_last=True)
        return queryset.order_by(end, "pk"), True

    def render_end_date(self, record):
        if record.end_date is None:
            return ukdate(None)
        left = time_left(record)
        return format_html('{}<br><span class="small text-body-secondary">{}</span>', ukdate(record.end_date), left)

    def render_months_to_end(self, record):
        return time_left(record)

    def value_months_to_end(self, record):
        return record.months_to_end()

    def render_lead_in(self, record):
        status = LeadIn(record.lead_in_status())
        return format_html('<span class="badge {}">{}</span>', LEAD_IN_BADGES[status], status.label)

    def value_lead_in(self, record):
        return LeadIn(record.lead_in_status()).label


class PublicAuthorityTable(tables.Table):
    name = tables.Column(linkify=True)
    contract_count = tables.Column(verbose_name="Contracts")
    branch = tables.Column(accessor="branch__name", verbose_name="Branch")
    export_kinds = {"contract_count": Kind.INTEGER}

    class Meta:
        model = PublicAuthority
        fields = ["name", "kind", "nation", "contract_count", "branch"]
        order_by = ["name"]


class ProviderTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Provider
        fields = ["name", "kind", "company_number", "charity_number"]
        order_by = ["name"]
