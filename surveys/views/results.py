"""Results for officers and the region's organisers; contact details for the branch's officers only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from insourcing.access import get_for_user, user_can_edit
from insourcing.exports import Column, csv_response, spreadsheet_download

from ..contacts import BATCH, contacts_waiting
from ..models import Answer, Question, Survey, SurveyContact, question_numbers
from ..results import CROSSTAB_KINDS, default_pairs, survey_results, written_answers_shown


def _survey(request, pk, *, edit=False) -> Survey:
    return get_for_user(Survey.objects.with_names(), request.user, edit=edit, pk=pk)


def _results(survey: Survey, request=None):
    """Live results from the answers, or the saved snapshot once the raw answers have been deleted.

    Returns (results, the questions the cross-tab picker offers, the (rows, columns) question ids it shows chosen).
    """
    if survey.raw_deleted_on:
        snapshot = getattr(survey, "snapshot", None)
        return snapshot.data if snapshot else None, [], (None, None)
    numbers = question_numbers(survey.questions.all())
    questions = sorted(
        survey.questions.filter(kind__in=CROSSTAB_KINDS, dropped=False), key=lambda q: numbers.get(q.pk, 0)
    )
    for question in questions:
        question.number = numbers.get(question.pk)
    pairs = None
    by_id = {str(q.pk): q for q in questions}
    rows, columns = (request.GET.get("rows"), request.GET.get("columns")) if request else (None, None)
    if rows in by_id and columns in by_id and rows != columns:
        pairs = [(by_id[rows], by_id[columns])]
    results = survey_results(survey, pairs=pairs)
    # The picker shows the first table on the page, never a question by itself (which is no table at all).
    first = (pairs or default_pairs(questions) or [(None, None)])[0]
    if first[0] is None and len(questions) > 1:
        first = (questions[0], questions[1])
    picked = tuple(q.pk if q is not None else None for q in first)
    return results, questions, picked


@login_required
@require_GET
def survey_results_page(request, pk):
    survey = _survey(request, pk)
    results, crosstab_questions, (picked_rows, picked_columns) = _results(survey, request)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": results,
            "crosstab_questions": crosstab_questions,
            "picked_rows": picked_rows,
            "picked_columns": picked_columns,
            "can_edit": user_can_edit(survey, request.user),
        },
    )


@login_required
@require_GET
def text_answers(request, pk, question_pk):
    """Free-text answers of one question, alphabetically (never in the order they arrived), 50 a page.

    Also the details written with one answer of a choice question (a union official's post), which are read
    nowhere else; like every count, they stay hidden while there are fewer than 10 responses.
    """
    survey = _survey(request, pk)
    written = Q(kind__in=Question.TEXT_KINDS) | Q(detail_option__isnull=False)
    question = Question.objects.filter(written, survey=survey, pk=question_pk).first()
    if question is None:
        raise Http404("No such question")
    shown = written_answers_shown(survey)  # one count of responses decides both what follows
    if question.detail_option and not shown:
        raise Http404("Written details stay hidden until there are 10 responses")
    answers = Answer.objects.filter(question=question).exclude(text="").order_by("text").values_list("text", flat=True)
    page = Paginator(answers if shown else Answer.objects.none(), 50).get_page(request.GET.get("page"))
    detail_label = question.option_label(question.detail_option) if question.detail_option else ""
    context = {"survey": survey, "question": question, "page_obj": page, "detail_label": detail_label, "shown": shown}
    return render(request, "surveys/text_answers.html", context)


@login_required
@require_GET
def survey_export(request, pk):
    survey = _survey(request, pk)
    return render(request, "surveys/export.html", {"survey": survey})


@spreadsheet_download("csv")
@login_required
@require_GET
def survey_export_csv(request, pk):
    """The published (suppressed) results as CSV: never raw rows, which could identify people in small groups."""
    survey = _survey(request, pk)
    results, _, _ = _results(survey)
    if results is None:
        raise Http404("No results")
    data = results if isinstance(results, dict) else results.as_json()
    return csv_response(EXPORT_COLUMNS, _export_rows(data), f"survey-{survey.pk}-results.csv")


# "count" holds a number or the word "hidden" for a suppressed small group (never an empty cell, which would read
# as no data), so it is text here; CSV has no cell types anyway.
EXPORT_COLUMNS = [
    Column("table"),
    Column("question"),
    Column("row"),
    Column("answer"),
    Column("count"),
    Column("percent of responses"),
]


HIDDEN = "hidden"


def _cell(table, question, row, column, cell) -> list:
    count = HIDDEN if cell["count"] is None else cell["count"]
    percent = "" if cell["percent"] is None else cell["percent"]
    return [table, question, row, column, count, percent]


def _numbered(number, text: str) -> str:
    """A question as the pages show it: "7. Text" (a removed question, or an old snapshot's table, has no number)."""
    return f"{number}. {text}" if number else text


def _export_rows(data: dict):
    yield ["responses", "All responses", "", "", data["responses"], ""]
    for question in data["questions"]:
        name = _numbered(question.get("number"), question["text"]) if not question.get("dropped") else question["text"]
        for cell in question["cells"]:
            yield _cell("question", name, "", cell["label"], cell)
        for line in question["lines"]:
            for column, cell in zip(question["columns"], line["cells"], strict=True):
                yield _cell("matrix", name, line["label"], column, cell)
    for table in data["crosstabs"]:
        rows = _numbered(table.get("row_number"), table["row_question"])
        name = f"{rows} BY {_numbered(table.get('column_number'), table['column_question'])}"
        columns = [*table["columns"], "Total"]
        for line in table["lines"]:
            for column, cell in zip(columns, line["cells"], strict=True):
                yield _cell("crosstab", name, line["label"], column, cell)
        for column, cell in zip(columns, table["totals"], strict=True):
            yield _cell("crosstab", name, "Total", column, cell)


def _join_question(survey: Survey) -> dict:
    """The question contacts came from, as members saw it: its number, text and "Yes" answer (it can be reworded,
    moved or added to, so never "question 13")."""
    questions = list(survey.questions.in_member_order())
    join = next((q for q in questions if q.kind == Question.Kind.JOIN and not q.dropped), None)
    if join is None:
        return {"join_question": None}
    yes = join.option_by_key("yes")
    return {
        "join_question": join,
        "join_number": question_numbers(questions).get(join.pk),
        "join_yes": yes["label"] if yes else "Yes",
    }


@login_required
@require_GET
def survey_contacts(request, pk):
    """People who asked to be contacted, sorted by name: nothing here says when they answered or how.

    Details still sealed (fewer than ten) are never shown; the page says only that some are waiting.
    """
    survey = _survey(request, pk, edit=True)
    contacts = SurveyContact.objects.filter(survey=survey).order_by("name", "id")
    context = {
        "survey": survey,
        "contacts": contacts,
        "waiting": contacts_waiting(survey),
        "batch": BATCH,
        **_join_question(survey),
    }
    return render(request, "surveys/contacts.html", context)


@login_required
@require_POST
def contact_delete(request, pk, contact_pk):
    survey = _survey(request, pk, edit=True)
    deleted, _ = SurveyContact.objects.filter(survey=survey, pk=contact_pk).delete()
    if not deleted:
        raise Http404("No such contact")
    messages.success(request, "Contact details deleted.")
    return redirect("surveys:survey_contacts", pk=survey.pk)
