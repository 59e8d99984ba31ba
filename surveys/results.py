"""Survey results: counts per question and cross-tabs by profile, aggregated in the database, then suppressed.

Every number leaving this module has passed `surveys.suppression`: per question, the options and "no answer"
add up to the number of responses; in a cross-tab, the cells add up to the per-question counts, which are
published with the same hidden cells as on the per-question chart, so the two cannot be played off against
each other.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import Count

from . import counts as running
from .models import Answer, Discontent, Evidence, Question, Response, Survey, question_numbers
from .suppression import THRESHOLD, is_small, suppress

NO_ANSWER = 0  # option ids start at 1
TOTAL = "total"
# Cross-tabs shown by default: the guide's own example, support for insourcing by transferred vs new staff and
# by income band, and the same for how pay compares.
DEFAULT_CROSSTABS = (("support", "transferred"), ("support", "income"), ("pay_comparison", "transferred"))
CROSSTAB_KINDS = (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN)


@dataclass
class Cell:
    label: str
    count: int | None  # None when suppressed
    percent: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class Line:
    label: str
    cells: list[Cell]


@dataclass
class QuestionResult:
    id: int
    number: int | None  # `models.question_numbers`: None for a removed question
    text: str
    kind: str
    dropped: bool
    cells: list[Cell] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # matrix rows
    columns: list[str] = field(default_factory=list)
    text_answers: int | None = 0  # None while the survey has fewer than 10 responses: then none are shown
    # Written details given with one answer (a union official's post): the answer's label and how many wrote one.
    detail_label: str = ""
    detail_answers: int = 0


@dataclass
class CrossTab:
    row_question: str
    column_question: str
    columns: list[str]
    lines: list[Line]  # each row ends with its total
    totals: list[Cell]  # column totals, then the grand total
    row_number: int | None = None
    column_number: int | None = None


@dataclass
class Results:
    responses: int | None  # None when fewer than 10: then every count is hidden
    paper: int | None
    staff_count: int | None
    rate: float | None
    questions: list[QuestionResult]
    crosstabs: list[CrossTab]
    snapshot_date: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def _percent(count: int | None, total: int) -> float | None:
    if count is None or not total:
        return None
    return round(100 * count / total, 1)


def _one_way(option_counts: dict[int, int], options: list[dict], total: int, labels):
    """Suppressed cells for one partition of all responses: each option plus "no answer"."""
    keys = [o["id"] for o in options] + [NO_ANSWER]
    values = {key: option_counts.get(key, 0) for key in keys[:-1]}
    values[NO_ANSWER] = max(total - sum(values.values()), 0)
    values[TOTAL] = total
    # Fewer than ten people in all: every count is theirs, zeros included ("nobody chose X" of three people says
    # what each of them chose), so the whole table is hidden.
    hidden = set(values) if is_small(total) else suppress(values, [[TOTAL, *keys]], released=[TOTAL])
    cells = [
        Cell(
            labels(key), None if key in hidden else values[key], _percent(None if key in hidden else values[key], total)
        )
        for key in keys
    ]
    return cells, values, hidden


def _multi_cells(question: Question, counts, total: int) -> list[Cell]:
    """ "Choose all that apply": each option splits all responses into those who chose it and those who did not.

    The options overlap, so they share no total: each is its own line (responses = chose + did not choose),
    suppressed like a yes/no question. How many answered the question at all is not published, so no sum of
    options pins a hidden one.
    """
    cells = []
    for option in question.options:
        chose = counts.get((question.pk, option["id"]), {}).get(1, 0)
        values = {"chose": chose, "not": total - chose, TOTAL: total}
        hidden = suppress(values, [[TOTAL, "chose", "not"]], released=[TOTAL])
        count = None if "chose" in hidden else chose
        cells.append(Cell(option["label"], count, _percent(count, total)))
    return cells


def _question_result(question: Question, counts, text_counts, total: int, number: int) -> QuestionResult:
    result = QuestionResult(question.pk, number, question.text, question.kind, question.dropped)

    def label(key):
        return "No answer" if key == NO_ANSWER else question.option_label(key)

    if question.kind == Question.Kind.MATRIX:
        result.columns = [o["label"] for o in question.options] + ["No answer"]
        for row in question.rows:
            cells, _, _ = _one_way(counts.get((question.pk, row["id"]), {}), question.options, total, label)
            result.lines.append(Line(row["label"], cells))
    elif question.kind == Question.Kind.MULTI:
        result.cells = _multi_cells(question, counts, total)
    elif question.kind in CROSSTAB_KINDS:
        result.cells, _, _ = _one_way(counts.get((question.pk, None), {}), question.options, total, label)
    else:
        # With fewer than 10 responses every count is hidden "so nobody's answers can be seen": a lone member's
        # written answer would be seen, so the answers and even their number wait for 10 responses too.
        result.text_answers = None if is_small(total) else text_counts.get(question.pk, 0)
    return result


def crosstab(
    question_a: Question,
    question_b: Question,
    pair_counts: dict,
    counts: dict,
    total: int,
    *,
    numbers: tuple[int | None, int | None] = (None, None),
) -> CrossTab:
    """Rows are question_a's options, columns question_b's; margins are exactly the per-question results."""

    def keys(question):
        return [o["id"] for o in question.options] + [NO_ANSWER]

    row_keys, column_keys = keys(question_a), keys(question_b)
    _, row_totals, row_hidden = _one_way(counts.get((question_a.pk, None), {}), question_a.options, total, str)
    _, column_totals, column_hidden = _one_way(counts.get((question_b.pk, None), {}), question_b.options, total, str)

    values: dict = {}
    for r in row_keys:
        for c in column_keys:
            if r != NO_ANSWER and c != NO_ANSWER:
                values[("cell", r, c)] = pair_counts.get((question_a.pk, r, question_b.pk, c), 0)
    for r in row_keys[:-1]:
        values[("cell", r, NO_ANSWER)] = row_totals[r] - sum(values[("cell", r, c)] for c in column_keys[:-1])
    for c in column_keys:
        above = sum(values[("cell", r, c)] for r in row_keys[:-1])
        values[("cell", NO_ANSWER, c)] = column_totals[c] - above
    values.update({("row", r): row_totals[r] for r in row_keys})
    values.update({("column", c): column_totals[c] for c in column_keys})
    values[TOTAL] = total

    lines = [[("row", r), *[("cell", r, c) for c in column_keys]] for r in row_keys]
    lines += [[("column", c), *[("cell", r, c) for r in row_keys]] for c in column_keys]
    lines += [[TOTAL, *[("row", r) for r in row_keys]], [TOTAL, *[("column", c) for c in column_keys]]]
    margins_hidden = {("row", r) for r in row_hidden} | {("column", c) for c in column_hidden}
    if TOTAL in row_hidden:
        margins_hidden |= set(values)
    # A group whose size is hidden is hidden as a whole, zeros included: "the one person earning under £10,000
    # did not answer No" is as telling as a count of one.
    margins_hidden |= {("cell", r, c) for r in row_keys for c in column_keys if ("row", r) in margins_hidden}
    margins_hidden |= {("cell", r, c) for r in row_keys for c in column_keys if ("column", c) in margins_hidden}
    margins_shown = [k for k in values if k[0] in ("row", "column") and k not in margins_hidden]
    margins_shown += [TOTAL] if TOTAL not in margins_hidden else []
    hidden = suppress(values, lines, released=margins_shown, hidden=margins_hidden)

    def cell(key, column=None):
        """Percentages are of the column's total (e.g. of staff who transferred), when that total is shown."""
        count = None if key in hidden else values[key]
        base_key = ("column", column) if column is not None else TOTAL
        base = None if base_key in hidden else values[base_key]
        return Cell("", count, _percent(count, base) if base is not None else None)

    def label(question, key):
        return "No answer" if key == NO_ANSWER else question.option_label(key)

    return CrossTab(
        row_question=question_a.text,
        column_question=question_b.text,
        row_number=numbers[0],
        column_number=numbers[1],
        columns=[label(question_b, c) for c in column_keys],
        lines=[
            Line(label(question_a, r), [cell(("cell", r, c), c) for c in column_keys] + [cell(("row", r))])
            for r in row_keys
        ],
        totals=[cell(("column", c), c) for c in column_keys] + [cell(TOTAL)],
    )


