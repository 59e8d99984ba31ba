"""The pages members see at /s/<token>/ (and the short link /s/ABCDE-FGHJK/): no account, no session, no officer
navigation.

Deliberately public (the token is the capability). Nothing here reads or writes the session, logs the
request, or stores anything before the answers are sent; answers in progress stay in the member's browser
(see drafts.py).
"""

import copy
import itertools
import re
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from .. import drafts, links
from ..languages import BY_CODE, ENGLISH, Language, SurveyText, activate_interface, offered
from ..member_forms import CodeForm, QuestionsForm
from ..models import Question, RevokedLink, Survey, SurveyTranslation, question_numbers
from ..prepared import Prepared
from ..ratelimit import allow_lookup, allow_submission, lookup_missed
from ..services import NothingAnswered, code_consume, code_release, response_submit


def _nothing_answered() -> str:
    return _(
        "You have not answered any question, so there is nothing to send. Answer at least one question, "
        "or close this page if you would rather not take part."
    )


@dataclass
class Plan:
    """The pages and question numbers one member sees, given the answers they have given so far."""

    pages: list[tuple[int, list[Question]]]  # (page number as stored, the questions shown on it)
    numbers: dict[int, int]

    @property
    def page_numbers(self) -> list[int]:
        return [number for number, _ in self.pages]

    def questions_on(self, page: int) -> list[Question]:
        return next((questions for number, questions in self.pages if number == page), [])

    def after(self, page: int) -> int | None:
        return next((number for number in self.page_numbers if number > page), None)

    def before(self, page: int) -> int | None:
        return next((number for number in reversed(self.page_numbers) if number < page), None)


@dataclass
class Member:
    survey: Survey
    language: Language
    languages: list[Language]
    text: SurveyText
    questions: list[Question]

    @property
    def all_pages(self) -> list[int]:
        return sorted({q.page for q in self.questions})

    def plan(self, answers: dict[int, set[int]], reached: set[int]) -> Plan:
        """Conditions are decided on the server from the answers already given, so they work without JavaScript."""
        page_of = {q.pk: q.page for q in self.questions}
        shown = [q for q in self.questions if q.shown_for(answers, reached, page_of)]
        pages = [(page, [q for q in shown if q.page == page]) for page in self.all_pages]
        # Numbers are the survey's own (page, position), not a count of what this member was shown: the same
        # question is the same number online, on paper and in the results, even if a condition skips one.
        return Plan([(page, qs) for page, qs in pages if qs], question_numbers(self.questions))


ANSWER_FIELD = re.compile(r"^q(\d+)$")


def chosen_options(data: dict) -> dict[int, set[int]]:
    """{question id: option ids chosen} from a page's fields as typed (a draft or a POST)."""
    chosen = {}
    for name in data:
        match = ANSWER_FIELD.match(name)
        if not match:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else data[name]
        values = values if isinstance(values, list) else [values]
        chosen[int(match.group(1))] = {int(v) for v in values if str(v).isdigit()}
    return chosen


class Refusal(Exception):
    """The link cannot take answers: shown as a kind page with the right status (410 for withdrawn or closed)."""

    def __init__(self, template: str, status: int, survey: Survey | None = None):
        super().__init__(template)
        self.template = template
        self.status = status
        self.survey = survey


def _parts_version() -> RawSQL:
    """A fingerprint of the survey's questions and translations, read in the same statement as the survey.

    Every row's id, xmin (the transaction that last wrote it) and ctid (where that version of the row is, new for
    every update, even two in one transaction): any insert, update or delete of a question or translation changes
    it, by whatever path (services, bulk_update, the admin, a shell), so the copies `_parts` keeps in this process
    are used only while they are exactly what the database holds.
    """
    # Table names from the models, no input from the request: nothing here can be injected.
    rows = "string_agg(p.id::text || p.ctid::text || p.xmin::text, ',' ORDER BY p.id)"
    survey = Survey._meta.db_table
    parts = [
        f"(SELECT coalesce({rows}, '') FROM {table} p WHERE p.survey_id = {survey}.id)"  # noqa: S608
        for table in (Question._meta.db_table, SurveyTranslation._meta.db_table)
    ]
    return RawSQL(f"md5({parts[0]} || '/' || {parts[1]})", ())  # noqa: S611


def _surveys_by_token(token: str):
    """Members' pages name only the branch: joining the authority, provider and campaign would cost every request.

    The token is unique, so no ordering. The survey itself (status, dates, text) is read fresh on every request;
    only its questions and translations are kept (see _parts).
    """
    surveys = Survey.objects.select_related("contract__branch").filter(token=token).order_by()
    if connection.vendor == "postgresql":  # xmin and ctid are PostgreSQL's; elsewhere (`make run`) nothing is kept
        surveys = surveys.annotate(parts_version=_parts_version())
    return surveys


