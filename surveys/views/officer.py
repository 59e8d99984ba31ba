"""Officers' pages: create a survey for a contract, edit its questions, open and close it, print the poster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.models import Contract
from insourcing.access import get_for_user, user_can_edit
from insourcing.lists import ScopedListView
from insourcing.models import GeneratedDocument
from insourcing.services import document_request

from .. import services
from ..contacts import ContactData, contact_hold
from ..documents import BILINGUAL, paper_kind
from ..forms import (
    CodesForm,
    ContactSlipForm,
    QuestionForm,
    SurveyCreateForm,
    SurveyForm,
    TranslationForm,
    TranslationLanguageForm,
)
from ..languages import BY_CODE, ENGLISH, SurveyText, all_strings, offered, translation_status
from ..member_forms import QuestionsForm
from ..models import Question, Response, Survey, question_numbers
from ..results import published_responses
from ..tables import SurveyFilter, SurveyTable


def _survey(request, pk, *, edit=False) -> Survey:
    return get_for_user(Survey.objects.with_names(), request.user, edit=edit, pk=pk)


def _question(request, pk, question_pk) -> Question:
    survey = _survey(request, pk, edit=True)
    question = survey.questions.filter(pk=question_pk, dropped=False).first()
    if question is None:
        raise Http404("No such question")
    return question


def _must_be_editable(request, survey) -> bool:
    if survey.is_editable:
        return True
    messages.error(request, "Questions can only be changed before the survey opens.")
    return False


class SurveyListView(ScopedListView):
    model = Survey
    table_class = SurveyTable
    filterset_class = SurveyFilter
    template_name = "surveys/survey_list.html"
    title = "Workforce surveys"
    intro = (
        "The guide's model survey (Appendix 2) on an anonymous link. To start one, open a contract and choose "
        "“Start a survey of this workforce”."
    )
    export_name = "surveys"

    def get_base_queryset(self):
        return Survey.objects.select_related("contract__authority", "contract__branch").order_by("-created_on", "-pk")


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request, contract_pk):
    contract = get_for_user(
        Contract.objects.select_related("branch", "authority", "provider"), request.user, edit=True, pk=contract_pk
    )
    form = SurveyCreateForm(request.POST if request.method == "POST" else None, contract=contract)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(contract=contract, user=request.user, campaign=form.cleaned_data["campaign"])
        messages.success(request, "Survey created with the guide's 13 questions. Check the wording, then open it.")
        return redirect(survey)
    return render(request, "surveys/survey_create.html", {"contract": contract, "form": form})


@login_required
@require_GET
def survey_detail(request, pk):
    survey = _survey(request, pk)
    member_url = request.build_absolute_uri(survey.member_path())
    short_url = request.build_absolute_uri(survey.short_path())
    posters = GeneratedDocument.objects.for_source(survey).filter(kind__startswith="survey_")[:6]
    questions = list(survey.questions.asked())
    live = offered(survey, questions)
    # Languages members can choose although some of their strings still show in English: said on the page, since
    # their posters and paper forms carry that English too.
    incomplete = [
        status
        for status in (translation_status(survey, questions, t) for t in live.values() if t is not None)
        if not status.complete
    ]
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "can_edit": user_can_edit(survey, request.user),
            "member_url": member_url,
            "short_url": short_url,
            # Published like the results: "fewer than 10" rather than a count of 1 to 9.
            "responses": published_responses(Response.objects.filter(survey=survey).count())[0],
            "posters": posters,
            "paper_choices": paper_choices(survey),
            "welsh_offered": "cy" in live,
            "incomplete": incomplete,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = _survey(request, pk, edit=True)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Survey settings saved.")
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"survey": survey, "form": form})


@login_required
@require_POST
def survey_open(request, pk):
    survey = _survey(request, pk, edit=True)
    services.survey_open(survey=survey)
    messages.success(request, "The survey is open. Share the link or print the poster.")
    return redirect(survey)


@login_required
@require_POST
def survey_close(request, pk):
    survey = _survey(request, pk, edit=True)
    services.survey_close(survey=survey)
    messages.success(request, "The survey is closed. The link now tells members it has closed.")
    return redirect(survey)


@login_required
@require_POST
def survey_new_link(request, pk):
    survey = _survey(request, pk, edit=True)
    services.survey_new_link(survey=survey)
    messages.success(request, "The old link is withdrawn and a new one issued. Print a new poster.")
    return redirect(survey)


@login_required
@require_POST
def survey_poster(request, pk):
    survey = _survey(request, pk, edit=True)
    survey.link_base = request.build_absolute_uri("/")
    survey.save(update_fields=["link_base"])
    bilingual = request.POST.get("bilingual") == "1"
    if bilingual and "cy" not in offered(survey, list(survey.questions.asked())):
        messages.error(request, "The Welsh translation is not offered to members yet, so there is no Welsh poster.")
        return redirect(survey)
    document = document_request(
        kind="survey_poster_bilingual" if bilingual else "survey_poster",
        branch=survey.contract.branch,
        user=request.user,
        source=survey,
        title=f"Poster{' (Welsh and English)' if bilingual else ''}: {survey.title}",
    )
    messages.info(request, "Your poster is being prepared.")
    return redirect(reverse("document_status", kwargs={"pk": document.pk}))


def language_label(language) -> str:
    """ "Welsh (Cymraeg)", but "English", not "English (English)"."""
    if language.name == language.english:
        return language.english
    return f"{language.english} ({language.name})"


def paper_choices(survey: Survey) -> list[tuple[str, str]]:
    """(document kind, label) for each paper questionnaire: each language members can choose, and bilingual."""
    live = offered(survey, list(survey.questions.asked()))
    choices = [(paper_kind((code,)), language_label(BY_CODE[code])) for code in live]
    if "cy" in live:
        choices.append((paper_kind(BILINGUAL), "Welsh and English on one form (Cymraeg / English)"))
    return choices


@login_required
@require_POST
def survey_paper_pdf(request, pk):
    """A printable questionnaire in one of the languages members can choose online (or Welsh and English)."""
    survey = _survey(request, pk, edit=True)
    choices = dict(paper_choices(survey))
    kind = request.POST.get("kind", "")
    if kind not in choices:
        messages.error(request, "Choose one of the languages offered: a language needs a complete translation first.")
        return redirect(survey)
    survey.link_base = request.build_absolute_uri("/")
    survey.save(update_fields=["link_base"])
    document = document_request(
        kind=kind,
        branch=survey.contract.branch,
        user=request.user,
        source=survey,
        title=f"Paper questionnaire, {choices[kind]}: {survey.title}",
    )
    messages.info(request, "Your paper questionnaire is being prepared.")
    return redirect(reverse("document_status", kwargs={"pk": document.pk}))


@login_required
@require_GET
def survey_questions(request, pk):
    survey = _survey(request, pk)
    questions = list(survey.questions.select_related("show_if_question").order_by("dropped", "page", "position", "pk"))
    numbers = question_numbers(questions)
    for question in questions:
        question.number = numbers.get(question.pk)
    return render(
        request,
        "surveys/questions.html",
        {"survey": survey, "questions": questions, "can_edit": user_can_edit(survey, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, pk):
    survey = _survey(request, pk, edit=True)
    if not _must_be_editable(request, survey):
        return redirect("surveys:survey_questions", pk=survey.pk)
    form = QuestionForm(request.POST or None, survey=survey, initial={"page": 1, "section": Question.Section.VIEWS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.question_add(
            survey=survey,
            kind=data["kind"],
            text=data["text"],
            options=data["options"],
            rows=data["rows"],
            page=data["page"],
            section=data["section"],
            required=data["required"],
            show_if=data["show_if"],
        )
        messages.success(request, "Question added.")
        return redirect("surveys:survey_questions", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"survey": survey, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    question = _question(request, pk, question_pk)
    survey = question.survey
    if not _must_be_editable(request, survey):
        return redirect("surveys:survey_questions", pk=survey.pk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.question_update(
            question=question,
            text=data["text"],
            options=data["options"],
            rows=data["rows"],
            page=data["page"],
            section=data["section"],
            required=data["required"],
            show_if=data["show_if"],
        )
        messages.success(request, "Question saved. Answers already given are kept.")
        return redirect("surveys:survey_questions", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"survey": survey, "form": form, "question": question})


@login_required
@require_POST
def question_move(request, pk, question_pk):
    question = _question(request, pk, question_pk)
    if _must_be_editable(request, question.survey):
        services.question_move(question=question, up=request.POST.get("direction") != "down")
    return redirect(reverse("surveys:survey_questions", kwargs={"pk": pk}) + f"#question-{question.pk}")


@login_required
@require_POST
def question_drop(request, pk, question_pk):
    question = _question(request, pk, question_pk)
    if _must_be_editable(request, question.survey):
        deleted = services.question_drop(question=question)
        messages.success(
            request, "Question removed." if deleted else "Question removed. Its answers stay in the results."
        )
    return redirect("surveys:survey_questions", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def survey_codes(request, pk):
    survey = _survey(request, pk, edit=True)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.codes_generate(survey=survey, count=form.cleaned_data["count"])
        messages.success(request, f"{count} new codes made. Print them and hand one to each person.")
        return redirect("surveys:survey_codes", pk=survey.pk)
    codes = list(survey.codes.filter(used=False).values_list("code", flat=True))
    used = survey.codes.filter(used=True).count()
    return render(request, "surveys/codes.html", {"survey": survey, "form": form, "codes": codes, "used": used})


@login_required
@require_http_methods(["GET", "POST"])
def survey_translations(request, pk):
    survey = _survey(request, pk)
    form = TranslationLanguageForm(request.POST or None)
    if request.method == "POST":
        survey = _survey(request, pk, edit=True)
        if form.is_valid():
            return redirect("surveys:translation_edit", pk=survey.pk, language=form.cleaned_data["language"])
    questions = list(survey.questions.asked())
    statuses = [translation_status(survey, questions, t) for t in survey.translations.all() if t.language in BY_CODE]
    return render(
        request,
        "surveys/translations.html",
        {"survey": survey, "form": form, "statuses": statuses, "can_edit": user_can_edit(survey, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, pk, language):
    survey = _survey(request, pk, edit=True)
    if language not in BY_CODE or language == "en":
        raise Http404("Not a language surveys can be translated into")
    existing = survey.translations.filter(language=language).first()
    questions = list(survey.questions.asked())
    sources = all_strings(survey, questions, language)
    status = translation_status(survey, questions, existing) if existing else None
    form = TranslationForm(
        request.POST or None,
        sources=sources,
        current=existing.strings if existing else {},
        stale={stale.key: stale for stale in status.stale} if status else {},
        initial={"live_when_incomplete": existing.live_when_incomplete if existing else False},
    )
    if request.method == "POST" and form.is_valid():
        saved = services.translation_save(
            survey=survey,
            language=language,
            strings=form.strings(),
            english=form.english(),
            live_when_incomplete=form.cleaned_data["live_when_incomplete"],
        )
        status = translation_status(survey, questions, saved)
        if status.complete:
            messages.success(request, f"{BY_CODE[language].english} translation saved. Members can choose it.")
        elif status.offered:
            messages.warning(
                request,
                f"{BY_CODE[language].english} translation saved. Members can choose it; "
                f"{status.falls_back} strings show in English.",
            )
        else:
            messages.info(
                request,
                f"{BY_CODE[language].english} translation saved. {status.falls_back} strings still need "
                "translating, so members cannot choose it yet.",
            )
        return redirect("surveys:survey_translations", pk=survey.pk)
    return render(
        request,
        "surveys/translation_form.html",
        {"survey": survey, "form": form, "language": BY_CODE[language], "status": status},
        status=400 if form.is_bound and form.errors else 200,
    )


def paper_answers(form: QuestionsForm, questions: list[Question]) -> tuple[list, list[Question]]:
    """A paper form's answers the online survey would have asked, and the questions answered that it would not.

    Someone who ticks "Roughly equal" and still writes at question 2 is not asked question 2 online; leaving it
    out keeps paper and online results comparable, but only once the officer has seen what goes (paper_response).
    """
    answers = form.answers()
    chosen = {}
    for answer in answers:
        if answer.choice is not None and answer.row is None:
            chosen.setdefault(answer.question_id, set()).add(answer.choice)
    page_of = {q.pk: q.page for q in questions}
    reached = set(page_of.values())
    asked = {q.pk for q in questions if q.shown_for(chosen, reached, page_of)}
    answered = {answer.question_id for answer in answers}
    return [a for a in answers if a.question_id in asked], [q for q in questions if q.pk in answered - asked]


def _would_drop(question: Question, numbers: dict, by_pk: dict) -> str:
    source = by_pk[question.show_if_question_id]
    picked = " or ".join(f"“{o['label']}”" for o in source.options if o["id"] in question.show_if_options)
    return (
        f"Question {numbers[question.pk]} is filled in, but it is asked only of those who ticked {picked} at "
        f"question {numbers[source.pk]}, and this form does not."
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_response(request, pk):
    """Key in one paper form. Stored exactly like an online answer (no note of who keyed it), marked paper."""
    survey = _survey(request, pk, edit=True)
    questions = list(survey.questions.asked().in_member_order())
    numbers = question_numbers(questions)
    form = QuestionsForm(
        request.POST or None,
        questions=questions,
        text=SurveyText(survey, ENGLISH),
        numbers=numbers,
        all_follow_ups=True,
        contact_fields=False,
    )
    refused, would_drop = [], []
    if request.method == "POST" and form.is_valid():
        kept, dropped = paper_answers(form, questions)
        if dropped and request.POST.get("confirm_drop") != "1":
            # Never drop what a member wrote without the officer seeing it: it may be a misread tick.
            by_pk = {q.pk: q for q in questions}
            would_drop = [_would_drop(q, numbers, by_pk) for q in dropped]
            refused = [(f"question-{q.pk}", message) for q, message in zip(dropped, would_drop, strict=True)]
    if request.method == "POST" and form.is_valid() and not refused:
        try:
            services.response_submit(
                survey=survey,
                answers=kept,
                contact=None,  # contact details come on the separate slip, keyed in at paper_contact
                source=Response.Source.PAPER,
            )
        except services.NothingAnswered:
            anchor = next(iter(form.visible_fields())).auto_id if form.fields else "main"
            refused = [
                (
                    anchor,
                    "Nothing is filled in on this form, so it was not saved. A blank paper form is not a response.",
                )
            ]
        else:
            messages.success(request, "Paper form saved. Enter the next one below.")
            return redirect("surveys:paper_response", pk=survey.pk)
    return render(
        request,
        "surveys/paper_form.html",
        {
            "survey": survey,
            "form": form,
            "blocks": form.blocks(),
            "would_drop": would_drop,
            "error_links": (form.error_links() if form.is_bound else []) + refused,
        },
        status=400 if form.is_bound and (form.errors or refused) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_contact(request, pk):
    """Key in one paper contact slip, apart from any questionnaire.

    It goes through the same sealed batches as contacts left online (contacts.contact_hold), so the branch sees it
    only among ten, shuffled, with nothing to pair it with the questionnaire it came in with.
    """
    survey = _survey(request, pk, edit=True)
    form = ContactSlipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact_hold(
            survey=survey,
            contact=ContactData(name=data["name"].strip(), email=data["email"].strip(), phone=data["phone"].strip()),
        )
        messages.success(request, "Contact slip saved. Enter the next one below.")
        return redirect("surveys:paper_contact", pk=survey.pk)
    return render(
        request,
        "surveys/paper_contact.html",
        {"survey": survey, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
