"""The disclosure audit: from everything published about a survey, no count from 1 to 9 can be worked out.

Random surveys (lone respondents and tiny groups included) are answered; every published number is collected (the
response count, the paper count, every question's table, every cross-tab of every pair of profile and key
questions, as on the results page, the CSV and the API, which all serve the same `Results`). The structure the
reader knows (each table's lines add up to their totals, cross-tab margins are the questions' own counts, no
count is negative) and the published numbers form a linear program; for each hidden count, its least and greatest
feasible values are found with `scipy.optimize.linprog`. None may be pinned to a single value from 1 to 9, and
neither may the sum of the hidden counts of any line (Female: Yes 13 of 16 pins "not Yes" to 3).
"""

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from surveys.results import NO_ANSWER, survey_results
from surveys.services import AnswerData, response_submit
from surveys.tests.factories import make_survey

ROLES = ("support", "transferred", "income", "pay_comparison", "gender")


class Audit:
    def __init__(self):
        self.index: dict = {}
        self.equations: list[tuple[dict, float]] = []  # ({variable: coefficient}, right-hand side)
        self.published: dict = {}
        self.problems: list[str] = []
        self.lines: list[tuple] = []  # (total, parts) as the reader knows them

    def var(self, key) -> int:
        return self.index.setdefault(key, len(self.index))

    def sums_to(self, total, parts) -> None:
        self.lines.append((total, list(parts)))
        row = {self.var(total): 1.0}
        for part in parts:
            row[self.var(part)] = row.get(self.var(part), 0.0) - 1.0
        self.equations.append((row, 0.0))

    def publish(self, key, count, truth) -> None:
        self.var(key)
        if count is not None:
            assert count == truth, key
            self.published[key] = count
            self.equations.append(({self.var(key): 1.0}, float(count)))
        else:
            self.published.setdefault(key, None)

    def pinned(self, truths: dict) -> list[tuple]:
        size = len(self.index)
        a_eq = [[row.get(i, 0.0) for i in range(size)] for row, _ in self.equations]
        b_eq = [rhs for _, rhs in self.equations]
        # Each hidden count alone, then the hidden counts of each line together.
        targets = [((key,), truths[key]) for key, count in self.published.items() if count is None]
        for _total, parts in self.lines:
            hidden = tuple(dict.fromkeys(p for p in parts if self.published.get(p, 0) is None))
            if len(hidden) > 1:
                targets.append((hidden, sum(truths[p] for p in hidden)))
        found = []
        for keys, truth in targets:
            objective = [0.0] * size
            for key in keys:
                objective[self.index[key]] = 1.0
            low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            high = linprog([-c for c in objective], A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            assert low.status == 0, (keys, low.message)
            lowest = math.ceil(low.fun - 1e-6)
            highest = math.floor(-high.fun + 1e-6) if high.status == 0 else math.inf
            if lowest == highest and 1 <= lowest <= 9:
                found.append((keys, lowest, truth))
        return found


def _collect(survey, questions, truths_by_response) -> tuple[Audit, dict]:
    audit, truths = Audit(), {}
    total = len(truths_by_response)
    truths["N"] = total
    results = survey_results(survey, pairs=[])
    audit.publish("N", results.responses, total)
    paper = 0
    truths["paper"], truths["online"] = paper, total - paper
    audit.publish("paper", results.paper, paper)
    audit.var("online")
    audit.sums_to("N", ["paper", "online"])
    for result in results.questions:
        question = next((q for q in questions.values() if q.pk == result.id), None)
        if question is None or not result.cells:
            continue
        keys = [o["id"] for o in question.options] + [NO_ANSWER]
        for key, cell in zip(keys, result.cells, strict=True):
            truth = sum(1 for answers in truths_by_response if answers.get(question.pk, NO_ANSWER) == key)
            truths[(question.pk, key)] = truth
            audit.publish((question.pk, key), cell.count, truth)
        audit.sums_to("N", [(question.pk, key) for key in keys])
    for a, b in itertools.combinations(questions.values(), 2):
        table = survey_results(survey, pairs=[(a, b)]).crosstabs[0]
        row_keys = [o["id"] for o in a.options] + [NO_ANSWER]
        column_keys = [o["id"] for o in b.options] + [NO_ANSWER]
        for r, line in zip(row_keys, table.lines, strict=True):
            for c, cell in zip(column_keys, line.cells[:-1], strict=True):
                truth = sum(
                    1
                    for answers in truths_by_response
                    if answers.get(a.pk, NO_ANSWER) == r and answers.get(b.pk, NO_ANSWER) == c
                )
                truths[(a.pk, r, b.pk, c)] = truth
                audit.publish((a.pk, r, b.pk, c), cell.count, truth)
                if line.cells[-1].count is None and cell.count is not None:
                    audit.problems.append(f"a cell of a hidden group is shown: {a.role}={r} x {b.role}={c}")
            audit.publish((a.pk, r), line.cells[-1].count, truths[(a.pk, r)])
            audit.sums_to((a.pk, r), [(a.pk, r, b.pk, c) for c in column_keys])
        for c, cell in zip(column_keys, table.totals[:-1], strict=True):
            audit.publish((b.pk, c), cell.count, truths[(b.pk, c)])
            audit.sums_to((b.pk, c), [(a.pk, r, b.pk, c) for r in row_keys])
            if cell.count is None:
                shown = [line.cells[i].count for line in table.lines for i in [column_keys.index(c)]]
                if any(n is not None for n in shown):
                    audit.problems.append(f"a cell of a hidden group is shown: {b.role}={c}")
        audit.publish("N", table.totals[-1].count, total)
    return audit, truths


# Each response: for each role an option index (0 = no answer). Few distinct answers make tiny groups likely.
responses = st.lists(st.tuples(*[st.integers(0, 3) for _ in ROLES]), min_size=1, max_size=40)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=responses)
def test_no_published_combination_pins_a_count_from_1_to_9(branch_a, rows):
    survey = make_survey(branch_a)
    questions = {q.role: q for q in survey.questions.all() if q.role in ROLES}
    stored = []
    for row in rows:
        answers = {
            questions[role].pk: questions[role].options[index - 1]["id"]
            for role, index in zip(ROLES, row, strict=True)
            if 0 < index <= len(questions[role].options)
        }
        if not answers:
            continue  # refused: nothing answered is never a response
        response_submit(
            survey=survey, answers=[AnswerData(q, choice=choice) for q, choice in answers.items()], contact=None
        )
        stored.append(answers)
    if not stored:
        return
    audit, truths = _collect(survey, questions, stored)
    assert not audit.problems, audit.problems
    assert not audit.pinned(truths), "hidden counts the published numbers pin down (key, value, truth)"