class _CompiledLookup:
    """`_surveys_by_token` compiled to SQL once per database connection object, then run with each token.

    Compiling the query (three tables' columns, the fingerprint's subqueries) cost more CPU than PostgreSQL spent
    running it, on every member request. The statement and the way its row becomes a survey with its contract and
    branch are Django's own (the compiler's SQL, `from_db`, its related populators and converters, as a queryset
    runs them); only the token changes between requests. Kept on the connection object, which one thread uses.
    """

    PLACEHOLDER = "token to be replaced"  # tokens are URL-safe random strings, never this

    def __init__(self, db_connection):
        self.connection = db_connection
        compiler = _surveys_by_token(self.PLACEHOLDER).query.get_compiler(connection=db_connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.position = self.params.index(self.PLACEHOLDER)
        self.compiler = compiler
        klass_info, select = compiler.klass_info, compiler.select
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.fields = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, db_connection.alias)
        self.annotations = dict(compiler.annotation_col_map)
        columns = [column[0] for column in select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):  # the rows would need Django's tuple step too
            raise TypeError("The member lookup's tables must not have composite fields")
        self.converters = compiler.get_converters(columns)
        # On PostgreSQL a prepared statement, so the server does not parse and plan the three-table join and the
        # fingerprint's subqueries again for every member request either (planning cost twice what running it did).
        self.prepared = None
        if db_connection.vendor == "postgresql":
            numbers = itertools.count(1)
            body = re.sub(r"%[s%]", lambda m: f"${next(numbers)}" if m.group() == "%s" else "%", self.sql)
            self.prepared = Prepared("surveys_member_lookup", ["text"] * len(self.params), body)

    def _fetch(self, params: list):
        with self.connection.cursor() as cursor:
            if self.prepared is None:
                cursor.execute(self.sql, params)
            else:
                self.prepared.execute(cursor, params)
            return cursor.fetchone()

    def get(self, token: str) -> Survey | None:
        params = list(self.params)
        params[self.position] = token
        found = self._fetch(params)
        if found is None:
            return None
        row = next(self.compiler.apply_converters([found], self.converters)) if self.converters else found
        survey = Survey.from_db(self.connection.alias, self.fields, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, survey)
        for name, position in self.annotations.items():
            setattr(survey, name, row[position])
        return survey


def _survey_by_token(token: str) -> Survey | None:
    db_connection = connections[DEFAULT_DB_ALIAS]
    lookup = db_connection.__dict__.get("surveys_member_lookup")
    if lookup is None:
        lookup = db_connection.surveys_member_lookup = _CompiledLookup(db_connection)
    return lookup.get(token)


# {survey id: (parts_version, asked questions in member order, translation rows)}: read once per process and
# survey, and again whenever the fingerprint read with the survey differs. Saves every member request two queries.
_PARTS: dict[int, tuple[str, list[Question], list[SurveyTranslation]]] = {}
_PARTS_MAX = 64  # surveys open at once on one site are a handful; past this the cache simply starts again


def _parts(survey: Survey) -> tuple[list[Question], list[SurveyTranslation]]:
    """The survey's asked questions (member order) and its translations, as fresh copies for this request.

    Copies, so nothing a request caches on an instance outlives it; each points at this request's survey, as the
    related manager's own rows would.
    """
    version = getattr(survey, "parts_version", None)
    kept = _PARTS.get(survey.pk)
    if version is None or kept is None or kept[0] != version:
        kept = (
            version,
            list(survey.questions.asked().in_member_order()),
            list(survey.translations.all()),
        )
        if version is not None:
            if len(_PARTS) >= _PARTS_MAX:
                _PARTS.clear()
            _PARTS[survey.pk] = kept
    questions, translations = [copy.copy(q) for q in kept[1]], [copy.copy(t) for t in kept[2]]
    for row in (*questions, *translations):
        row.survey = survey
    return questions, translations


def _revoked(token: str) -> Survey | None:
    """The survey a withdrawn link or short code belonged to, so its notice speaks the member's language."""
    revoked = RevokedLink.objects.select_related("survey__contract__branch").filter(token=token).first()
    return revoked.survey if revoked else None


