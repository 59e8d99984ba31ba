"""FoI request pages. Thin: forms validate, `contracts.foi.services` acts, every object comes via get_for_user."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.register.models import Contract, FigureSource
from insourcing.access import get_for_user, user_can_edit
from insourcing.forms import WordingForm
from insourcing.lists import ScopedListView
from insourcing.models import Branch, GeneratedDocument
from insourcing.services import document_request, wording_reset, wording_save

from . import services
from .compose import Letter, compose
from .deadlines import due_date
from .documents import FOI_LETTER_KINDS
from .forms import (
    ContractAnswerFormSet,
    DeadlineForm,
    FoIEventForm,
    FoIFollowUpForm,
    FoIRepeatForm,
    FoIReplyForm,
    FoIRequestCreateForm,
    FoIRequestEditForm,
    FoISendForm,
    MotionCreateForm,
    MotionForm,
    NewContractFormSet,
    picker_from,
)
from .models import FoILetterTemplate, FoIRequest, InsourcingFirstMotion, LetterKind
from .tables import FoIRequestFilter, FoIRequestTable

Status = FoIRequest.Status


def _foi_queryset():
    return FoIRequest.objects.select_related("branch", "authority", "owner")


@login_required
@require_GET
def deadline_calculator(request):
    form = DeadlineForm(request.GET or None)
    deadline = None
    if form.is_valid():
        deadline = due_date(form.cleaned_data["received"], form.cleaned_data["nation"])
    return render(request, "contracts/foi/deadline.html", {"form": form, "deadline": deadline})


class FoIRequestListView(ScopedListView):
    model = FoIRequest
    table_class = FoIRequestTable
    filterset_class = FoIRequestFilter
    template_name = "contracts/foi/list.html"
    title = "FoI requests"
    intro = "Freedom of Information requests to the authorities that contract services out, and their replies."
    export_name = "foi-requests"

    def get_base_queryset(self):
        return FoIRequest.objects.select_related("authority", "branch")


@login_required
@require_http_methods(["GET", "POST"])
def foi_create(request):
    if not request.user.is_officer:
        raise PermissionDenied("Only branch officers can make FoI requests.")
    picker_data = _picker_data(request, QueryDict(mutable=True))
    contract_id = request.GET.get("contract", "")
    if request.method == "GET" and contract_id.isdigit():
        contract = get_for_user(Contract, request.user, edit=True, pk=int(contract_id))
        picker_data["authority"] = str(contract.authority_id)
        picker_data.setlist("contracts", [str(contract.pk)])
    saving = request.method == "POST" and "find" not in request.POST
    form = FoIRequestCreateForm(
        request.POST if saving else None, user=request.user, initial={"authority": picker_data.get("authority")}
    )
    if saving and form.is_valid():
        authority = form.cleaned_data["authority"]
        foi = services.foi_request_create(
            branch=authority.branch, authority=authority, contracts=form.cleaned_data["contracts"], user=request.user
        )
        messages.success(request, f"Draft {foi.reference} is ready. Check the letter, then send it.")
        return redirect("contracts:foi_edit", pk=foi.pk)
    picker = picker_from(picker_data, form.fields["contracts"].queryset, authorities=form.fields["authority"].queryset)
    return render(request, "contracts/foi/create.html", {"form": form, "picker": picker})


def _picker_data(request, default: QueryDict) -> QueryDict:
    """What the contract picker shows: the submitted form, htmx's GET of the current form, else `default`."""
    if request.method == "POST":
        return request.POST
    if request.headers.get("HX-Request") or "contract_search" in request.GET:
        return request.GET
    return default


