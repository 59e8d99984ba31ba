"""Officers create, edit, open and close surveys, key in paper forms, make codes and translations."""

import pytest
from django.urls import reverse

from contracts.tests.factories import ContractFactory
from insourcing.models import GeneratedDocument
from surveys.models import Answer, Question, Response, RevokedLink, Survey, SurveyCode, SurveyContact
from surveys.tests.factories import answer, make_survey, option_id, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(branch_a, alice):
    return make_survey(branch_a, alice, provider__name="CleanCo Ltd")


def url(name, survey, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"pk": survey.pk, **kwargs})


def test_officer_creates_a_survey_for_a_contract(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    response = alice_client.post(reverse("surveys:survey_create", kwargs={"contract_pk": contract.pk}))
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_absolute_url()
    assert (survey.contract, survey.status, survey.questions.count()) == (contract, "draft", 13)
    assert len(survey.token) >= 24


def test_create_refuses_get_with_a_form_and_put(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    create = reverse("surveys:survey_create", kwargs={"contract_pk": contract.pk})
    assert alice_client.get(create).status_code == 200
    assert alice_client.put(create).status_code == 405
    assert not Survey.objects.exists()


def test_contract_section_lists_surveys_and_offers_to_start_one(rf, alice, survey):
    from django.template.loader import render_to_string

    html = render_to_string("surveys/_contract_surveys.html", {"contract": survey.contract, "can_edit": True})
    assert survey.title in html and "Start a survey of this workforce" in html


def test_officer_edits_settings_and_data_protection_statement(alice_client, survey):
    response = alice_client.post(
        url("survey_edit", survey),
        {
            "title": "Cleaners' survey",
            "intro": "Tell us what you think.",
            "privacy_statement": "Held by the branch only.",
            "retention_months": "3",
            "closes_on": "2030-01-31",
            "opens_on": "2030-02-01",
        },
    )
    assert response.status_code == 200
    assert "The closing date must be on or after the opening date." in response.content.decode()
    survey.refresh_from_db()
    assert survey.title != "Cleaners' survey"
    alice_client.post(
        url("survey_edit", survey),
        {
            "title": "Cleaners' survey",
            "intro": "Tell us.",
            "privacy_statement": "Held by the branch only.",
            "retention_months": "3",
        },
    )
    survey.refresh_from_db()
    assert (survey.title, survey.privacy_statement, survey.retention_months) == (
        "Cleaners' survey",
        "Held by the branch only.",
        3,
    )


def test_officer_rewords_reorders_and_adds_questions_before_opening(alice_client, survey):
    q1 = question(survey, "pay_comparison")
    answer(survey, pay_comparison="worse", source="paper")
    response = alice_client.post(
        url("question_edit", survey, question_pk=q1.pk),
        {
            "text": "How does your pay compare?",
            "options": "About the same\nWorse\nBetter\nNot sure",
            "page": "1",
            "section": "views",
        },
    )
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.text == "How does your pay compare?"
    assert q1.previous_texts[0].startswith("How do you see your pay")
    assert [o["label"] for o in q1.options] == ["About the same", "Worse", "Better", "Not sure"]
    assert q1.option_by_key("worse")["label"] == "Worse"  # same id: the paper answer still counts as "worse"
    assert Answer.objects.get(question=q1).choice == q1.option_by_key("worse")["id"]

    q2 = question(survey, "pay_differences")
    alice_client.post(url("question_move", survey, question_pk=q2.pk), {"direction": "up"})
    ordered = list(survey.questions.asked().order_by("position").values_list("role", flat=True))
    assert ordered[:2] == ["pay_differences", "pay_comparison"]

    alice_client.post(
        url("question_add", survey), {"kind": "text", "text": "Anything else?", "page": "7", "section": "views"}
    )
    assert survey.questions.filter(text="Anything else?", kind="text").exists()


def test_removing_an_answered_option_is_refused(alice_client, survey):
    q1 = question(survey, "pay_comparison")
    answer(survey, pay_comparison="better", source="paper")
    response = alice_client.post(
        url("question_edit", survey, question_pk=q1.pk),
        {"text": q1.text, "options": "Roughly equal\nWorse", "page": "1", "section": "views"},
    )
    assert response.status_code == 200
    assert "reword it instead of removing it" in response.content.decode()
    q1.refresh_from_db()
    assert len(q1.options) == 3


def test_dropping_an_answered_question_keeps_its_answers(alice_client, survey):
    q5 = question(survey, "support")
    answer(survey, support="yes", source="paper")
    alice_client.post(url("question_drop", survey, question_pk=q5.pk))
    q5.refresh_from_db()
    assert q5.dropped and Answer.objects.filter(question=q5).count() == 1
    q6 = question(survey, "changes_wanted")
    alice_client.post(url("question_drop", survey, question_pk=q6.pk))
    assert not Question.objects.filter(pk=q6.pk).exists()


def test_questions_are_locked_once_open(alice_client, survey):
    alice_client.post(url("survey_open", survey))
    survey.refresh_from_db()
    assert survey.status == "open" and survey.opens_on is not None
    q1 = question(survey, "pay_comparison")
    alice_client.post(
        url("question_edit", survey, question_pk=q1.pk),
        {"text": "Changed", "options": "A\nB", "page": "1", "section": "views"},
    )
    q1.refresh_from_db()
    assert q1.text != "Changed"


def test_open_close_and_new_link_need_post(alice_client, survey):
    for name in ("survey_open", "survey_close", "survey_new_link", "survey_poster"):
        assert alice_client.get(url(name, survey)).status_code == 405


def test_new_link_withdraws_the_old_one(alice_client, survey):
    old = survey.token
    alice_client.post(url("survey_new_link", survey))
    survey.refresh_from_db()
    assert survey.token != old and RevokedLink.objects.filter(token=old, survey=survey).exists()


def test_close_sets_the_closing_date(alice_client, survey):
    alice_client.post(url("survey_open", survey))
    alice_client.post(url("survey_close", survey))
    survey.refresh_from_db()
    assert survey.status == "closed" and survey.closes_on is not None


def test_poster_request_queues_a_document_for_the_survey(alice_client, survey):
    response = alice_client.post(url("survey_poster", survey))
    document = GeneratedDocument.objects.get()
    assert (document.kind, document.source_id, document.branch) == ("survey_poster", survey.pk, survey.contract.branch)
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})
    survey.refresh_from_db()
    assert survey.link_base == "http://testserver/"


