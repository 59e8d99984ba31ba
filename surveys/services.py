import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from contracts.models import Contract
from insourcing import claims, freshness
from insourcing.models import User

from . import counts, model_survey
from .contacts import ContactData, contact_hold
from .languages import catalogue_strings, source_strings
from .links import new_short_code
from .models import (
    Answer,
    AnswerCount,
    PairCount,
    PendingContact,
    Question,
    Response,
    ResponseCount,
    ResultSnapshot,
    RevokedLink,
    Survey,
    SurveyCode,
    SurveyContact,
    SurveyTranslation,
    new_token,
    this_week,
)
from .prepared import Prepared
from .results import survey_discontent, survey_evidence, survey_results

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I, which are misread on paper
CODE_LENGTH = 8


@dataclass(frozen=True)
class AnswerData:
    question_id: int
    row: int | None = None
    choice: int | None = None
    text: str = ""


def _options(pairs) -> list[dict]:
    return [{"id": i, "key": key, "label": label} for i, (key, label) in enumerate(pairs, start=1)]


@transaction.atomic
def survey_create(*, contract: Contract, user: User | None, campaign=None) -> Survey:
    """A new survey with the guide's 13 questions, names filled in, in English and (from the catalogue) Welsh."""
    names = model_survey.names_for(contract)
    fill = model_survey.fill
    survey = Survey.objects.create(
        contract=contract,
        campaign=campaign,
        title=f"{fill(model_survey.TITLE, names)}: {contract.service}"[:200],
        intro=fill(model_survey.INTRO, names),
        privacy_statement=fill(model_survey.PRIVACY_STATEMENT, names),
        profile_intro=fill(model_survey.PROFILE_INTRO, names),
        created_by=user,
    )
    sources = {
        "title": model_survey.TITLE,
        "intro": model_survey.INTRO,
        "privacy_statement": model_survey.PRIVACY_STATEMENT,
        "profile_intro": model_survey.PROFILE_INTRO,
    }
    by_number = {}
    for position, spec in enumerate(model_survey.QUESTIONS, start=1):
        options = _options(model_survey.options_for(spec))
        question = Question.objects.create(
            survey=survey,
            position=position,
            page=spec.page,
            section=spec.section,
            kind=spec.kind,
            text=fill(spec.text, names),
            options=[{**o, "label": fill(o["label"], names)} for o in options],
            rows=_options(spec.rows),
            detail_option=next((o["id"] for o in options if o["key"] == spec.detail_option), None),
            contact_prompt=fill(spec.extra.get("contact_prompt", ""), names),
            role=spec.role,
            guide_number=spec.number,
        )
        by_number[spec.number] = question
        sources[f"q{question.pk}.text"] = spec.text
        sources.update({f"q{question.pk}.o{o['id']}": o["label"] for o in options})
        if spec.kind != model_survey.Kind.RANKED:
            sources.update({f"q{question.pk}.r{r['id']}": r["label"] for r in question.rows})
        if question.contact_prompt:
            sources[f"q{question.pk}.contact"] = spec.extra["contact_prompt"]
    for spec in model_survey.QUESTIONS:
        if spec.show_if:
            number, keys = spec.show_if
            source = by_number[number]
            question = by_number[spec.number]
            question.show_if_question = source
            question.show_if_options = [o["id"] for o in source.options if o["key"] in keys]
            question.save(update_fields=["show_if_question", "show_if_options"])
    welsh = catalogue_strings(survey, "cy", sources)
    if welsh:
        if "title" in welsh:
            welsh["title"] = f"{welsh['title']}: {contract.service}"[:200]
        english = {key: text for key, _, text in source_strings(survey, list(survey.questions.all()))}
        SurveyTranslation.objects.create(
            survey=survey, language="cy", strings=welsh, sources={key: english.get(key, "") for key in welsh}
        )
    return survey


def survey_open(*, survey: Survey) -> Survey:
    survey.status = Survey.Status.OPEN
    if survey.opens_on is None:
        survey.opens_on = timezone.localdate()
    survey.save(update_fields=["status", "opens_on", "updated_at"])
    return survey