def _open_survey(token: str) -> Survey:
    survey = _survey_by_token(token)
    if survey is None:
        revoked = _revoked(token)
        if revoked is not None:
            raise Refusal("surveys/member/withdrawn.html", 410, revoked)
        raise Refusal("surveys/member/not_found.html", 404)
    today = timezone.localdate()
    if survey.has_closed_by(today):
        raise Refusal("surveys/member/closed.html", 410, survey)
    if not survey.accepts_answers_on(today):
        raise Refusal("surveys/member/not_open.html", 404, survey)
    return survey


def _member(request, survey: Survey) -> Member:
    """The member's survey in the language they chose, from the languages complete enough to offer."""
    questions, rows = _parts(survey)
    translations = offered(survey, questions, rows)
    languages = [BY_CODE[code] for code in translations]
    language = _chosen_language(request, languages)
    chosen = translations.get(language.code)
    activate_interface(language, chosen.strings if chosen else None)
    text = SurveyText(
        survey,
        language,
        chosen.strings if chosen else None,
        chosen.sources if chosen else None,
        questions=len(questions),
    )
    return Member(survey, language, languages, text, questions)


def _refused(request, refusal: Refusal):
    """A kind page in the member's language: the survey's languages when the link names one (closed, not open
    yet, withdrawn), else English or Welsh, the languages the site itself speaks."""
    if refusal.survey is not None:
        return _render(request, refusal.template, _member(request, refusal.survey), {}, status=refusal.status)
    language = _chosen_language(request, [ENGLISH, BY_CODE["cy"]])
    activate_interface(language)
    context = {"language": language, "languages": [ENGLISH, BY_CODE["cy"]], "survey": None}
    return render(request, refusal.template, context, status=refusal.status)


def _guarded(view):
    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        try:
            return view(request, token, *args, **kwargs)
        except Refusal as refusal:
            return _refused(request, refusal)

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
@require_safe  # HEAD too: link checkers and chat apps' previews probe a link before following it
def member_short(request, code):
    """The short link from the poster: on to the survey's token link, where everything else happens.

    Redirecting keeps one address per survey page, so the answers kept in cookies (scoped to the token's path)
    and the refusals work the same whichever link the member came by. Only codes that do not exist count
    against the client, and past the limit nothing is looked up at all.
    """
    if not allow_lookup(request):
        language = _chosen_language(request, [ENGLISH, BY_CODE["cy"]])
        activate_interface(language)
        context = {"language": language, "languages": [ENGLISH, BY_CODE["cy"]], "survey": None}
        return render(request, "surveys/member/too_many_tries.html", context, status=429)
    stored = links.normalise(code)
    if stored is not None:
        token = Survey.objects.filter(short_code=stored).values_list("token", flat=True).order_by().first()
        if token is not None:
            start = reverse("surveys:member_start", kwargs={"token": token})
            language = request.GET.get("lang", "")  # as on the paper forms' QR codes
            return redirect(f"{start}?{urlencode({'lang': language})}" if language in BY_CODE else start)
        revoked = _revoked(stored)
        if revoked is not None:
            return _refused(request, Refusal("surveys/member/withdrawn.html", 410, revoked))
    lookup_missed(request)
    return _refused(request, Refusal("surveys/member/not_found.html", 404))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])  # HEAD: link checkers and chat apps' previews probe it first
@_guarded
def member_start(request, token):
    """The introduction and data-protection statement, then (if the branch uses them) the single-use code."""
    member = _member(request, _open_survey(token))
    form = CodeForm(request.POST or None, survey=member.survey) if member.survey.requires_code else None
    if request.method == "POST" and (form is None or form.is_valid()):
        first = member.all_pages[0] if member.all_pages else 1
        response = redirect("surveys:member_page", token=token, page=first)
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
            "questions": len(member.questions),
            "any_required": any(q.required for q in member.questions),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _form(member: Member, questions: list[Question], numbers: dict[int, int], data=None, initial=None):
    return QuestionsForm(data, initial=initial, questions=questions, text=member.text, numbers=numbers)


def _page_data(form: QuestionsForm) -> dict:
    """What to keep of a page: only its own fields, as the member typed them."""
    keep = {}
    for name, form_field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(form_field, forms.MultipleChoiceField):
            values = form.data.getlist(key) if hasattr(form.data, "getlist") else form.data.get(key, [])
            if values:
                keep[name] = [str(value)[:10] for value in values][:50]
            continue
        value = form.data.get(key, "")
        if value:
            keep[name] = str(value)[: getattr(form_field, "max_length", None) or 200]
    return keep


def _drafts(request, member: Member) -> dict[int, dict]:
    return {page: drafts.load(request, member.survey, page) for page in member.all_pages}


def _chosen(page_drafts: dict[int, dict]) -> dict[int, set[int]]:
    chosen = {}
    for data in page_drafts.values():
        chosen.update(chosen_options(data))
    return chosen