def _detail(request, foi: FoIRequest, *, status: int = 200, **forms):
    today = timezone.localdate()
    can_edit = user_can_edit(foi, request.user)
    deadline, review_deadline = foi.deadline(), foi.review_deadline()
    context = {
        "foi": foi,
        "can_edit": can_edit,
        "today": today,
        "deadline": deadline,
        "progress": deadline.progress(today) if deadline else None,
        "review_deadline": review_deadline,
        "review_progress": review_deadline.progress(today) if review_deadline else None,
        "letter": compose(foi, LetterKind.REQUEST),
        # Each letter the request has (the request; a review or complaint once its wording is saved), for
        # the PDF and print buttons.
        "letters": [
            (kind, label)
            for kind, label, body in (
                (LetterKind.REQUEST, "Request", foi.body),
                (LetterKind.INTERNAL_REVIEW, "Internal review", foi.review_body),
                (LetterKind.COMPLAINT, "Complaint", foi.complaint_body),
            )
            if body
        ],
        "documents": GeneratedDocument.objects.for_source(foi)[:6],
        "repeats": foi.repeats.select_related("contract", "created_request"),
        "sources": FigureSource.objects.filter(
            contract__in=foi.contracts.all(), kind=FigureSource.Kind.FOI, detail__startswith=f"{foi.reference} "
        ).select_related("contract"),
        "awaiting": foi.status in (Status.SENT, Status.ACKNOWLEDGED, Status.OVERDUE, Status.CLARIFICATION),
    }
    if can_edit:
        context["send_form"] = forms.get("send_form") or FoISendForm(foi=foi)
        context["event_form"] = forms.get("event_form") or FoIEventForm(initial={"on": today})
        context["repeat_form"] = forms.get("repeat_form") or FoIRepeatForm(foi=foi)
    return render(request, "contracts/foi/detail.html", context, status=status)