def survey_close(*, survey: Survey) -> Survey:
    today = timezone.localdate()
    survey.status = Survey.Status.CLOSED
    if survey.closes_on is None or survey.closes_on > today:
        survey.closes_on = today
    survey.save(update_fields=["status", "closes_on", "updated_at"])
    return survey


@transaction.atomic
def survey_new_link(*, survey: Survey) -> Survey:
    """Withdraw the current link and short link (they then show a polite notice) and issue new ones."""
    RevokedLink.objects.create(survey=survey, token=survey.token)
    if survey.short_code:
        RevokedLink.objects.create(survey=survey, token=survey.short_code)
    survey.token = new_token()
    survey.short_code = new_short_code()
    survey.save(update_fields=["token", "short_code"])
    return survey


def _next_option_id(items: list[dict]) -> int:
    return max((item["id"] for item in items), default=0) + 1


def relabel(items: list[dict], labels: list[str]) -> list[dict]:
    """New labels by position; extra labels become new items with new ids, so old ids keep their answers."""
    updated = [{**item, "label": label} for item, label in zip(items, labels, strict=False)]
    next_id = _next_option_id(items)
    for label in labels[len(items) :]:
        updated.append({"id": next_id, "key": "", "label": label})
        next_id += 1
    return updated


def answered_option_ids(question: Question) -> set[int]:
    return set(question.answers.filter(choice__isnull=False).values_list("choice", flat=True).distinct())


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    options: list[str],
    rows: list[str],
    page: int,
    section: str,
    required: bool = False,
    show_if: tuple[Question | None, list[int]] = (None, []),
):
    if text != question.text:
        question.previous_texts = [*question.previous_texts, question.text]
        question.text = text
    if question.kind in Question.CHOICE_KINDS:
        question.options = relabel(question.options, options)
    if question.kind == Question.Kind.MATRIX:
        question.rows = relabel(question.rows, rows)
    question.page = page
    question.section = section
    question.required = required
    question.show_if_question, question.show_if_options = show_if
    question.save()
    return question


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    kind: str,
    text: str,
    options: list[str],
    rows: list[str],
    page: int,
    section: str,
    required: bool = False,
    show_if: tuple[Question | None, list[int]] = (None, []),
):
    position = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    if kind == Question.Kind.RANKED:
        rows = rows or ["1", "2", "3"]
    return Question.objects.create(
        survey=survey,
        kind=kind,
        text=text,
        options=relabel([], options),
        rows=relabel([], rows),
        page=page,
        section=section,
        position=position,
        required=required,
        show_if_question=show_if[0],
        show_if_options=show_if[1],
    )


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    siblings = list(question.survey.questions.asked().order_by("position", "pk"))
    index = siblings.index(question)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        # Moving across a page boundary takes the neighbour's page, so the question really moves.
        question.page = siblings[index].page
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        Question.objects.bulk_update(siblings, ["position"])
        Question.objects.filter(pk=question.pk).update(page=question.page)


def question_drop(*, question: Question) -> bool:
    """Remove a question. One with answers is only hidden, so its answers stay in the results. True if deleted."""
    if question.answers.exists():
        Question.objects.filter(pk=question.pk).update(dropped=True)
        return False
    question.delete()
    return True


def codes_generate(*, survey: Survey, count: int) -> int:
    existing = set(survey.codes.values_list("code", flat=True))
    new = set()
    while len(new) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in existing:
            new.add(code)
    SurveyCode.objects.bulk_create(SurveyCode(survey=survey, code=code) for code in sorted(new))
    return count


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def code_is_valid(*, survey: Survey, code: str) -> bool:
    return SurveyCode.objects.filter(survey=survey, code=normalise_code(code), used=False).exists()


def code_consume(*, survey: Survey, code: str) -> bool:
    """Mark a code used in its own committed transaction: the answers saved afterwards carry no trace of it."""
    with transaction.atomic():
        return SurveyCode.objects.filter(survey=survey, code=normalise_code(code), used=False).update(used=True) == 1