def test_paper_form_is_stored_as_paper_with_no_trace_of_who_keyed_it(alice_client, survey):
    data = {f"q{question(survey, 'support').pk}": option_id(survey, "support", "no")}
    response = alice_client.post(url("paper_response", survey), data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.source == "paper"
    assert Answer.objects.get(response=stored).choice == option_id(survey, "support", "no")


def test_paper_form_with_an_error_shows_it_and_stores_nothing(alice_client, survey):
    # (A Yes at question 13 with no details is no error on paper: the details come on the separate contact slip.)
    data = {f"q{question(survey, 'pay_differences').pk}": "x" * 1001}
    response = alice_client.post(url("paper_response", survey), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Keep your answer to 1000 characters or fewer" in response.content.decode()
    assert not Response.objects.exists()


def test_codes_are_made_and_only_counted_once_used(alice_client, survey):
    alice_client.post(url("survey_codes", survey), {"count": "5"})
    assert SurveyCode.objects.filter(survey=survey).count() == 5
    SurveyCode.objects.filter(pk=SurveyCode.objects.first().pk).update(used=True)
    body = alice_client.get(url("survey_codes", survey)).content.decode()
    assert "<strong>1</strong> used, <strong>4</strong> not yet used" in body


def test_officer_translates_the_survey_into_polish(alice_client, survey):
    q1 = question(survey, "pay_comparison")
    response = alice_client.post(url("survey_translations", survey), {"language": "pl"})
    edit = reverse("surveys:translation_edit", kwargs={"pk": survey.pk, "language": "pl"})
    assert response["Location"] == edit
    form = alice_client.get(edit).context["form"]
    key_index = next(i for i, (key, _, _) in enumerate(form.sources) if key == f"q{q1.pk}.text")
    alice_client.post(edit, {f"s{key_index}": "Jak oceniasz swoje wynagrodzenie?"})
    assert survey.translations.get(language="pl").strings == {f"q{q1.pk}.text": "Jak oceniasz swoje wynagrodzenie?"}


def test_unknown_translation_language_is_not_found(alice_client, survey):
    assert (
        alice_client.get(reverse("surveys:translation_edit", kwargs={"pk": survey.pk, "language": "xx"})).status_code
        == 404
    )


def test_contacts_are_listed_by_name_and_can_be_deleted(alice_client, survey):
    b = SurveyContact.objects.create(survey=survey, name="Bea")
    SurveyContact.objects.create(survey=survey, name="Al")
    body = alice_client.get(url("survey_contacts", survey)).content.decode()
    assert body.index("Al") < body.index("Bea")
    alice_client.post(url("contact_delete", survey, contact_pk=b.pk))
    assert list(SurveyContact.objects.values_list("name", flat=True)) == ["Al"]


def test_organiser_sees_results_but_not_contacts(client, olive, survey):
    client.force_login(olive)
    assert client.get(url("survey_results", survey)).status_code == 200
    assert client.get(url("survey_contacts", survey)).status_code == 403


@pytest.mark.parametrize("name", ["survey_detail", "survey_questions", "survey_translations", "survey_codes"])
def test_officer_pages_use_a_fixed_number_of_queries(alice_client, survey, count_queries, name):
    page = url(name, survey)
    answer(survey, support="yes", source="paper")
    one = count_queries(lambda: alice_client.get(page))
    for _ in range(50):
        answer(survey, support="no", source="paper")
    assert count_queries(lambda: alice_client.get(page)) == one


def test_survey_list_query_count_does_not_grow(
    alice_client, branch_a, alice, count_queries, django_assert_max_num_queries
):
    make_survey(branch_a, alice)
    one = count_queries(lambda: alice_client.get(reverse("surveys:survey_list")))
    for _ in range(5):
        make_survey(branch_a, alice)
    assert count_queries(lambda: alice_client.get(reverse("surveys:survey_list"))) == one
    with django_assert_max_num_queries(8):
        alice_client.get(reverse("surveys:survey_list"))


def test_member_page_query_count_is_fixed(client, branch_a, alice, django_assert_max_num_queries):
    survey = make_survey(branch_a, alice, open_it=True)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("surveys:member_page", kwargs={"token": survey.token, "page": 1})).status_code == 200