def _by_role(questions: list[Question]) -> dict[str, Question]:
    return {q.role: q for q in questions if q.role and not q.dropped}


def default_pairs(questions: list[Question]) -> list[tuple[Question, Question]]:
    roles = _by_role(questions)
    return [(roles[a], roles[b]) for a, b in DEFAULT_CROSSTABS if a in roles and b in roles]


def _detail_counts(questions: list[Question]) -> dict[int, int]:
    """{question id: written details} for questions whose answer asks for one (one query, none if no such question)."""
    with_detail = [q.pk for q in questions if q.detail_option]
    if not with_detail:
        return {}
    found = (
        Answer.objects.filter(question_id__in=with_detail)
        .exclude(text="")
        .values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )
    return dict(found)


def survey_results(survey: Survey, *, pairs: list[tuple[Question, Question]] | None = None) -> Results:
    """Results from the running counts (five queries whatever the number of answers, six with a post question)."""
    questions = list(survey.questions.in_member_order())
    sources = running.responses_by_source(survey)
    total = sum(sources.values())
    counts, text_counts = running.choice_counts(survey)
    numbers = question_numbers(questions)
    # Asked questions in the order members meet them, then the removed ones (unnumbered).
    ordered = [q for q in questions if not q.dropped] + [q for q in questions if q.dropped]
    details = _detail_counts(ordered)
    question_results = []
    for q in ordered:
        result = _question_result(q, counts, text_counts, total, numbers.get(q.pk))
        if q.detail_option:
            result.detail_label = q.option_label(q.detail_option)
            result.detail_answers = details.get(q.pk, 0)
        question_results.append(result)
    pairs = default_pairs(questions) if pairs is None else pairs
    pair_counts = running.pair_counts(survey, pairs)
    staff = survey.contract.staff_count
    shown_total, paper = published_responses(total, sources.get(Response.Source.PAPER, 0))
    return Results(
        responses=shown_total,
        paper=paper,
        staff_count=staff,
        rate=_percent(shown_total, staff) if staff and shown_total is not None else None,
        questions=question_results,
        crosstabs=[
            crosstab(a, b, pair_counts, counts, total, numbers=(numbers.get(a.pk), numbers.get(b.pk))) for a, b in pairs
        ],
    )