@login_required
@require_GET
def foi_detail(request, pk):
    return _detail(request, get_for_user(_foi_queryset(), request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def foi_edit(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    if not foi.is_draft:
        messages.info(request, "This request has been sent, so its letter can no longer change.")
        return redirect(foi)
    current = QueryDict(mutable=True)
    current.setlist("contracts", [str(pk) for pk in foi.contracts.values_list("pk", flat=True)])
    picker_data = _picker_data(request, current)
    if request.method == "POST" and "find" in request.POST:
        # Finding contracts without JavaScript: show the list again and keep the letter as typed, unsaved.
        form = FoIRequestEditForm(
            instance=foi, initial={k: request.POST.get(k, "") for k in ("subject", "body", "asks")}
        )
    else:
        form = FoIRequestEditForm(request.POST or None, instance=foi)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, "Letter saved.")
            return redirect(foi)
    picker = picker_from(picker_data, form.fields["contracts"].queryset, authority=foi.authority)
    return render(request, "contracts/foi/edit.html", {"foi": foi, "form": form, "picker": picker})


@login_required
@require_POST
def foi_send(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    form = FoISendForm(request.POST, foi=foi)
    if not form.is_valid():
        return _detail(request, foi, send_form=form)
    try:
        foi = services.foi_request_send(
            foi=foi,
            user=request.user,
            method=form.cleaned_data["method"],
            sent_on=form.cleaned_data["sent_on"],
            received_on=form.cleaned_data["received_on"],
        )
    except services.FoIError as error:
        messages.error(request, str(error))
        return redirect(foi)
    due = foi.due_on
    if foi.sent_by == FoIRequest.SentBy.APP_EMAIL:
        messages.success(request, f"Sent to {foi.sent_to}. The reply is due by {due.day} {due:%B %Y}.")
    else:
        messages.success(request, f"Recorded as sent. The reply is due by {due.day} {due:%B %Y}.")
    return redirect(foi)


@login_required
@require_POST
def foi_event(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    form = FoIEventForm(request.POST)
    if not form.is_valid():
        return _detail(request, foi, event_form=form)
    try:
        services.foi_request_record_event(foi=foi, **form.cleaned_data)
    except services.FoIError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Recorded.")
    return redirect(foi)


@login_required
@require_http_methods(["GET", "POST"])
def foi_reply(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    if foi.is_draft:
        messages.info(request, "Send the request before recording a reply.")
        return redirect(foi)
    contracts = list(foi.contracts.select_related("authority").order_by("service", "pk"))
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    initial = {"outcome": foi.status if foi.status in FoIRequest.ANSWERS else "", "replied_on": foi.replied_on}
    form = FoIReplyForm(data, files, foi=foi, initial=initial)
    formset = ContractAnswerFormSet(data, contracts=contracts, prefix="answers")
    # Bound only when the page sent the rows, so a reply posted without them still records.
    new_data = data if data is not None and "new-TOTAL_FORMS" in data else None
    new_formset = NewContractFormSet(new_data, foi=foi, prefix="new")
    new_valid = not new_formset.is_bound or new_formset.is_valid()
    if request.method == "POST" and form.is_valid() and formset.is_valid() and new_valid:
        answers = [services.Answer(f.contract, f.answers()) for f in formset]
        new_contracts = [f.cleaned_data for f in new_formset if new_formset.is_bound and f.has_changed()]
        sources = services.foi_reply_record(
            foi=foi,
            user=request.user,
            outcome=form.cleaned_data["outcome"],
            replied_on=form.cleaned_data["replied_on"],
            reply_file=form.cleaned_data["reply_file"],
            exemptions_cited=form.cleaned_data["exemptions_cited"],
            notes=form.cleaned_data["notes"],
            answers=answers,
            new_contracts=new_contracts,
        )
        messages.success(request, _reply_message(foi, len(sources), len(new_contracts)))
        return redirect(foi)
    return render(
        request,
        "contracts/foi/reply.html",
        {"foi": foi, "form": form, "formset": formset, "new_formset": new_formset},
    )


def _reply_message(foi: FoIRequest, filled: int, added: int) -> str:
    """`filled` counts every figure now sourced to the request, on contracts it added as well as those it updated."""
    if filled == 1:
        text = f"Reply recorded. 1 figure in the register now names {foi.reference} as its source."
    elif filled:
        text = f"Reply recorded. {filled} figures in the register now name {foi.reference} as their source."
    else:
        text = "Reply recorded. It filled in no figures in the register."
    if added == 1:
        text += " 1 contract it names was added to the register."
    elif added:
        text += f" {added} contracts it names were added to the register."
    return text


@login_required
@require_GET
def foi_reply_download(request, pk):
    foi = get_for_user(FoIRequest, request.user, pk=pk)
    if not foi.reply_file:
        raise Http404("No reply file is attached.")
    name = PurePath(foi.reply_file.name).name.split("-", 1)[-1]
    return FileResponse(foi.reply_file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def foi_follow_up(request, pk, kind):
    """The internal review letter or the complaint to the regulator: edit, save, then record it as sent."""
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    review = kind == LetterKind.INTERNAL_REVIEW
    stored = foi.review_body if review else foi.complaint_body
    done = foi.review_requested_on if review else foi.complaint_made_on
    if foi.is_draft:
        messages.info(request, "Send the request first.")
        return redirect(foi)
    initial = {"body": stored or services.follow_up_body(foi, kind)}
    form = FoIFollowUpForm(request.POST or None, foi=foi, allow_email=review, complaint=not review, initial=initial)
    if request.method == "POST" and "save" in request.POST and not done:
        body = request.POST.get("body", "").strip()
        if body:
            services.foi_follow_up_save(foi=foi, kind=kind, body=body)
            messages.success(request, "Letter saved. Make a PDF or print it, then record it as sent.")
            return redirect(request.path)
        form.add_error("body", "The letter is empty.")
    elif request.method == "POST" and not done and form.is_valid():
        data = form.cleaned_data
        try:
            if review:
                services.foi_review_request(foi=foi, body=data["body"], method=data["method"], requested_on=data["on"])
            else:
                services.foi_complaint_record(foi=foi, body=data["body"], made_on=data["on"])
        except services.FoIError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Internal review requested." if review else "Complaint recorded.")
            return redirect(foi)
    return render(
        request,
        "contracts/foi/follow_up.html",
        {"foi": foi, "form": form, "kind": kind, "review": review, "stored": stored, "done": done},
    )


def _where_to_fill(foi: FoIRequest, kind: str) -> str:
    if kind == LetterKind.REQUEST:
        return reverse("contracts:foi_edit", kwargs={"pk": foi.pk}) if foi.is_draft else foi.get_absolute_url()
    name = "contracts:foi_review" if kind == LetterKind.INTERNAL_REVIEW else "contracts:foi_complaint"
    return reverse(name, kwargs={"pk": foi.pk})


def _letter_or_refusal(request, foi: FoIRequest, kind: str) -> Letter | HttpResponse:
    """The letter to print or make a PDF of; or, while it has placeholders, a redirect naming each to fill."""
    if kind not in FOI_LETTER_KINDS:
        raise Http404("No such letter.")
    if (kind == LetterKind.INTERNAL_REVIEW and not foi.review_body) or (
        kind == LetterKind.COMPLAINT and not foi.complaint_body
    ):
        messages.error(request, "Save the letter first.")
        return redirect(_where_to_fill(foi, kind) if user_can_edit(foi, request.user) else foi.get_absolute_url())
    letter = compose(foi, kind)
    if letter.unfilled:
        messages.error(request, f"Fill in {', '.join(letter.unfilled)} before printing or making a PDF.")
        return redirect(_where_to_fill(foi, kind) if user_can_edit(foi, request.user) else foi.get_absolute_url())
    return letter


@login_required
@require_POST
def foi_pdf(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    letter = _letter_or_refusal(request, foi, request.POST.get("letter", LetterKind.REQUEST))
    if isinstance(letter, HttpResponse):
        return letter
    document = document_request(
        kind=FOI_LETTER_KINDS[letter.kind], branch=foi.branch, user=request.user, source=foi, title=letter.title
    )
    return redirect("document_status", pk=document.pk)


@login_required
@require_GET
def foi_print(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, pk=pk)
    letter = _letter_or_refusal(request, foi, request.GET.get("letter", LetterKind.REQUEST))
    if isinstance(letter, HttpResponse):
        return letter
    return render(request, "contracts/foi/print.html", {"foi": foi, "letter": letter})


@login_required
@require_POST
def foi_repeat(request, pk):
    foi = get_for_user(_foi_queryset(), request.user, edit=True, pk=pk)
    form = FoIRepeatForm(request.POST, foi=foi)
    if not form.is_valid():
        return _detail(request, foi, repeat_form=form)
    try:
        repeat = services.foi_repeat_schedule(foi=foi, user=request.user, **form.cleaned_data)
    except services.FoIError as error:
        messages.error(request, str(error))
    else:
        when = repeat.scheduled_for
        messages.success(request, f"A new draft will be made on {when.day} {when:%B %Y}, and you will get an email.")
    return redirect(foi)


@login_required
@require_GET
def foi_letters(request):
    branches = Branch.objects.for_user(request.user).prefetch_related("foi_letter_templates")
    rows = [
        {
            "branch": branch,
            "can_edit": request.user.can_edit_branch(branch.pk),
            "kinds": [(kind, any(t.kind == kind for t in branch.foi_letter_templates.all())) for kind in LetterKind],
        }
        for branch in branches
    ]
    return render(request, "contracts/foi/letters.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def foi_letter_edit(request, slug, kind):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    if kind not in LetterKind.values:
        raise Http404("No such letter.")
    template = FoILetterTemplate.for_branch(branch, kind)
    if request.method == "POST" and "restore" in request.POST:
        wording_reset(model=FoILetterTemplate, branch=branch, keys=[kind])
        messages.success(request, "The guide's wording is back. New letters will use it.")
        return redirect("contracts:foi_letter_edit", slug=slug, kind=kind)
    form = WordingForm(request.POST or None, model=FoILetterTemplate, current={kind: template})
    if request.method == "POST" and form.is_valid():
        wording_save(model=FoILetterTemplate, branch=branch, wording=form.wording(), user=request.user)
        messages.success(request, "Saved. New letters from this branch will use this wording.")
        return redirect("contracts:foi_letters")
    return render(request, "contracts/foi/letter_edit.html", {"branch": branch, "form": form, "template": template})


@login_required
@require_GET
def motion_list(request):
    motions = InsourcingFirstMotion.objects.for_user(request.user).select_related("authority", "branch")
    form = MotionCreateForm(user=request.user) if request.user.is_officer else None
    return render(request, "contracts/foi/motions.html", {"motions": motions, "form": form})


@login_required
@require_POST
def motion_create(request):
    form = MotionCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        motions = InsourcingFirstMotion.objects.for_user(request.user).select_related("authority", "branch")
        return render(request, "contracts/foi/motions.html", {"motions": motions, "form": form})
    authority = form.cleaned_data["authority"]
    motion = services.motion_create(branch=authority.branch, authority=authority, user=request.user)
    messages.success(request, "Here is the guide's motion for this authority. Edit it as the branch needs.")
    return redirect(motion)


@login_required
@require_http_methods(["GET", "POST"])
def motion_edit(request, pk):
    motion = get_for_user(
        InsourcingFirstMotion.objects.select_related("authority", "branch"),
        request.user,
        edit=request.method == "POST",
        pk=pk,
    )
    can_edit = user_can_edit(motion, request.user)
    form = MotionForm(request.POST or None, instance=motion) if can_edit else None
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Motion saved.")
        return redirect(motion)
    documents = GeneratedDocument.objects.for_source(motion)[:3]
    return render(
        request,
        "contracts/foi/motion_edit.html",
        {"motion": motion, "form": form, "can_edit": can_edit, "documents": documents},
    )


@login_required
@require_POST
def motion_pdf(request, pk):
    motion = get_for_user(InsourcingFirstMotion.objects.select_related("branch"), request.user, edit=True, pk=pk)
    document = document_request(
        kind="insourcing_first_motion", branch=motion.branch, user=request.user, source=motion, title=motion.title
    )
    return redirect("document_status", pk=document.pk)
