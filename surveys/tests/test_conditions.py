"""The guide's conditional questions, decided on the server (no JavaScript needed), and the real count shown."""

import re
from html import unescape

import pytest
from django.urls import reverse

from surveys import contacts
from surveys.models import Answer, PendingContact, Question, Response, SurveyContact
from surveys.services import ContactData, question_add
from surveys.tests.factories import answer, make_survey, option_id, page_url, question
from surveys.tests.factories import field as q

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def numbers_shown(response) -> list[str]:
    return re.findall(r'class="question-number">(\d+)\.', response.content.decode())


def test_the_start_page_says_how_many_questions_at_most(client, survey):
    body = text_of(client.get(reverse("surveys:member_start", kwargs={"token": survey.token})))
    assert "Up to 13 questions" in body
    assert "Every question is optional" in body


def test_question_2_is_asked_only_of_those_who_find_their_terms_better_or_worse(client, survey):
    client.post(page_url(survey, 1), {q(survey, "pay_comparison"): option_id(survey, "pay_comparison", "equal")})
    page = client.get(page_url(survey, 2))
    assert q(survey, "pay_differences") not in page.content.decode()
    assert q(survey, "transferred") in page.content.decode()
    # Numbers are the survey's own, as on paper and in the results: the skipped question 2 leaves a gap.
    assert numbers_shown(page) == ["3"]

    client.post(page_url(survey, 1), {q(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse")})
    page = client.get(page_url(survey, 2))
    assert q(survey, "pay_differences") in page.content.decode()
    assert numbers_shown(page) == ["2", "3"]


def test_question_3_is_asked_only_of_those_who_worked_for_the_authority(client, survey):
    equal = option_id(survey, "pay_comparison", "equal")
    client.post(page_url(survey, 1), {q(survey, "pay_comparison"): equal})
    assert "Page 2 of 8" in text_of(client.get(page_url(survey, 2)))  # question 3 still possible

    no = client.post(page_url(survey, 2), {q(survey, "transferred"): option_id(survey, "transferred", "no")})
    assert no["Location"] == page_url(survey, 4)  # page 3 (question 3) is skipped
    page = client.get(page_url(survey, 4))
    assert "Page 3 of 7" in text_of(page)
    assert numbers_shown(page) == ["5"]  # question 4 (page 3) was skipped; the number stays the survey's own
    assert client.get(page_url(survey, 3))["Location"] == page_url(survey, 4)
    assert client.post(page_url(survey, 4), {"action": "back"})["Location"] == page_url(survey, 2)

    yes = client.post(page_url(survey, 2), {q(survey, "transferred"): option_id(survey, "transferred", "yes")})
    assert yes["Location"] == page_url(survey, 3)
    assert "Page 3 of 8" in text_of(client.get(page_url(survey, 3)))


def test_answers_to_a_question_no_longer_asked_are_not_sent(client, survey):
    client.post(page_url(survey, 1), {q(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse")})
    client.post(page_url(survey, 2), {q(survey, "pay_differences"): "Less holiday", "action": "back"})
    client.post(page_url(survey, 1), {q(survey, "pay_comparison"): option_id(survey, "pay_comparison", "equal")})
    for page in (2, 4, 5, 6, 7):
        assert client.post(page_url(survey, page), {})["Location"].endswith(f"/{page + 1 + (page == 2)}/")
    done = client.post(page_url(survey, 8), {})
    assert done["Location"].endswith("/thanks/")
    assert not Answer.objects.filter(question=question(survey, "pay_differences")).exists()
    assert Answer.objects.get(question=question(survey, "pay_comparison")).choice == option_id(
        survey, "pay_comparison", "equal"
    )


def follow_up_usable(response, name: str) -> bool:
    """Whether a follow-up field is there to fill in: present, and neither disabled nor inside a hidden block."""
    body = response.content.decode()
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    if tag is None or " disabled" in tag.group(0):
        return False
    block = body[: tag.start()].rsplit("data-follow-up-for=", 1)[-1].split(">", 1)[0]
    return " hidden" not in block


def test_an_officials_post_is_asked_only_of_officials_and_appears_without_javascript(client, survey):
    union = q(survey, "union")
    page = client.get(page_url(survey, 7))
    assert not follow_up_usable(page, f"{union}_detail")  # sent hidden and disabled, for JavaScript to reveal
    other = client.post(page_url(survey, 7), {union: option_id(survey, "union", "unison")})
    assert other.status_code == 302

    official = option_id(survey, "union", "official")
    shown = client.post(page_url(survey, 7), {union: official})
    assert shown.status_code == 200
    assert follow_up_usable(shown, f"{union}_detail")
    assert "Please add the details below" in text_of(shown)
    assert client.post(page_url(survey, 7), {union: official, f"{union}_detail": "Branch secretary"}).status_code == 302
    client.post(page_url(survey, 8), {})
    assert Answer.objects.get(question=question(survey, "union")).text == "Branch secretary"


def test_contact_details_are_asked_only_after_yes(client, survey):
    join = q(survey, "join")
    assert not follow_up_usable(client.get(page_url(survey, 8)), f"{join}_name")
    no = client.post(page_url(survey, 8), {join: option_id(survey, "join", "no")})
    assert no["Location"].endswith("/thanks/")
    yes = {join: option_id(survey, "join", "yes")}
    shown = client.post(page_url(survey, 8), yes)
    assert shown.status_code == 200 and follow_up_usable(shown, f"{join}_name")
    assert Response.objects.count() == 1
    sent = client.post(page_url(survey, 8), {**yes, f"{join}_name": "Sam", f"{join}_email": "", f"{join}_phone": "07"})
    assert sent["Location"].endswith("/thanks/?contact=1")
    assert PendingContact.objects.filter(survey=survey).count() == 1  # sealed until a batch of ten
    for number in range(contacts.BATCH - 1):
        answer(survey, join="yes", contact=ContactData(name=f"Other {number}"))
    assert SurveyContact.objects.filter(name="Sam").count() == 1


def test_a_required_question_must_be_answered_and_an_optional_one_need_not_be(client, survey):
    custom = question_add(
        survey=survey,
        kind="text",
        text="Which site do you work at?",
        options=[],
        rows=[],
        page=9,
        section="views",
        required=True,
    )
    empty = client.post(page_url(survey, 9), {f"q{custom.pk}": ""})
    assert empty.status_code == 400
    assert "Answer this question" in text_of(empty)
    assert "(required)" in text_of(empty)
    assert client.post(page_url(survey, 8), {})["Location"] == page_url(survey, 9)
    sent = client.post(page_url(survey, 9), {f"q{custom.pk}": "Depot"})
    assert sent["Location"].endswith("/thanks/")
    start = text_of(client.get(reverse("surveys:member_start", kwargs={"token": survey.token})))
    assert "Questions marked “required” need an answer" in start


def test_a_choose_all_that_apply_question_stores_each_choice(client, survey):
    custom = question_add(
        survey=survey,
        kind=Question.Kind.MULTI,
        text="Which shifts do you work?",
        options=["Early", "Late", "Night"],
        rows=[],
        page=9,
        section="views",
    )
    page = client.get(page_url(survey, 9)).content.decode()
    assert page.count(f'type="checkbox" name="q{custom.pk}"') == 3
    assert "Choose all that apply." in page
    assert client.post(page_url(survey, 9), {f"q{custom.pk}": ["1", "3"]})["Location"].endswith("/thanks/")
    assert sorted(Answer.objects.filter(question=custom).values_list("row", "choice")) == [(1, 1), (3, 1)]


def test_a_condition_must_depend_on_an_earlier_page(alice_client, branch_a, alice):
    draft = make_survey(branch_a, alice)
    pay = question(draft, "pay_comparison")
    url = reverse("surveys:question_add", kwargs={"pk": draft.pk})
    data = {"kind": "text", "text": "Why?", "page": "1", "section": "views", "show_if": [f"{pay.pk}:2"]}
    refused = alice_client.post(url, data)
    assert refused.status_code == 200
    assert "put this one on a later page" in refused.content.decode()
    assert alice_client.post(url, {**data, "page": "2"}).status_code == 302
    added = draft.questions.get(text="Why?")
    assert (added.show_if_question, added.show_if_options) == (pay, [2])


def test_several_answers_per_person_are_counted_and_small_counts_hidden(survey):
    from surveys.models import PairCount
    from surveys.results import survey_results
    from surveys.services import AnswerData, response_submit

    shifts = question_add(
        survey=survey, kind=Question.Kind.MULTI, text="Which shifts do you work?", options=["Early", "Late", "Night"],
        rows=[], page=9, section="views",
    )  # fmt: skip
    support = question(survey, "support")
    for n in range(20):
        chosen = [1, 3] if n < 10 else [3] if n < 19 else [2, 3]  # Early 10, Late 1, Night 20
        answers = [AnswerData(shifts.pk, row=option, choice=1) for option in chosen]
        response_submit(survey=survey, answers=[*answers, AnswerData(support.pk, choice=1)], contact=None)
    result = next(r for r in survey_results(survey).questions if r.id == shifts.pk)
    assert [(c.label, c.count, c.percent) for c in result.cells] == [
        ("Early", 10, 50.0),
        ("Late", None, None),  # one person: hidden
        ("Night", 20, 100.0),
    ]
    shifts.options = [*shifts.options, {"id": 4, "key": "", "label": "Weekend"}]
    shifts.save()
    response_submit(survey=survey, answers=[AnswerData(shifts.pk, row=1, choice=1)], contact=None)
    cells = next(r for r in survey_results(survey).questions if r.id == shifts.pk).cells
    # Night: 20 of 21, so the one who did not choose it could be worked out: hidden with its complement.
    assert [(c.label, c.count) for c in cells] == [("Early", 11), ("Late", None), ("Night", None), ("Weekend", 0)]
    assert not PairCount.objects.filter(question_a=shifts).exists()
    assert not PairCount.objects.filter(question_b=shifts).exists()


def test_officers_add_a_required_choose_all_that_apply_question(alice_client, branch_a, alice):
    draft = make_survey(branch_a, alice)
    url = reverse("surveys:question_add", kwargs={"pk": draft.pk})
    data = {"kind": "multi", "text": "Which shifts?", "options": "Early\nLate", "page": "9", "section": "views"}
    assert alice_client.post(url, {**data, "required": "on"}).status_code == 302
    added = draft.questions.get(text="Which shifts?")
    assert (added.kind, added.required, [o["label"] for o in added.options]) == ("multi", True, ["Early", "Late"])
    listing = alice_client.get(reverse("surveys:survey_questions", kwargs={"pk": draft.pk})).content.decode()
    assert "Choose all that apply · page 9 · Your experiences and views · required" in listing
    assert "Asked only of those who answered" in listing  # the guide's own conditional questions
