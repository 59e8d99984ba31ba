"""Terms and conditions comparisons: per contract, with reference rates, the gap in money and a PDF report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.register.models import Contract
from insourcing.access import get_for_user, user_can_edit
from insourcing.forms import WordingForm
from insourcing.lists import ScopedListView
from insourcing.models import Branch, GeneratedDocument
from insourcing.services import wording_for, wording_save

from . import services
from .analysis import load_analysis
from .forms import (
    ComparisonForm,
    PayPointForm,
    PayPointImportForm,
    TermsForm,
    error_summary,
)
from .models import Comparison, ComparisonTerms, ComparisonWording, PayPoint, ReferenceRate
from .tables import ComparisonFilter, ComparisonTable

COMPARISON_RELATED = ("contract__branch", "contract__authority", "contract__provider")


def contract_url(contract: Contract) -> str | None:
    """The contract's page, once the register's views are installed."""
    try:
        return contract.get_absolute_url()
    except NoReverseMatch:
        return None


class ComparisonListView(ScopedListView):
    model = Comparison
    table_class = ComparisonTable
    filterset_class = ComparisonFilter
    template_name = "contracts/comparisons/comparison_list.html"
    title = "Terms and conditions comparisons"
    intro = (
        "Contractor staff's terms set against those of comparable staff directly employed by the public "
        "authority: what the workforce has to gain from insourcing."
    )
    export_name = "comparisons"

    def get_base_queryset(self):
        return Comparison.objects.select_related(*COMPARISON_RELATED)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add_comparison=self.request.user.is_officer, **kwargs)


def _created(request, contract, form):
    """Both ways to add a comparison (from its contract, or from the list with the contract chosen) end here."""
    comparison = services.comparison_create(contract=contract, user=request.user, **form.comparison_fields())
    messages.success(request, "Comparison created. Now fill in each side's terms.")
    return redirect("contracts:comparison_edit", pk=comparison.pk)


@login_required
@require_http_methods(["GET", "POST"])
def comparison_new(request):
    """ "Add a comparison" on the comparison list: the contract is the form's first field."""
    contracts = Contract.objects.editable_by(request.user)
    if not contracts.exists():
        raise PermissionDenied
    form = ComparisonForm(request.POST or None, branch=None, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        return _created(request, form.cleaned_data["contract"], form)
    return render(
        request,
        "contracts/comparisons/comparison_form.html",
        {"form": form, "contract": None, "terms_forms": [], "errors": error_summary(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comparison_create(request, contract_pk):
    contract = get_for_user(Contract.objects.select_related("branch"), request.user, edit=True, pk=contract_pk)
    form = ComparisonForm(
        request.POST or None,
        branch=contract.branch,
        contract=contract,
        initial={"two_tier": contract.two_tier == "yes", "title": contract.service},
    )
    if request.method == "POST" and form.is_valid():
        return _created(request, contract, form)
    return render(
        request,
        "contracts/comparisons/comparison_form.html",
        {
            "form": form,
            "contract": contract,
            "contract_url": contract_url(contract),
            "terms_forms": [],
            "errors": error_summary(form),
        },
    )


@login_required
@require_GET
def comparison_detail(request, pk):
    comparison = get_for_user(Comparison.objects.select_related(*COMPARISON_RELATED), request.user, pk=pk)
    return render(
        request,
        "contracts/comparisons/comparison_detail.html",
        {
            "comparison": comparison,
            "analysis": load_analysis(comparison),
            "can_edit": user_can_edit(comparison, request.user),
            "contract_url": contract_url(comparison.contract),
            "documents": GeneratedDocument.objects.for_source(comparison)[:5],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comparison_edit(request, pk):
    comparison = get_for_user(Comparison.objects.select_related(*COMPARISON_RELATED), request.user, edit=True, pk=pk)
    branch = comparison.contract.branch
    labels = ComparisonWording.objects.labels(branch)
    data = request.POST if request.method == "POST" else None
    form = ComparisonForm(data, instance=comparison, branch=branch)
    existing = {t.column: t for t in comparison.terms.all()}
    headings = {
        ComparisonTerms.Column.CONTRACTOR: f"{labels['contractor']} / {labels['tupe']}",
        ComparisonTerms.Column.NEW_STARTERS: labels["new-starters"],
        ComparisonTerms.Column.DIRECT: labels["direct"],
    }
    terms_forms = [
        TermsForm(
            data,
            instance=existing.get(column) or ComparisonTerms(comparison=comparison, column=column),
            prefix=column,
            labels=labels,
            heading=headings[column],
        )
        for column in ComparisonTerms.Column.values
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in terms_forms):
        services.comparison_update(
            comparison=comparison,
            fields=form.comparison_fields(),
            terms={f.prefix: f.cleaned_data for f in terms_forms},
        )
        messages.success(request, "Comparison saved.")
        return redirect(comparison)
    return render(
        request,
        "contracts/comparisons/comparison_form.html",
        {
            "form": form,
            "terms_forms": terms_forms,
            "comparison": comparison,
            "contract": comparison.contract,
            "contract_url": contract_url(comparison.contract),
            "text_fields": ComparisonTerms.TEXT_FIELDS,
            "errors": error_summary(form, *terms_forms),
        },
    )


@login_required
@require_POST
def comparison_delete(request, pk):
    comparison = get_for_user(Comparison.objects.select_related("contract"), request.user, edit=True, pk=pk)
    contract = comparison.contract
    comparison.delete()
    messages.success(request, f"Comparison “{comparison.title}” deleted.")
    return redirect(contract_url(contract) or reverse("contracts:comparison_list"))


@login_required
@require_POST
def comparison_report(request, pk):
    comparison = get_for_user(Comparison.objects.select_related("contract__branch"), request.user, edit=True, pk=pk)
    document = services.comparison_document_request(comparison=comparison, user=request.user, kind="comparison_report")
    messages.info(request, "Your report is being prepared. The download link appears here when it is ready.")
    return redirect(document)


@login_required
@require_POST
def comparison_leaflet_pdf(request, pk):
    comparison = get_for_user(Comparison.objects.select_related("contract__branch"), request.user, edit=True, pk=pk)
    document = services.comparison_document_request(comparison=comparison, user=request.user, kind="comparison_leaflet")
    messages.info(request, "Your leaflet is being prepared. The download link appears here when it is ready.")
    return redirect(document)


@login_required
@require_GET
def comparison_leaflet(request, pk):
    comparison = get_for_user(Comparison.objects.select_related(*COMPARISON_RELATED), request.user, pk=pk)
    return render(
        request,
        "contracts/comparisons/comparison_leaflet.html",
        {
            "comparison": comparison,
            "analysis": load_analysis(comparison),
            "can_edit": user_can_edit(comparison, request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comparison_wording(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    form = WordingForm(
        request.POST or None, model=ComparisonWording, current=wording_for(model=ComparisonWording, branch=branch)
    )
    if request.method == "POST" and form.is_valid():
        wording_save(model=ComparisonWording, branch=branch, wording=form.wording(), user=request.user)
        messages.success(request, "Wording saved. Every comparison of the branch uses it from now on.")
        return redirect("contracts:comparison_wording", slug=branch.slug)
    return render(
        request,
        "contracts/comparisons/wording_form.html",
        {"branch": branch, "form": form, "errors": error_summary(form)},
    )


@login_required
@require_GET
def reference_rates(request):
    editable = Branch.objects.editable_by(request.user)
    return render(
        request,
        "contracts/comparisons/reference_rates.html",
        {
            "rates": ReferenceRate.objects.all(),
            "pay_points": PayPoint.objects.for_user(request.user).select_related("branch"),
            "can_edit": editable.exists(),
            "wording_branches": editable,
        },
    )


def _editable_branches(user):
    branches = Branch.objects.editable_by(user)
    if not branches.exists():
        raise PermissionDenied("Only branch officers can record pay points.")
    return branches


@login_required
@require_http_methods(["GET", "POST"])
def pay_point_create(request):
    form = PayPointForm(request.POST or None, branches=_editable_branches(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Pay point {form.instance} saved.")
        return redirect("contracts:reference_rates")
    return render(request, "contracts/comparisons/pay_point_form.html", {"form": form, "errors": error_summary(form)})


@login_required
@require_http_methods(["GET", "POST"])
def pay_point_edit(request, pk):
    pay_point = get_for_user(PayPoint, request.user, edit=True, pk=pk)
    form = PayPointForm(request.POST or None, instance=pay_point, branches=Branch.objects.editable_by(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Pay point {pay_point} saved.")
        return redirect("contracts:reference_rates")
    return render(
        request,
        "contracts/comparisons/pay_point_form.html",
        {"form": form, "pay_point": pay_point, "errors": error_summary(form)},
    )


@login_required
@require_POST
def pay_point_delete(request, pk):
    pay_point = get_for_user(PayPoint, request.user, edit=True, pk=pk)
    pay_point.delete()
    messages.success(request, f"Pay point {pay_point} deleted.")
    return redirect("contracts:reference_rates")


@login_required
@require_http_methods(["GET", "POST"])
def pay_point_import(request):
    form = PayPointImportForm(request.POST or None, request.FILES or None, branches=_editable_branches(request.user))
    if request.method == "POST" and form.is_valid():
        created, updated = services.pay_points_import(branch=form.cleaned_data["branch"], rows=form.rows)
        messages.success(request, f"Pay points imported: {created} new, {updated} updated.")
        return redirect("contracts:reference_rates")
    return render(request, "contracts/comparisons/pay_point_import.html", {"form": form, "errors": error_summary(form)})
