"""Django admin changelists for the same models, rows and columns as the app's list pages: the bench's anchors.

Issue 21 asks each list page to cost at most half the CPU of what a team would get for free: Django admin's
changelist of the same model, showing the same 50 rows and the same columns. This site exists only for `make bench`
(served by a second gunicorn with `bench.anchor_settings`, whose URLconf is `bench.anchor_urls`); the app neither
registers nor imports it.

How the anchors mirror the pages:
- rows: each ModelAdmin's queryset is the model's `for_user(request.user)` with the same `select_related`,
  annotations and prefetches as the list view, and the same ordering; 50 per page. The bench signs in as the same
  user on both servers (one session in the shared database), so both show the same rows;
- columns: `list_display` names the page's visible columns, with a small display method where the page shows a
  computed value (a contract's value with its basis, time left, lead-in badge), formatted with Django's own helpers,
  not the app's, so the anchor does not move when the pages are optimised;
- filters: the page's filter form becomes `list_filter` (choices, booleans, and the related objects the user can
  see) plus `search_fields` for its text filters, as an admin author would write them.
Read-only (view permission only), so no action checkboxes: the pages have none. Everything else is the admin's
default (header, breadcrumbs, navigation sidebar, result count).
"""

from django.contrib import admin
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from campaigns.models import Campaign
from contracts.models import Comparison, Contract, FoIRequest, LeadIn, Provider, PublicAuthority
from insourcing.models import Branch
from surveys.models import Survey


class AnchorSite(admin.AdminSite):
    site_header = "Benchmark anchors (Django admin)"
    site_title = "Benchmark anchors"

    def has_permission(self, request):
        # The app's officers and organisers are not staff; the anchor must show them what their list page shows.
        return request.user.is_active and request.user.is_authenticated


site = AnchorSite(name="anchor")


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = True  # the admin's default; the pages show "N of M" too

    def has_module_permission(self, request):
        return True

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def scoped(self, queryset, request):
        return queryset.for_user(request.user)


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "unknown"


def _number(value) -> str:
    return "unknown" if value is None else f"{value:,}"


def _scoped_related(field):
    """A related-object filter listing only the objects the user's rows point to (admin's RelatedOnly filter)."""
    return (field, admin.RelatedOnlyFieldListFilter)


@admin.register(Contract, site=site)
class ContractAnchor(ReadOnlyAdmin):
    list_display = [
        "service",
        "authority_name",
        "provider_name",
        "value_text",
        "end",
        "lead_in",
        "campaign",
        "staff",
        "members",
    ]
    list_filter = [_scoped_related("authority"), _scoped_related("branch")]
    search_fields = ["service", "description", "reference", "provider__name"]
    ordering = [F("end_date").asc(nulls_last=True), "pk"]

    def get_queryset(self, request):
        queryset = Contract.objects.select_related("authority", "provider", "branch").annotate_has_campaign()
        return self.scoped(queryset, request)

    @admin.display(description="Public authority", ordering="authority__name")
    def authority_name(self, obj):
        return obj.authority.name

    @admin.display(description="Provider", ordering="provider__name")
    def provider_name(self, obj):
        return obj.provider.name if obj.provider_id else "unknown"

    @admin.display(description="Value", ordering="value")
    def value_text(self, obj):
        if obj.value is None:
            return "unknown"
        basis = {"annual": " a year", "total": " in total"}.get(obj.value_basis, "")
        return f"£{obj.value:,.2f}{basis}"

    @admin.display(description="End date", ordering="end_date")
    def end(self, obj):
        months = obj.months_to_end()
        if months is None:
            return "unknown"
        left = "ended" if months < 0 else f"{months} months"
        return format_html('{}<br><span class="small">{}</span>', _date(obj.end_date), left)

    @admin.display(description="Lead-in (2 years)")
    def lead_in(self, obj):
        status = LeadIn(obj.lead_in_status(has_campaign=obj.has_campaign))
        return format_html('<span class="badge">{}</span>', status.label)

    @admin.display(description="Campaign", ordering="has_campaign")
    def campaign(self, obj):
        return "Yes" if obj.has_campaign else "No"

    @admin.display(description="Staff", ordering="staff_count")
    def staff(self, obj):
        return _number(obj.staff_count)

    @admin.display(description="Members", ordering="union_members")
    def members(self, obj):
        return _number(obj.union_members)


@admin.register(PublicAuthority, site=site)
class PublicAuthorityAnchor(ReadOnlyAdmin):
    list_display = ["name", "kind", "nation", "contract_count", "branch_name"]
    list_filter = ["kind", "nation"]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        queryset = PublicAuthority.objects.select_related("branch").annotate(contract_count=Count("contracts"))
        return self.scoped(queryset, request)

    @admin.display(description="Contracts", ordering="contract_count")
    def contract_count(self, obj):
        return obj.contract_count

    @admin.display(description="Branch", ordering="branch__name")
    def branch_name(self, obj):
        return obj.branch.name


