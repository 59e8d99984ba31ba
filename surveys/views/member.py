"""The pages members see at /s/<token>/: no account, no session, no officer navigation.

Deliberately public (the token is the capability). Nothing here reads or writes the session, logs the
request, or stores anything before the answers are sent; answers in progress stay in the member's browser
(see drafts.py).
"""

from dataclasses import dataclass
from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import drafts
from ..languages import BY_CODE, ENGLISH, Language, SurveyText, interface_language
from ..member_forms import CodeForm, QuestionsForm
from ..models import Question, RevokedLink, Survey
from ..ratelimit import allow_submission
from ..services import code_consume, code_release, response_submit


@dataclass
class Member:
    survey: Survey
    language: Language
    languages: list[Language]
    text: SurveyText
    pages: list[list[Question]]
    numbers: dict[int, int]


class Refusal(Exception):
    """The link cannot take answers: shown as a kind page with the right status (410 for withdrawn or closed)."""

    def __init__(self, template: str, status: int, survey: Survey | None = None):
        super().__init__(template)
        self.template = template
        self.status = status
        self.survey = survey


def _survey_by_token(token: str) -> Survey | None:
    """Members' pages name only the branch: joining the authority, provider and campaign would cost every request.

    The token is unique, so no ordering (`first()` would compile the model's).
    """
    try:
        return Survey.objects.select_related("contract__branch").get(token=token)
    except Survey.DoesNotExist:
        return None


def _open_survey(token: str) -> Survey:
    survey = _survey_by_token(token)
    if survey is None:
        if RevokedLink.objects.filter(token=token).exists():
            raise Refusal("surveys/member/withdrawn.html", 410)
        raise Refusal("surveys/member/not_found.html", 404)
    today = timezone.localdate()
    if survey.has_closed_by(today):
        raise Refusal("surveys/member/closed.html", 410, survey)
    if not survey.accepts_answers_on(today):
        raise Refusal("surveys/member/not_open.html", 404, survey)
    return survey


def _member(request, survey: Survey, *, with_questions: bool = True) -> Member:
    translations = {t.language: t.strings for t in survey.translations.all()}
    extra = [BY_CODE[c] for c in sorted(translations) if c in BY_CODE and c not in ("en", "cy")]
    languages = [ENGLISH, BY_CODE["cy"], *extra]
    language = _chosen_language(request, languages)
    translation.activate(interface_language(language.code))
    pages, numbers = [], {}
    if with_questions:
        questions = list(survey.questions.asked().order_by("page", "position", "pk"))
        numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
        pages = [[q for q in questions if q.page == page] for page in sorted({q.page for q in questions})]
    text = SurveyText(survey, language, translations.get(language.code))
    return Member(survey, language, languages, text, pages, numbers)


