from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from . import services
from .access import get_for_user, user_can_edit
from .filters import BranchFilter
from .forms import BranchForm
from .lists import ScopedListView
from .models import Branch, GeneratedDocument
from .tables import BranchTable

# The app holds members' personal data: no page of it belongs in a search index.
ROBOTS_TXT = "User-agent: *\nDisallow: /\n"


@require_safe
def robots_txt(request):
    """Also the benchmarks' floor: a view that touches no database, session or template."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers, link checkers and feed readers ask for /favicon.ico whatever the page links: send them to ours."""
    return redirect(static("favicon.svg"))


@login_required
def home(request):
    user = request.user
    if user.is_officer or user.is_organiser:
        return redirect("dashboard")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "insourcing/no_role.html")


class BranchListView(ScopedListView):
    model = Branch
    table_class = BranchTable
    filterset_class = BranchFilter
    title = "Branches"
    export_name = "branches"

    def get_base_queryset(self):
        return Branch.objects.select_related("region")


@login_required
@require_GET
def branch_detail(request, slug):
    branch = get_for_user(Branch.objects.select_related("region"), request.user, slug=slug)
    documents = GeneratedDocument.objects.filter(branch=branch, kind="branch_sheet")[:5]
    return render(
        request,
        "insourcing/branch_detail.html",
        {"branch": branch, "can_edit": user_can_edit(branch, request.user), "documents": documents},
    )


@login_required
@require_http_methods(["GET", "POST"])
def branch_edit(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    form = BranchForm(request.POST or None, instance=branch)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Branch details saved. Letters will use them from now on.")
        return redirect(branch)
    return render(request, "insourcing/branch_form.html", {"branch": branch, "form": form})


@login_required
@require_POST
def branch_sheet_request(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    document = services.document_request(
        kind="branch_sheet", branch=branch, user=request.user, source=branch, title=f"{branch.name} letterhead sheet"
    )
    messages.info(request, "Your PDF is being prepared. It will appear below when ready.")
    return redirect(reverse("document_status", kwargs={"pk": document.pk}))


@login_required
@require_GET
def document_status(request, pk):
    document = get_for_user(GeneratedDocument, request.user, pk=pk)
    template = "partials/document_status.html" if request.htmx else "insourcing/document_status.html"
    polls = request.GET.get("polls", "")
    polls = min(int(polls), 50) if polls.isdigit() else 0
    return render(request, template, {"document": document, **poll_after(polls)})


QUICK_POLLS = 8  # every 0.25 s for the first 2 s: a one-page letter is ready in about 0.5 to 1 s


def poll_after(polls: int) -> dict:
    """When the status fragment asks again: every 0.25 s for the first two seconds, so a letter's link shows
    within a quarter of a second of the PDF being ready (issue 16: under 1.5 s from click to link), then backing
    off to every 5 seconds, so a slow queue is not hammered: 0.25 s eight times, then 0.5, 1, 2, 4, 5 s."""
    if polls < QUICK_POLLS:
        return {"poll_delay_ms": 250, "poll_next": polls + 1}
    return {"poll_delay_ms": min(5000, 250 * 2 ** (polls - QUICK_POLLS + 1)), "poll_next": polls + 1}


@login_required
@require_GET
def document_download(request, pk):
    document = get_for_user(GeneratedDocument, request.user, pk=pk)
    if document.status != GeneratedDocument.Status.READY or not document.file:
        raise Http404("This document is not ready.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
