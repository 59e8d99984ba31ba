"""Results: counts, rate, suppression on the page and in the CSV, the discontent factor and campaign evidence."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from surveys.models import Survey, question_numbers
from surveys.results import key_arguments, latest_discontent, survey_results
from surveys.tests.factories import answer, answer_randomly, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(branch_a, alice):
    return make_survey(branch_a, alice, open_it=True, staff_count=200)


def _cells(results, role_text):
    question = next(q for q in results.questions if q.text.startswith(role_text))
    return {c.label: c.count for c in question.cells}


def test_counts_percentages_and_response_rate(survey):
    for _ in range(30):
        answer(survey, support="yes", transferred="yes")
    for _ in range(12):
        answer(survey, support="no", transferred="no")
    answer(survey, support="dont-know", source="paper")
    results = survey_results(survey)
    # One paper form is a group of one: the paper count is withheld (issue 17), the total is not.
    assert (results.responses, results.paper, results.rate) == (43, None, 21.5)
    support = _cells(results, "Would you support a campaign")
    # "Don't know" (1) is hidden, and so is the next smallest count in the line ("No answer" is 0, "No" is 12).
    assert support == {"Yes": 30, "No": None, "Don't know": None, "No answer": 0}
    question = next(q for q in results.questions if q.text.startswith("Would you support"))
    assert question.cells[0].percent == round(100 * 30 / 43, 1)


def test_unknown_staff_numbers_give_no_response_rate(branch_a, alice):
    survey = make_survey(branch_a, alice, staff_count=None)
    answer(survey, support="yes")
    assert survey_results(survey).rate is None


def test_default_cross_tab_is_support_by_transferred_with_totals_matching_the_question(survey):
    for _ in range(20):
        answer(survey, support="yes", transferred="yes")
    for _ in range(15):
        answer(survey, support="yes", transferred="no")
    for _ in range(3):
        answer(survey, support="no", transferred="no")
    for _ in range(10):
        answer(survey, support="dont-know")
    table = survey_results(survey).crosstabs[0]
    assert table.row_question.startswith("Would you support")
    assert table.column_question.startswith("Did you previously work")
    yes_line = table.lines[0]
    assert yes_line.label == "Yes"
    # The 3 who answered No are a group under 10: their whole row is hidden, zeros included (issue 17), and so
    # is the "Don't know" row beside them, or the column totals (18 who did not transfer) would give the 3 away.
    # Showing 15 of the 18 who did not transfer would tell that 3 of them did not say Yes, so the 15 is hidden,
    # and the 20 beside it, or 35 - 20 would give the 15 back.
    assert [c.count for c in yes_line.cells[:2]] == [None, None]
    assert [c.count for c in table.totals[:2]] == [20, 18]
    assert yes_line.cells[-1].count == 35
    assert all(c.count is None for line in table.lines[1:3] for c in line.cells)


def test_results_page_shows_counts_matrix_text_and_cross_tabs(alice_client, survey):
    answer_randomly(survey, 60)
    response = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "60 responses" in body and "response rate of 30.0%" in body
    assert "Quality of service" in body and "Rate of staff leaving their job" in body
    assert "written answer" in body
    assert "Comparing this page before and after one more person answers" in body  # the residual risk, said
    assert "<svg" in body
    # The default table's caption comes first and says which question is the rows and which the columns.
    assert re.search(r'<table class="[^"]*caption-top[^"]*">\s*<caption[^>]*><span[^>]*>Rows: \d+\. Would you', body)
    assert "Columns: " in body


def test_results_page_cross_tab_can_be_chosen(alice_client, survey):
    answer_randomly(survey, 20)
    gender = survey.questions.get(role="gender")
    income = survey.questions.get(role="income")
    url = reverse("surveys:survey_results", kwargs={"pk": survey.pk})
    body = alice_client.get(url, {"rows": gender.pk, "columns": income.pk}).content.decode()
    numbers = question_numbers(survey.questions.all())
    assert f"Rows: {numbers[gender.pk]}. How do you describe your gender?" in body
    assert f"Columns: {numbers[income.pk]}. What income band" in body
    assert re.search(rf'name="rows">.*<option value="{gender.pk}" selected>', body)
    assert re.search(rf'name="columns">.*<option value="{income.pk}" selected>', body)


def test_results_page_cross_tab_picker_starts_at_the_table_shown_not_q1_by_q1(alice_client, survey):
    answer_randomly(survey, 20)
    support = survey.questions.get(role="support")
    transferred = survey.questions.get(role="transferred")
    body = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert re.search(rf'name="rows">.*<option value="{support.pk}" selected>', body)
    assert re.search(rf'name="columns">.*<option value="{transferred.pk}" selected>', body)


def test_results_page_query_count_does_not_grow_with_answers(
    alice_client, survey, count_queries, django_assert_max_num_queries
):
    url = reverse("surveys:survey_results", kwargs={"pk": survey.pk})
    answer_randomly(survey, 1)
    one = count_queries(lambda: alice_client.get(url))
    answer_randomly(survey, 500, seed=2)
    many = count_queries(lambda: alice_client.get(url))
    assert one == many
    with django_assert_max_num_queries(16):
        alice_client.get(url)


def test_text_answers_are_listed_alphabetically(alice_client, survey):
    answer_randomly(survey, 40)
    question = survey.questions.get(role="pay_differences")
    body = alice_client.get(reverse("surveys:text_answers", kwargs={"pk": survey.pk, "question_pk": question.pk}))
    texts = [t for t in ("Lower pay", "No sick pay", "Short staffed") if t in body.content.decode()]
    assert texts and body.content.decode().index(texts[0]) < body.content.decode().index(texts[-1])


def test_written_answers_and_their_number_wait_for_ten_responses(alice_client, survey):
    from surveys.services import AnswerData, response_submit

    written = survey.questions.get(role="pay_differences")
    response_submit(survey=survey, answers=[AnswerData(written.pk, text="Dave on nights docks my pay")], contact=None)
    text_url = reverse("surveys:text_answers", kwargs={"pk": survey.pk, "question_pk": written.pk})
    page = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "1 written answer" not in page and text_url not in page
    assert "Written answers are shown once the survey has 10 responses" in page
    assert "Dave on nights" not in alice_client.get(text_url).content.decode()
    assert all(q.text_answers is None for q in survey_results(survey).questions if q.id == written.pk)
    for _ in range(9):
        answer(survey, support="yes")
    assert "Dave on nights" in alice_client.get(text_url).content.decode()
    page = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "1 written answer" in page and text_url in page


def test_csv_export_holds_suppressed_aggregates_not_rows(alice_client, survey):
    for _ in range(12):
        answer(survey, support="yes", transferred="yes")
    for _ in range(10):
        answer(survey, support="dont-know")
    answer(survey, support="no", transferred="no")
    response = alice_client.get(reverse("surveys:survey_export_csv", kwargs={"pk": survey.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["table", "question", "row", "answer", "count", "percent of responses"]
    assert ["responses", "All responses", "", "", "23", ""] in rows
    number = question_numbers(survey.questions.all())[survey.questions.get(role="support").pk]
    support = [r for r in rows if r[0] == "question" and r[1].startswith(f"{number}. Would you support")]
    assert [r[3:5] for r in support] == [["Yes", "12"], ["No", "hidden"], ["Don't know", "hidden"], ["No answer", "0"]]
    assert not any(r[4] in {str(n) for n in range(1, 10)} for r in rows[2:])


def test_export_page_documents_the_suppression_rules(client, olive, survey):
    client.force_login(olive)
    body = client.get(reverse("surveys:survey_export", kwargs={"pk": survey.pk})).content.decode()
    assert "Complementary suppression" in body and "does <strong>not</strong> hold one row per person" in body


def test_discontent_is_the_share_answering_worse(survey):
    for _ in range(15):
        answer(survey, pay_comparison="worse")
    for _ in range(10):
        answer(survey, pay_comparison="equal")
    found = latest_discontent(survey.contract.surveys.all())
    assert (found.share, found.n) == (0.6, 25)


def test_discontent_falls_back_to_all_responses_when_the_non_answers_are_hidden(survey):
    for _ in range(15):
        answer(survey, pay_comparison="worse")
    for _ in range(10):
        answer(survey, pay_comparison="equal")
    answer(survey, support="yes")  # one person skipped question 1: that count of 1 is hidden
    found = latest_discontent(survey.contract.surveys.all())
    assert (round(found.share, 3), found.n) == (round(15 / 26, 3), 26)


def test_discontent_is_withheld_when_the_count_would_expose_a_small_group(survey):
    for _ in range(4):
        answer(survey, pay_comparison="worse")
    found = latest_discontent(survey.contract.surveys.all())
    assert found.share is None and found.n == 0  # 4 would be a small group's count


def test_no_survey_means_no_discontent(branch_a):
    from contracts.tests.factories import ContractFactory

    assert latest_discontent(ContractFactory(branch=branch_a).surveys.all()) is None


def test_campaign_key_arguments_come_from_its_surveys(survey, branch_a):
    campaign = Campaign.objects.create(branch=branch_a, name="Bring cleaning back in-house")
    Survey.objects.filter(pk=survey.pk).update(campaign=campaign)
    for _ in range(20):
        answer(survey, support="yes", pay_comparison="worse")
    for _ in range(10):
        answer(survey, support="no", pay_comparison="equal")
    texts = [e.text for e in key_arguments(campaign.surveys.all())]
    assert "67% of 30 staff who answered would support a campaign to return the service to direct provision." in texts
    assert "67% of 30 staff who answered see their pay, terms and conditions as worse." in texts


def _officials_with_posts(survey, count: int):
    from surveys.services import AnswerData, response_submit

    union = survey.questions.get(role="union")
    for n in range(count):
        answer = AnswerData(union.pk, choice=union.detail_option, text=f"Steward {n:02d}")
        response_submit(survey=survey, answers=[answer], contact=None)
    return union


def test_officials_posts_are_counted_and_readable_once_there_are_10_responses(alice_client, survey):
    union = _officials_with_posts(survey, 10)
    body = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "10 people who answered “An official for UNISON (please detail your post below)” wrote their post" in body
    url = reverse("surveys:text_answers", kwargs={"pk": survey.pk, "question_pk": union.pk})
    assert url in body
    page = alice_client.get(url).content.decode()
    assert "Steward 00" in page and "Steward 09" in page


def test_officials_posts_stay_hidden_under_10_responses(alice_client, survey):
    union = _officials_with_posts(survey, 9)
    body = alice_client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "stay hidden until there are 10 responses" in body and "Steward" not in body
    url = reverse("surveys:text_answers", kwargs={"pk": survey.pk, "question_pk": union.pk})
    assert url not in body
    assert alice_client.get(url).status_code == 404


def test_contacts_page_names_the_join_question_by_its_number_and_words(alice_client, survey):
    join = survey.questions.get(role="join")
    number = question_numbers(survey.questions.all())[join.pk]
    body = alice_client.get(reverse("surveys:survey_contacts", kwargs={"pk": survey.pk})).content.decode()
    assert f"to question {number}, “{join.text[:40]}" in unescape(body)


def test_choose_all_that_apply_results_say_of_how_many_responses(alice_client, survey):
    from surveys.services import question_add

    multi = question_add(
        survey=survey, kind="multi", text="Which shifts do you work?", options=["Early", "Late"], rows=[], page=1,
        section="views",
    )  # fmt: skip
    url = reverse("surveys:survey_results", kwargs={"pk": survey.pk})
    answer(survey, support="yes")
    few = alice_client.get(url).content.decode()
    assert "each percentage is of all responses" in few and "all None responses" not in few
    for _ in range(11):
        answer(survey, support="yes")
    assert multi.pk and "each percentage is of all 12 responses" in alice_client.get(url).content.decode()