def code_release(*, survey: Survey, code: str) -> None:
    with transaction.atomic():
        SurveyCode.objects.filter(survey=survey, code=normalise_code(code)).update(used=False)


class NothingAnswered(ValueError):
    """A submission with no answer at all: refused, so it never counts as a response."""


def response_submit(
    *,
    survey: Survey,
    answers: list[AnswerData],
    contact: ContactData | None,
    source: str = Response.Source.ONLINE,
) -> None:
    """Store one person's answers, and (separately, sealed until ten have) their contact details.

    Two transactions, so the contact is never written in the same transaction as the answers; neither row
    records which one came with the other, and nothing is returned that could be kept to link them.
    """
    if not any(a.choice is not None or a.text.strip() for a in answers):
        raise NothingAnswered
    if connection.vendor == "postgresql":
        _response_store(survey=survey, answers=answers, source=source)
    else:  # SQLite (`make run`) has no INSERT inside WITH: the same rows in one transaction
        with transaction.atomic():
            response = Response.objects.create(survey=survey, source=source)
            Answer.objects.bulk_create(
                Answer(
                    survey=survey, response=response, question_id=a.question_id, row=a.row, choice=a.choice, text=a.text
                )
                for a in answers
            )
            counts.record(survey, source, answers)
    # Written without save(), so no post_save reaches the dashboards' receiver: say so here (after the commit).
    freshness.mark_changed([_branch_id(survey)])
    if contact is not None:
        contact_hold(survey=survey, contact=contact)


def _store_statement() -> Prepared:
    """The response, its answers and their running counts as one statement, its shape the same for every
    submission (arrays, not a row of placeholders per answer), so PostgreSQL prepares it once per session."""
    qn = connection.ops.quote_name
    response, answer = qn(Response._meta.db_table), qn(Answer._meta.db_table)

    def upsert(model, columns: str, source: str) -> str:
        table = qn(model._meta.db_table)
        conflict = ", ".join(qn(f.column) for f in model._meta.pk_fields)
        return (
            f"INSERT INTO {table} ({columns}) {source} "
            f"ON CONFLICT ({conflict}) DO UPDATE SET n = {table}.n + EXCLUDED.n"
        )

    row = qn("row")
    responses = upsert(ResponseCount, "survey_id, source, shard, n", "VALUES ($1, $2, $8, 1)")
    answered = upsert(
        AnswerCount,
        f"survey_id, question_id, {row}, choice, shard, n",
        "SELECT $1, x.q, x.r, x.c, $8, x.n FROM UNNEST($9, $10, $11, $12) AS x(q, r, c, n)",
    )
    pairs = upsert(
        PairCount,
        "survey_id, question_a_id, choice_a, question_b_id, choice_b, shard, n",
        "SELECT $1, x.qa, x.ca, x.qb, x.cb, $8, x.n FROM UNNEST($13, $14, $15, $16, $17) AS x(qa, ca, qb, cb, n)",
    )
    body = (
        f"WITH r AS (INSERT INTO {response} (id, survey_id, source, submitted_on) "  # noqa: S608
        f"VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id), "
        f"a AS (INSERT INTO {answer} (id, survey_id, response_id, question_id, {row}, choice, text) "
        f"SELECT gen_random_uuid(), $1, r.id, x.q, x.r, x.c, x.t FROM r, UNNEST($4, $5, $6, $7) AS x(q, r, c, t)), "
        f"c AS ({responses}), t AS ({answered}) {pairs}"
    )
    types = ["bigint", "text", "date", "bigint[]", "integer[]", "integer[]", "text[]", "integer"]
    types += ["bigint[]", "integer[]", "integer[]", "integer[]", "bigint[]", "integer[]", "bigint[]", "integer[]"]
    types += ["integer[]"]
    return Prepared("surveys_response_store", types, body)


_STORE: list[Prepared] = []  # built on first use: quoting names needs the database connection's vendor