def _guarded(view):
    """Refusals render a kind page in the member's language (English or Welsh)."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        try:
            return view(request, token, *args, **kwargs)
        except Refusal as refusal:
            language = _chosen_language(request, [ENGLISH, BY_CODE["cy"]])
            translation.activate(interface_language(language.code))
            context = {"language": language, "languages": [ENGLISH, BY_CODE["cy"]], "survey": refusal.survey}
            return render(request, refusal.template, context, status=refusal.status)

    return wrapped


def _chosen_language(request, languages: list[Language]) -> Language:
    available = {language.code: language for language in languages}
    for code in (request.GET.get("lang"), request.COOKIES.get(drafts.LANGUAGE)):
        if code in available:
            return available[code]
    preferred = translation.get_language_from_request(request)
    return available.get((preferred or "").split("-")[0], ENGLISH)


def _render(request, template, member: Member, context: dict, status: int = 200):
    response = render(
        request,
        template,
        {
            "member": member,
            "survey": member.survey,
            "text": member.text,
            "language": member.language,
            "languages": member.languages,
            **context,
        },
        status=status,
    )
    if request.GET.get("lang") == member.language.code:
        response.set_cookie(
            drafts.LANGUAGE,
            member.language.code,
            max_age=60 * 60 * 24 * 365,
            path="/s/",
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])  # HEAD: link checkers and chat apps' previews probe it first
@_guarded
def member_start(request, token):
    """The introduction and data-protection statement, then (if the branch uses them) the single-use code."""
    member = _member(request, _open_survey(token))
    form = CodeForm(request.POST or None, survey=member.survey) if member.survey.requires_code else None
    if request.method == "POST" and (form is None or form.is_valid()):
        response = redirect("surveys:member_page", token=token, page=1)
        if form is not None:
            drafts.save(request, response, member.survey, 0, {"code": form.cleaned_data["code"]})
        return response
    return _render(
        request,
        "surveys/member/start.html",
        member,
        {
            "form": form,
            "error_links": [(form["code"].auto_id, e) for e in form.errors.get("code", [])] if form else [],
            "already_done": drafts.is_done(request, member.survey),
            "pages": len(member.pages),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _form(member: Member, page: int, data=None, initial=None) -> QuestionsForm:
    return QuestionsForm(
        data, initial=initial, questions=member.pages[page - 1], text=member.text, numbers=member.numbers
    )


def _page_data(form: QuestionsForm) -> dict:
    """What to keep of a page: only its own fields, as the member typed them."""
    keep = {}
    for name, form_field in form.fields.items():
        value = form.data.get(form.add_prefix(name), "")
        if value:
            keep[name] = str(value)[: getattr(form_field, "max_length", None) or 200]
    return keep


@never_cache
@require_http_methods(["GET", "POST"])
@_guarded
def member_page(request, token, page):
    member = _member(request, _open_survey(token))
    survey = member.survey
    if not 1 <= page <= len(member.pages):
        raise Http404("No such page")
    if survey.requires_code and not drafts.load(request, survey, 0).get("code"):
        return redirect("surveys:member_start", token=token)
    last = page == len(member.pages)

    if request.method == "GET":
        form = _form(member, page, initial=drafts.load(request, survey, page))
        return _page(request, member, page, form)

    form = _form(member, page, data=request.POST)
    going_back = request.POST.get("action") == "back"
    if going_back or form.is_valid():
        target = page - 1 if going_back else page + 1
        if not going_back and last:
            return _submit(request, member, page, form)
        response = (
            redirect("surveys:member_start", token=token)
            if target == 0
            else redirect("surveys:member_page", token=token, page=target)
        )
        drafts.save(request, response, survey, page, _page_data(form))
        return response
    return _page(request, member, page, form, status=400)


def _page(request, member: Member, page: int, form: QuestionsForm, status: int = 200):
    first = member.pages[page - 1][0]
    return _render(
        request,
        "surveys/member/page.html",
        member,
        {
            "form": form,
            "blocks": form.blocks(),
            "error_links": form.error_links() if form.is_bound else [],
            "page": page,
            "pages": len(member.pages),
            "last": page == len(member.pages),
            "profile": first.is_profile,
        },
        status=status,
    )


def _submit(request, member: Member, page: int, final_form: QuestionsForm):
    survey = member.survey
    forms_by_page = {page: final_form}
    for other in range(1, len(member.pages) + 1):
        if other != page:
            forms_by_page[other] = _form(member, other, data=drafts.load(request, survey, other))
    for number, form in sorted(forms_by_page.items()):
        if not form.is_valid():
            response = redirect("surveys:member_page", token=survey.token, page=number)
            drafts.save(request, response, survey, page, _page_data(final_form))
            return response
    if not allow_submission(request):
        return _render(request, "surveys/member/slow_down.html", member, {"page": page}, status=429)
    code = drafts.load(request, survey, 0).get("code", "") if survey.requires_code else ""
    if code and not code_consume(survey=survey, code=code):
        response = _render(request, "surveys/member/code_used.html", member, {}, status=409)
        drafts.clear(request, response, survey)
        return response
    answers = [answer for form in forms_by_page.values() for answer in form.answers()]
    contact = next((c for c in (form.contact() for form in forms_by_page.values()) if c), None)
    try:
        response_submit(survey=survey, answers=answers, contact=contact)
    except Exception:
        if code:
            code_release(survey=survey, code=code)
        raise
    response = redirect(
        reverse("surveys:member_thanks", kwargs={"token": survey.token}) + ("?contact=1" if contact else "")
    )
    drafts.clear(request, response, survey)
    drafts.mark_done(request, response, survey)
    return response


@never_cache
@require_GET
@_guarded
def member_thanks(request, token):
    survey = _survey_by_token(token)
    if survey is None:
        raise Refusal("surveys/member/not_found.html", 404)
    member = _member(request, survey, with_questions=False)
    return _render(request, "surveys/member/thanks.html", member, {"contact": request.GET.get("contact") == "1"})
