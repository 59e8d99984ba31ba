"""Running counts of answers, kept in the same transaction as the answers, so results read a few dozen rows.

`record` adds one response to the counts; `rebuild` recounts a survey from its raw answers (for data that arrived
by another route, such as a bulk load). Results check the number of responses counted against the number stored
in one statement and rebuild when they differ, so a miss costs time, never a wrong number.
"""

import random
from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from django.db import connection, transaction

from .models import Answer, AnswerCount, PairCount, Response, ResponseCount, Survey

SHARDS = 8  # enough that 200 people submitting at once rarely wait on one another's counter rows
NO_ROW = 0
TEXT = 0  # the `choice` under which written answers are counted (option ids start at 1)


def _upsert(model, key_columns: list[str], rows: dict[tuple, int]) -> tuple[str, list] | None:
    """The statement adding each count to its row, creating it if new; None when there is nothing to count.

    Keys are sorted so concurrent writers lock in one order.
    """
    if not rows:
        return None
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in [*key_columns, "n"])
    conflict = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.pk_fields)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(key_columns) + 1)) + ")"] * len(rows))
    params = [value for key in sorted(rows) for value in (*key, rows[key])]
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {placeholders} "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET n = {table}.n + EXCLUDED.n"
    )
    return sql, params


def tallies(survey: Survey, answers: Iterable) -> tuple[int, Counter, Counter]:
    """What one response adds to the counts: (its shard, answer keys, pair keys), each key (survey id, ...).

    The answers are objects with question_id, row, choice and text.
    """
    shard = random.randrange(SHARDS)  # spreads load only; says nothing about the response
    singles: dict[int, int] = {}
    answered: Counter = Counter()
    for a in answers:
        if a.choice is not None:
            answered[(survey.pk, a.question_id, a.row or NO_ROW, a.choice, shard)] += 1
            if a.row is None:
                singles[a.question_id] = a.choice
        elif a.text:
            answered[(survey.pk, a.question_id, a.row or NO_ROW, TEXT, shard)] += 1
    pairs = Counter((survey.pk, qa, singles[qa], qb, singles[qb], shard) for qa, qb in combinations(sorted(singles), 2))
    return shard, answered, pairs


def statements(survey: Survey, source: str, answers: Iterable) -> list[tuple[str, list]]:
    """The upserts that count one response and its answers, to run in the response's own transaction.

    Always in the same table order (responses, answers, pairs), so concurrent writers lock in one order (as the one
    statement that stores a response on PostgreSQL does, services._response_store).
    """
    shard, answered, pairs = tallies(survey, answers)
    upserts = [
        _upsert(ResponseCount, ["survey_id", "source", "shard"], {(survey.pk, source, shard): 1}),
        _upsert(AnswerCount, ["survey_id", "question_id", "row", "choice", "shard"], answered),
        _upsert(PairCount, ["survey_id", "question_a_id", "choice_a", "question_b_id", "choice_b", "shard"], pairs),
    ]
    return [upsert for upsert in upserts if upsert is not None]


def record(survey: Survey, source: str, answers: Iterable) -> None:
    """Count one response and its answers. Call inside its transaction."""
    with connection.cursor() as cursor:
        for sql, params in statements(survey, source, answers):
            cursor.execute(sql, params)


def forget(survey: Survey) -> None:
    for model in (AnswerCount, PairCount, ResponseCount):
        model.objects.filter(survey=survey).delete()