def written_answers_shown(survey: Survey) -> bool:
    """Whether written answers may be read: not while the survey has 1 to 9 responses."""
    return not is_small(sum(running.responses_by_source(survey).values()))


def published_responses(total: int, paper: int = 0) -> tuple[int | None, int | None]:
    """The number of responses and of paper ones, as published: None where 1 to 9 (or where it would give a
    hidden one away: paper + online = total)."""
    if is_small(total):
        return None, None
    online = total - paper
    return total, (paper if not is_small(paper) and not is_small(online) else None)


def _released_share(survey: Survey, role: str, key: str) -> tuple[float, int] | None:
    """Share choosing `key` at question `role`, only if that count is published.

    The share is of those who answered, unless the number who skipped is hidden: then it is of all responses,
    since dividing by the number who answered would give the hidden count away.
    """
    question = survey.questions.filter(role=role, dropped=False).first()
    option = question.option_by_key(key) if question else None
    if option is None:
        return None
    total = sum(running.responses_by_source(survey).values())
    option_counts = running.choice_counts(survey)[0].get((question.pk, None), {})
    cells, values, hidden = _one_way(option_counts, question.options, total, str)
    base = total if NO_ANSWER in hidden else total - values[NO_ANSWER]
    if option["id"] in hidden or base < 10:
        return None
    return values[option["id"]] / base, base


def latest_discontent(surveys) -> Discontent | None:
    """The latest survey with released results: how a contract's "discontent" factor reads its surveys."""
    for survey in surveys.latest_first():
        found = survey_discontent(survey)
        if found is not None:
            return found
    return None


def key_arguments(surveys) -> list[Evidence]:
    """Evidence for a campaign's key arguments from its surveys (only figures that pass suppression)."""
    return [evidence for survey in surveys.latest_first() for evidence in survey_evidence(survey)]


def survey_discontent(survey: Survey) -> Discontent | None:
    if survey.raw_deleted_on:
        return _snapshot_discontent(survey)
    if not sum(running.responses_by_source(survey).values()):
        return None
    found = _released_share(survey, "pay_comparison", "worse")
    if found is None:
        question = survey.questions.filter(role="pay_comparison").first()
        counts = running.choice_counts(survey)[0].get((question.pk, None), {}) if question else {}
        answered = sum(counts.values())
        return Discontent(share=None, n=answered if answered >= THRESHOLD else 0)
    share, n = found
    return Discontent(share=share, n=n)


def _snapshot_discontent(survey: Survey) -> Discontent | None:
    snapshot = getattr(survey, "snapshot", None)
    return Discontent(**snapshot.data["discontent"]) if snapshot and snapshot.data.get("discontent") else None


EVIDENCE = (
    (
        "support",
        "yes",
        "{pct}% of {n} staff who answered would support a campaign to return the service to direct provision.",
    ),
    ("pay_comparison", "worse", "{pct}% of {n} staff who answered see their pay, terms and conditions as worse."),
)


def survey_evidence(survey: Survey) -> list[Evidence]:
    if survey.raw_deleted_on:
        snapshot = getattr(survey, "snapshot", None)
        rows = snapshot.data.get("evidence", []) if snapshot else []
        return [Evidence(survey=survey, **row) for row in rows]
    evidence = []
    for role, key, template in EVIDENCE:
        found = _released_share(survey, role, key)
        if found:
            share, n = found
            evidence.append(Evidence(template.format(pct=round(share * 100), n=n), share, n, survey))
    return evidence