def _response_store(*, survey: Survey, answers: list[AnswerData], source: str) -> None:
    """The response, its answers and their running counts in one statement: one round trip to PostgreSQL.

    One statement is one transaction (or part of the caller's): all of it is stored or none of it, as with
    `transaction.atomic`, without the BEGIN and COMMIT round trips. Ids are PostgreSQL's random UUIDs (version 4,
    as `uuid.uuid4`), so no id says in which order people answered. Foreign keys are checked at commit (Django makes
    them deferred), so a bad one refuses the whole statement. The counts are those `counts.record` adds, each
    table's rows in sorted key order and the tables always in one order, so concurrent submissions lock their
    count rows in one order.
    """
    if not _STORE:
        _STORE.append(_store_statement())
    shard, answered, pairs = counts.tallies(survey, answers)
    answered_keys, pair_keys = sorted(answered), sorted(pairs)
    params = [
        survey.pk,
        source,
        this_week(),
        [a.question_id for a in answers],
        [a.row for a in answers],
        [a.choice for a in answers],
        [a.text for a in answers],
        shard,
        # (survey, question, row, choice, shard) -> question, row, choice, n
        [k[1] for k in answered_keys],
        [k[2] for k in answered_keys],
        [k[3] for k in answered_keys],
        [answered[k] for k in answered_keys],
        # (survey, question a, choice a, question b, choice b, shard) -> qa, ca, qb, cb, n
        [k[1] for k in pair_keys],
        [k[2] for k in pair_keys],
        [k[3] for k in pair_keys],
        [k[4] for k in pair_keys],
        [pairs[k] for k in pair_keys],
    ]
    with connection.cursor() as cursor:
        _STORE[0].execute(cursor, params)


def _branch_id(survey: Survey) -> int | None:
    if Survey.contract.is_cached(survey):
        return survey.contract.branch_id
    return Contract.objects.filter(pk=survey.contract_id).values_list("branch", flat=True).first()


def translation_save(
    *, survey: Survey, language: str, strings: dict[str, str], english: dict[str, str], live_when_incomplete=False
) -> SurveyTranslation:
    """Save a translation, noting the English each string was translated from (`english`, by key).

    Saving a string confirms it against the current English, so a stale string the officer has checked (or
    re-translated) is current again.
    """
    kept = {k: v.strip() for k, v in strings.items() if v.strip()}
    translation, _ = SurveyTranslation.objects.update_or_create(
        survey=survey,
        language=language,
        defaults={
            "strings": kept,
            "sources": {k: english.get(k, "") for k in kept},
            "live_when_incomplete": live_when_incomplete,
        },
    )
    return translation


def survey_raw_delete(*, survey: Survey) -> None:
    """Keep the suppressed results, then delete the raw answers and contact details."""
    results = survey_results(survey).as_json()
    discontent = survey_discontent(survey)
    results["discontent"] = discontent.__dict__ if discontent else None
    results["evidence"] = [{"text": e.text, "share": e.share, "n": e.n} for e in survey_evidence(survey)]
    results["snapshot_date"] = timezone.localdate().isoformat()
    with transaction.atomic():
        claimed = claims.claim(
            Survey.objects.filter(raw_deleted_on__isnull=True), pk=survey.pk, raw_deleted_on=timezone.localdate()
        )
        if not claimed:
            return
        ResultSnapshot.objects.update_or_create(survey=survey, defaults={"data": results})
        Answer.objects.filter(survey=survey).delete()
        Response.objects.filter(survey=survey).delete()
        counts.forget(survey)
        SurveyContact.objects.filter(survey=survey).delete()
        PendingContact.objects.filter(survey=survey).delete()
        SurveyCode.objects.filter(survey=survey).delete()


def expired_surveys(today):
    """Surveys whose retention period after closing has ended and whose raw answers are still held."""
    from dateutil.relativedelta import relativedelta

    candidates = Survey.objects.filter(raw_deleted_on__isnull=True, closes_on__lt=today)
    return [s for s in candidates if s.closes_on + relativedelta(months=s.retention_months) <= today]
