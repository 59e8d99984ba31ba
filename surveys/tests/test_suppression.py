"""Suppression: no released count from 1 to 9, and no hidden count recoverable from what is released."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.results import survey_results
from surveys.services import AnswerData, response_submit
from surveys.suppression import suppress
from surveys.tests.factories import make_survey


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination (a different route from the module's own audit)."""
    rows = [r[:] for r in rows if any(r)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def recoverable_by_subtraction(lines, hidden) -> set:
    """Hidden keys whose value is fixed by the released sums: e_k lies in the row space of the equations."""
    unknowns = sorted({k for line in lines for k in line if k in hidden}, key=repr)
    index = {k: i for i, k in enumerate(unknowns)}
    matrix = []
    for total, *members in lines:
        row = [Fraction(0)] * len(unknowns)
        if total in index:
            row[index[total]] += 1
        for member in members:
            if member in index:
                row[index[member]] -= 1
        matrix.append(row)
    base = _rank(matrix)
    found = set()
    for key in unknowns:
        unit = [Fraction(0)] * len(unknowns)
        unit[index[key]] = Fraction(1)
        if _rank([*matrix, unit]) == base:
            found.add(key)
    return found


def two_way(cells: list[list[int]]):
    values, lines = {}, []
    rows, cols = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(cols):
            values[(r, c)] = cells[r][c]
    for r in range(rows):
        values[("row", r)] = sum(cells[r])
    for c in range(cols):
        values[("col", c)] = sum(cells[r][c] for r in range(rows))
    values["N"] = sum(map(sum, cells))
    lines += [[("row", r), *[(r, c) for c in range(cols)]] for r in range(rows)]
    lines += [[("col", c), *[(r, c) for r in range(rows)]] for c in range(cols)]
    lines += [["N", *[("row", r) for r in range(rows)]], ["N", *[("col", c) for c in range(cols)]]]
    return values, lines


tables = st.integers(min_value=2, max_value=5).flatmap(
    lambda rows: st.integers(min_value=2, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_two_way_tables_hide_small_counts_and_leave_none_recoverable(cells):
    values, lines = two_way(cells)
    hidden = suppress(values, lines, released=["N"])
    # N, the number of responses, is always published; everything else from 1 to 9 is hidden.
    assert not [k for k, v in values.items() if 0 < v < 10 and k not in hidden and k != "N"]
    assert recoverable_by_subtraction(lines, hidden) == set()
    assert not small_hidden_sums(values, lines, hidden)


def small_hidden_sums(values, lines, hidden) -> list:
    """Lines whose shown total less their shown counts gives a group of 1 to 9: the hidden counts' sum.

    A line with every count hidden tells only its total, which is published anyway (N, the number of responses).
    """
    found = []
    for total, *members in lines:
        hidden_sum = sum(values[k] for k in members if k in hidden)
        if total not in hidden and 0 < hidden_sum < 10 and hidden_sum != values[total]:
            found.append((total, members))
    return found


def test_hidden_counts_of_a_line_never_add_up_to_a_small_group():
    # Female: Yes 13 of 16. Hiding only No 2 and Don't know 1 tells that 3 women did not say Yes.
    values = {"N": 16, "yes": 13, "no": 2, "dont_know": 1}
    hidden = suppress(values, [["N", "yes", "no", "dont_know"]], released=["N"])
    assert hidden == {"yes", "no", "dont_know"}
    values, lines = two_way([[13, 2, 1], [20, 15, 12]])
    hidden = suppress(values, lines, released=["N", ("row", 0), ("row", 1)])
    assert (0, 0) in hidden and not small_hidden_sums(values, lines, hidden)


def test_a_single_small_count_in_a_line_gets_a_partner():
    values = {"N": 40, "a": 3, "b": 25, "c": 12}
    hidden = suppress(values, [["N", "a", "b", "c"]], released=["N"])
    assert hidden == {"a", "c"}


def test_the_classic_subtraction_attack_is_blocked():
    # Row total 30 = 27 + 3: hiding only the 3 would let anyone compute it as 30 - 27.
    values, lines = two_way([[27, 3], [15, 15]])
    hidden = suppress(values, lines, released=["N"])
    assert (0, 1) in hidden and recoverable_by_subtraction(lines, hidden) == set()


answer_sets = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 5), st.integers(0, 3)), min_size=0, max_size=70
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=answer_sets,
    pair=st.sampled_from(
        [("support", "transferred"), ("support", "income"), ("pay_comparison", "gender"), ("income", "disabled")]
    ),
)
def test_survey_results_over_random_answers_and_cross_tabs(branch_a, rows, pair):
    """Random answer sets and filter pairs: nothing from 1 to 9 is shown, and the per-question tables plus the
    cross-tab, taken together, let nobody work out a hidden count."""
    survey = make_survey(branch_a)
    questions = {q.role: q for q in survey.questions.all()}
    roles = ("support", "transferred", "income", "gender", "pay_comparison", "disabled")
    stored = 0
    for a, b, c, d in rows:
        picks = dict(zip(roles, (a, b, c, d, a, b), strict=True))
        answers = [
            AnswerData(questions[role].pk, choice=questions[role].options[index - 1]["id"])
            for role, index in picks.items()
            if 0 < index <= len(questions[role].options)
        ]
        if answers:  # nothing answered is refused, never a response
            response_submit(survey=survey, answers=answers, contact=None)
            stored += 1
    row_q, col_q = questions[pair[0]], questions[pair[1]]
    results = survey_results(survey, pairs=[(row_q, col_q)])
    assert results.responses == (None if 0 < stored < 10 else stored)

    shown = [c.count for q in results.questions for c in q.cells] + [
        c.count for t in results.crosstabs for line in t.lines for c in line.cells
    ]
    assert not [n for n in shown if n is not None and 0 < n < 10]

    # Rebuild every published equation and check the hidden cells against all of them at once.
    (table,) = results.crosstabs
    by_id = {q.id: q for q in results.questions}
    row_cells, col_cells = by_id[row_q.pk].cells, by_id[col_q.pk].cells
    hidden = set()
    lines = []
    n_rows, n_cols = len(row_cells), len(col_cells)
    for r, cell in enumerate(row_cells):
        if cell.count is None:
            hidden.add(("row", r))
    for c, cell in enumerate(col_cells):
        if cell.count is None:
            hidden.add(("col", c))
    for r, line in enumerate(table.lines):
        assert line.cells[-1].count == row_cells[r].count  # the cross-tab's totals are the published ones
        for c, cell in enumerate(line.cells[:-1]):
            if cell.count is None:
                hidden.add((r, c))
    for c, cell in enumerate(table.totals[:-1]):
        assert cell.count == col_cells[c].count
    lines += [[("row", r), *[(r, c) for c in range(n_cols)]] for r in range(n_rows)]
    lines += [[("col", c), *[(r, c) for r in range(n_rows)]] for c in range(n_cols)]
    lines += [["N", *[("row", r) for r in range(n_rows)]], ["N", *[("col", c) for c in range(n_cols)]]]
    assert recoverable_by_subtraction(lines, hidden) == set()