def rebuild(survey: Survey) -> None:
    """Recount a survey from its raw answers (a fresh GROUP BY), with submissions to it held off meanwhile."""
    answer = connection.ops.quote_name(Answer._meta.db_table)
    response = connection.ops.quote_name(Response._meta.db_table)
    row = connection.ops.quote_name("row")
    with transaction.atomic():
        # Storing an answer takes a key-share lock on its survey row (the foreign key), which this waits for.
        Survey.objects.select_for_update().filter(pk=survey.pk).exists()
        forget(survey)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Answers bulk-loaded in this transaction have no statistics yet, and a nested loop over them
                # takes hours; a hash join over the whole survey takes seconds whatever the planner believes.
                cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(ResponseCount._meta.db_table)} "  # noqa: S608
                f"(survey_id, source, shard, n) SELECT survey_id, source, 0, COUNT(*) FROM {response} "
                f"WHERE survey_id = %s GROUP BY survey_id, source",
                [survey.pk],
            )
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(AnswerCount._meta.db_table)} "  # noqa: S608
                f"(survey_id, question_id, {row}, choice, shard, n) "
                f"SELECT survey_id, question_id, COALESCE({row}, 0), COALESCE(choice, 0), 0, COUNT(*) FROM {answer} "
                f"WHERE survey_id = %s AND (choice IS NOT NULL OR text <> '') "
                f"GROUP BY survey_id, question_id, COALESCE({row}, 0), COALESCE(choice, 0)",
                [survey.pk],
            )
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(PairCount._meta.db_table)} "  # noqa: S608
                f"(survey_id, question_a_id, choice_a, question_b_id, choice_b, shard, n) "
                f"SELECT a.survey_id, a.question_id, a.choice, b.question_id, b.choice, 0, COUNT(*) FROM {answer} a "
                f"JOIN {answer} b ON a.response_id = b.response_id AND a.question_id < b.question_id "
                f"WHERE a.survey_id = %s AND b.survey_id = %s AND a.{row} IS NULL AND b.{row} IS NULL "
                f"AND a.choice IS NOT NULL AND b.choice IS NOT NULL "
                f"GROUP BY a.survey_id, a.question_id, a.choice, b.question_id, b.choice",
                [survey.pk, survey.pk],
            )


def _in_step(survey: Survey) -> bool:
    """Whether every stored response is counted: one statement, so both numbers come from the same moment."""
    response = connection.ops.quote_name(Response._meta.db_table)
    counted = connection.ops.quote_name(ResponseCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {response} WHERE survey_id = %s), "  # noqa: S608
            f"(SELECT COALESCE(SUM(n), 0) FROM {counted} WHERE survey_id = %s)",
            [survey.pk, survey.pk],
        )
        stored, recorded = cursor.fetchone()
    return stored == recorded


def responses_by_source(survey: Survey) -> dict[str, int]:
    if not _in_step(survey):
        rebuild(survey)
    found: Counter = Counter()
    for source, n in ResponseCount.objects.filter(survey=survey).values_list("source", "n"):
        found[source] += n
    return dict(found)


def choice_counts(survey: Survey) -> tuple[dict[tuple[int, int | None], dict[int, int]], dict[int, int]]:
    """({(question id, row or None): {option id: count}}, {question id: written answers})."""
    counts: dict[tuple[int, int | None], dict[int, int]] = {}
    texts: Counter = Counter()
    for question_id, row, choice, n in AnswerCount.objects.filter(survey=survey).values_list(
        "question_id", "row", "choice", "n"
    ):
        if choice == TEXT:
            texts[question_id] += n
        else:
            options = counts.setdefault((question_id, row or None), {})
            options[choice] = options.get(choice, 0) + n
    return counts, dict(texts)


def pair_counts(survey: Survey, pairs: list) -> dict[tuple[int, int, int, int], int]:
    """{(row question, row option, column question, column option): count} for the given question pairs."""
    wanted = {tuple(sorted((a.pk, b.pk))) for a, b in pairs if a.pk != b.pk}
    if not wanted:
        return {}
    question_ids = {q for pair in wanted for q in pair}
    found: Counter = Counter()
    rows = PairCount.objects.filter(survey=survey, question_a__in=question_ids, question_b__in=question_ids)
    for qa, ca, qb, cb, n in rows.values_list("question_a_id", "choice_a", "question_b_id", "choice_b", "n"):
        if (qa, qb) in wanted:
            found[(qa, ca, qb, cb)] += n
            found[(qb, cb, qa, ca)] += n
    return dict(found)