@admin.register(Provider, site=site)
class ProviderAnchor(ReadOnlyAdmin):
    list_display = ["name", "kind", "company_number", "charity_number"]
    list_filter = ["kind"]
    search_fields = ["name", "company_number"]
    ordering = ["name"]

    def get_queryset(self, request):
        return self.scoped(Provider.objects.all(), request)


@admin.register(Branch, site=site)
class BranchAnchor(ReadOnlyAdmin):
    list_display = ["name", "region_name", "email", "phone"]
    list_filter = [_scoped_related("region")]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        return self.scoped(Branch.objects.select_related("region"), request)

    @admin.display(description="Region", ordering="region__name")
    def region_name(self, obj):
        return obj.region.name


@admin.register(FoIRequest, site=site)
class FoIRequestAnchor(ReadOnlyAdmin):
    list_display = ["reference", "authority_name", "branch_name", "subject", "status", "sent", "due"]
    list_filter = ["status", _scoped_related("authority"), _scoped_related("branch")]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self, request):
        return self.scoped(FoIRequest.objects.select_related("authority", "branch"), request)

    @admin.display(description="Authority", ordering="authority__name")
    def authority_name(self, obj):
        return obj.authority.name

    @admin.display(description="Branch", ordering="branch__name")
    def branch_name(self, obj):
        return obj.branch.name

    @admin.display(description="Sent", ordering="sent_on")
    def sent(self, obj):
        return _date(obj.sent_on)

    @admin.display(description="Reply due", ordering="due_on")
    def due(self, obj):
        return _date(obj.due_on)


@admin.register(Comparison, site=site)
class ComparisonAnchor(ReadOnlyAdmin):
    list_display = ["title", "contract_service", "authority", "provider", "as_at_text", "two_tier_text", "branch"]
    list_filter = ["two_tier"]
    search_fields = ["title", "contract__service"]
    ordering = ["contract", "title"]

    def get_queryset(self, request):
        queryset = Comparison.objects.select_related("contract__branch", "contract__authority", "contract__provider")
        return self.scoped(queryset, request)

    @admin.display(description="Contract", ordering="contract__service")
    def contract_service(self, obj):
        return obj.contract.service

    @admin.display(description="Authority", ordering="contract__authority__name")
    def authority(self, obj):
        return obj.contract.authority.name

    @admin.display(description="Contractor", ordering="contract__provider__name")
    def provider(self, obj):
        return obj.contract.provider.name if obj.contract.provider_id else "unknown"

    @admin.display(description="As at", ordering="as_at")
    def as_at_text(self, obj):
        return _date(obj.as_at)

    @admin.display(description="Two-tier", ordering="two_tier")
    def two_tier_text(self, obj):
        return "Yes" if obj.two_tier else "No"

    @admin.display(description="Branch", ordering="contract__branch__name")
    def branch(self, obj):
        return obj.contract.branch.name


@admin.register(Campaign, site=site)
class CampaignAnchor(ReadOnlyAdmin):
    list_display = ["name", "branch_name", "targets", "phase", "status", "open_rows", "overdue_rows"]
    list_filter = [_scoped_related("branch"), "phase", "status"]
    search_fields = ["name"]
    ordering = ["name", "pk"]

    def get_queryset(self, request):
        today = timezone.localdate()
        live = Q(plan_rows__is_draft=False, plan_rows__status__in=["todo", "doing"])
        queryset = (
            Campaign.objects.select_related("branch")
            .prefetch_related(Prefetch("target_contracts", queryset=Contract.objects.only("pk", "service")))
            .annotate(
                open_rows=Count("plan_rows", filter=live),
                overdue_rows=Count("plan_rows", filter=live & Q(plan_rows__deadline__lt=today)),
            )
        )
        return self.scoped(queryset, request)

    @admin.display(description="Branch", ordering="branch__name")
    def branch_name(self, obj):
        return obj.branch.name

    @admin.display(description="Target contracts")
    def targets(self, obj):
        return "; ".join(contract.service for contract in obj.target_contracts.all()) or "–"

    @admin.display(description="Open tasks", ordering="open_rows")
    def open_rows(self, obj):
        return obj.open_rows

    @admin.display(description="Overdue tasks", ordering="overdue_rows")
    def overdue_rows(self, obj):
        return obj.overdue_rows


@admin.register(Survey, site=site)
class SurveyAnchor(ReadOnlyAdmin):
    list_display = ["title", "contract_service", "authority", "branch", "status", "closes"]
    list_filter = ["status", _scoped_related("contract__branch")]
    search_fields = ["title"]
    ordering = ["-created_on", "-pk"]

    def get_queryset(self, request):
        return self.scoped(Survey.objects.select_related("contract__authority", "contract__branch"), request)

    @admin.display(description="Contract", ordering="contract__service")
    def contract_service(self, obj):
        return obj.contract.service

    @admin.display(description="Public authority", ordering="contract__authority__name")
    def authority(self, obj):
        return obj.contract.authority.name

    @admin.display(description="Branch", ordering="contract__branch__name")
    def branch(self, obj):
        return obj.contract.branch.name

    @admin.display(description="Closes", ordering="closes_on")
    def closes(self, obj):
        return _date(obj.closes_on) if obj.closes_on else "not set"
