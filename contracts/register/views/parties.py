"""Public authorities (one record per branch) and providers (shared reference data, with their accounts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from insourcing.access import get_for_user, user_can_edit
from insourcing.lists import ScopedListView

from ..filters import ProviderFilter, PublicAuthorityFilter
from ..forms import SUGGESTIONS, FinancialsFormSet, ProviderForm, PublicAuthorityForm, error_summary, provider_label
from ..models import Contract, Provider, PublicAuthority
from ..ratios import account_ratios, front_line_from
from ..tables import ProviderTable, PublicAuthorityTable


class PublicAuthorityListView(ScopedListView):
    model = PublicAuthority
    table_class = PublicAuthorityTable
    filterset_class = PublicAuthorityFilter
    template_name = "contracts/party_list.html"
    title = "Public authorities"
    intro = "The councils, trusts, schools and other bodies that let your branches' contracts."
    export_name = "authorities"

    def get_base_queryset(self):
        return (
            PublicAuthority.objects.select_related("branch")
            .annotate(contract_count=Count("contracts"))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_add=self.request.user.is_officer, add_url="contracts:authority_create")
        context["add_label"] = "Add an authority"
        return context


class ProviderListView(ScopedListView):
    model = Provider
    table_class = ProviderTable
    filterset_class = ProviderFilter
    template_name = "contracts/party_list.html"
    title = "Providers"
    intro = "Contractors, shared by every branch. Companies House numbers are matched however they are written."
    export_name = "providers"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_add=self.request.user.is_officer, add_url="contracts:provider_create")
        context["add_label"] = "Add a provider"
        return context


@login_required
@require_GET
def authority_detail(request, pk):
    authority = get_for_user(PublicAuthority.objects.select_related("branch"), request.user, pk=pk)
    contracts = authority.contracts.select_related("provider").annotate_has_campaign()
    return render(
        request,
        "contracts/authority_detail.html",
        {"authority": authority, "contracts": contracts, "can_edit": user_can_edit(authority, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def authority_create(request):
    if not request.user.is_officer:
        raise PermissionDenied("Only branch officers can add authorities.")
    return _authority_form(request, PublicAuthority())


@login_required
@require_http_methods(["GET", "POST"])
def authority_edit(request, pk):
    return _authority_form(request, get_for_user(PublicAuthority, request.user, edit=True, pk=pk))


def _authority_form(request, authority):
    form = PublicAuthorityForm(request.POST or None, instance=authority, user=request.user)
    if request.method == "POST" and form.is_valid():
        authority = form.save()
        messages.success(request, f"Saved {authority.name}.")
        return redirect(authority)
    return render(request, "contracts/authority_form.html", {"form": form, "authority": authority})


@login_required
@require_GET
def provider_detail(request, pk):
    provider = get_for_user(Provider.objects.prefetch_related("financials"), request.user, pk=pk)
    # Providers are shared; their contracts are not: show only those in the reader's scope.
    contracts = list(
        Contract.objects.for_user(request.user)
        .filter(provider=provider)
        .select_related("authority")
        .prefetch_related("comparisons__terms")
    )
    # The director's pay against the newest pay comparison, among the reader's contracts with this provider.
    comparisons = sorted(
        (c for contract in contracts for c in contract.comparisons.all()), key=lambda c: (c.as_at, c.pk), reverse=True
    )
    return render(
        request,
        "contracts/provider_detail.html",
        {
            "provider": provider,
            "contracts": contracts,
            "ratios": account_ratios(provider.financials.all(), front_line_from(comparisons)),
            "can_edit": request.user.is_officer,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_create(request):
    if not request.user.is_officer:
        raise PermissionDenied("Only branch officers can add providers.")
    return _provider_form(request, Provider())


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request, pk):
    return _provider_form(request, get_for_user(Provider, request.user, edit=True, pk=pk))


def _provider_form(request, provider):
    data = request.POST if request.method == "POST" else None
    form = ProviderForm(data, instance=provider)
    financials = FinancialsFormSet(data, instance=provider, prefix="financials")
    if request.method == "POST":
        if form.is_valid() and financials.is_valid():
            with transaction.atomic():
                provider = form.save()
                financials.instance = provider
                financials.save()
            messages.success(request, f"Saved {provider.name}.")
            return redirect(provider)
        messages.error(request, "Nothing was saved: please correct the problems shown.")
    return render(
        request,
        "contracts/provider_form.html",
        {
            "form": form,
            "financials": financials,
            "provider": provider,
            "errors": error_summary(form, financials),
        },
    )


@login_required
@require_GET
def provider_search(request):
    """Suggestions for the contract form's provider box (htmx): names or Companies House numbers that match."""
    query = " ".join(request.GET.get("provider", "").split())[:100]
    providers = Provider.objects.for_user(request.user).matching(query)[:SUGGESTIONS] if len(query) >= 2 else []
    return render(
        request,
        "contracts/_provider_suggestions.html",
        {"labels": [provider_label(p) for p in providers]},
    )