@never_cache
@require_http_methods(["GET", "POST"])
@_guarded
def member_page(request, token, page):
    member = _member(request, _open_survey(token))
    survey = member.survey
    if page not in member.all_pages:
        raise Http404("No such page")
    if survey.requires_code and not drafts.load(request, survey, 0).get("code"):
        return redirect("surveys:member_start", token=token)
    page_drafts = _drafts(request, member)
    plan = member.plan(_chosen(page_drafts), {p for p in member.all_pages if p < page})
    if page not in plan.page_numbers:
        # Nothing on this page applies to the member (their earlier answers skip it): on to the next that does.
        target = plan.after(page) or plan.before(page)
        return redirect("surveys:member_page", token=token, page=target)

    if request.method == "GET":
        form = _form(member, plan.questions_on(page), plan.numbers, initial=page_drafts.get(page))
        return _page(request, member, plan, page, form)

    form = _form(member, plan.questions_on(page), plan.numbers, data=request.POST)
    if request.POST.get("action") == "back":
        target = plan.before(page)
        response = (
            redirect("surveys:member_page", token=token, page=target)
            if target
            else redirect("surveys:member_start", token=token)
        )
        drafts.save(request, response, survey, page, _page_data(form))
        return response
    if not form.is_valid():
        return _page(request, member, plan, page, form, status=400)
    if form.newly_shown:
        return _page(request, member, plan, page, form)
    page_drafts[page] = _page_data(form)
    after = member.plan(_chosen(page_drafts), {p for p in member.all_pages if p <= page})
    target = after.after(page)
    if target is None:
        return _submit(request, member, page, form, page_drafts)
    response = redirect("surveys:member_page", token=token, page=target)
    drafts.save(request, response, survey, page, page_drafts[page])
    return response


def _page(request, member: Member, plan: Plan, page: int, form: QuestionsForm, status: int = 200, refusal: str = ""):
    blocks = form.blocks()
    index = plan.page_numbers.index(page) + 1
    error_links = form.error_links() if form.is_bound else []
    if refusal:
        error_links.append((next(iter(form.visible_fields())).auto_id if form.fields else "main", refusal))
    return _render(
        request,
        "surveys/member/page.html",
        member,
        {
            "form": form,
            "blocks": blocks,
            "error_links": error_links,
            "page": index,
            "pages": len(plan.pages),
            "last": index == len(plan.pages),
            "profile": blocks[0].question.is_profile,
            "newly_shown": any(block.newly_shown for block in blocks),
        },
        status=status,
    )


def _submit(request, member: Member, page: int, final_form: QuestionsForm, page_drafts: dict[int, dict]):
    """Send every page the member's answers lead to; answers left on pages they no longer see are not sent.

    `page_drafts` are the draft cookies member_page has already read and checked, with this page's answers in
    place: reading and unsealing them again would cost every submission the same work twice.
    """
    survey = member.survey
    plan = member.plan(_chosen(page_drafts), set(member.all_pages))
    forms_by_page = {page: final_form}
    for other, questions in plan.pages:
        if other != page:
            forms_by_page[other] = _form(member, questions, plan.numbers, data=page_drafts.get(other, {}))
    for number, form in sorted(forms_by_page.items()):
        if not form.is_valid():
            response = redirect("surveys:member_page", token=survey.token, page=number)
            drafts.save(request, response, survey, page, page_drafts[page])
            return response
    if not allow_submission(request):
        return _render(request, "surveys/member/slow_down.html", member, {"page": page}, status=429)
    answers = [answer for form in forms_by_page.values() for answer in form.answers()]
    if not any(a.choice is not None or a.text for a in answers):
        # Checked before the single-use code is spent, so the member can still answer with it.
        return _page(request, member, plan, page, final_form, status=400, refusal=_nothing_answered())
    code = drafts.load(request, survey, 0).get("code", "") if survey.requires_code else ""
    if code and not code_consume(survey=survey, code=code):
        response = _render(request, "surveys/member/code_used.html", member, {}, status=409)
        drafts.clear(request, response, survey)
        return response
    contact = next((c for c in (form.contact() for form in forms_by_page.values()) if c), None)
    try:
        response_submit(survey=survey, answers=answers, contact=contact)
    except NothingAnswered:
        if code:
            code_release(survey=survey, code=code)
        return _page(request, member, plan, page, final_form, status=400, refusal=_nothing_answered())
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
    member = _member(request, survey)
    return _render(request, "surveys/member/thanks.html", member, {"contact": request.GET.get("contact") == "1"})
