"""Members answer on /s/<token>/ without an account: one page at a time, kept when going back, sent once."""

import datetime
from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from surveys import contacts
from surveys.models import Answer, PendingContact, Response, ResponseCount, Survey, SurveyCode, SurveyContact, this_week
from surveys.services import ContactData, codes_generate, survey_close, survey_new_link, translation_save
from surveys.tests.factories import answer, field, make_survey, option_id, page_url, question, start_url

pytestmark = pytest.mark.django_db


def answer_all_pages(client, survey, *, join="no", contact=None):
    """Walk the eight pages (all shown: pay is worse, and they worked for the authority); returns the last response."""
    q3 = question(survey, "changes")
    contact = contact if contact is not None else ({} if join == "no" else None)
    pages = {
        1: {field(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse")},
        2: {
            field(survey, "pay_differences"): "No sick pay",
            field(survey, "transferred"): option_id(survey, "transferred", "yes"),
        },
        3: {f"q{q3.pk}_r{q3.rows[1]['id']}": q3.option_by_key("worse")["id"]},
        4: {field(survey, "issues", f"_r{question(survey, 'issues').rows[0]['id']}"): "Pay"},
        5: {field(survey, "support"): option_id(survey, "support", "yes")},
        6: {},
        7: {field(survey, "ethnicity"): option_id(survey, "ethnicity", "irish")},
        8: {field(survey, "join"): option_id(survey, "join", join), **contact},
    }
    response = None
    for page, data in pages.items():
        response = client.post(page_url(survey, page), {**data, "action": "next"})
        assert response.status_code == 302, (page, response.content.decode()[:3000])
    return response


def test_start_page_shows_the_introduction_and_data_protection_statement_before_any_question(client, survey):
    response = client.get(start_url(survey))
    assert response.status_code == 200
    body = response.content.decode()
    assert "UNISON Demo City is currently considering a campaign" in body
    assert "All responses to this survey are completely anonymous." in body
    assert body.index("All responses to this survey") < body.index("Start the survey")
    assert 'name="q' not in body
    assert "navbar" not in body  # no officer navigation


def test_member_completes_the_survey_and_answers_are_stored_anonymously(client, survey, settings):
    assert client.post(start_url(survey)).status_code == 302
    response = answer_all_pages(client, survey)
    assert response["Location"] == reverse("surveys:member_thanks", kwargs={"token": survey.token})
    stored = Response.objects.get()
    assert (stored.survey, stored.source, stored.submitted_on) == (survey, "online", this_week())
    pay = question(survey, "pay_comparison")
    assert Answer.objects.get(question=pay).choice == option_id(survey, "pay_comparison", "worse")
    assert Answer.objects.get(question=question(survey, "pay_differences")).text == "No sick pay"
    q3 = question(survey, "changes")
    assert list(Answer.objects.filter(question=q3).values_list("row", "choice")) == [
        (q3.rows[1]["id"], q3.option_by_key("worse")["id"])
    ]
    assert Answer.objects.count() == 8
    assert not SurveyContact.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


def test_thanks_page_offers_the_union_join_link(client, survey, settings):
    settings.UNION_JOIN_URL = "https://join.example.org/"
    answer_all_pages(client, survey)
    response = client.get(reverse("surveys:member_thanks", kwargs={"token": survey.token}))
    assert response.status_code == 200
    assert b'href="https://join.example.org/"' in response.content


def test_answers_are_kept_when_going_back(client, survey):
    pay = field(survey, "pay_comparison")
    worse = option_id(survey, "pay_comparison", "worse")
    client.post(page_url(survey, 1), {pay: worse, "action": "next"})
    response = client.post(page_url(survey, 2), {field(survey, "pay_differences"): "Less holiday", "action": "back"})
    assert response["Location"] == page_url(survey, 1)
    body = client.get(page_url(survey, 1)).content.decode()
    assert f'value="{worse}" class="form-check-input" id="id_{pay}_1" checked' in body
    assert "Less holiday</textarea>" in client.get(page_url(survey, 2)).content.decode()
    assert not Response.objects.exists()  # nothing stored until the member sends


def test_leaving_contact_details_stores_them_apart_from_the_answers(client, survey):
    name = field(survey, "join", "_name")
    answer_all_pages(
        client, survey, join="yes", contact={name: "Sam Member", field(survey, "join", "_phone"): "07700 900123"}
    )
    assert Response.objects.count() == 1
    # Sealed until ten have left details: nothing in the database reads "Sam Member" yet.
    assert not SurveyContact.objects.exists()
    (pending,) = PendingContact.objects.filter(survey=survey)
    assert b"Sam Member" not in bytes(pending.sealed) and b"07700" not in bytes(pending.sealed)
    for number in range(contacts.BATCH - 1):
        answer(survey, join="yes", contact=ContactData(name=f"Other {number}"))
    contact = SurveyContact.objects.get(name="Sam Member")
    assert (contact.name, contact.phone, contact.survey) == ("Sam Member", "07700 900123", survey)
    assert SurveyContact.objects.count() == contacts.BATCH and not PendingContact.objects.exists()


def test_sending_nothing_answered_is_refused_with_a_message_and_not_counted(client, survey):
    response = client.post(page_url(survey, 8), {"action": "next"})  # the last page, every page left empty
    assert response.status_code == 400
    assert "You have not answered any question, so there is nothing to send" in response.content.decode()
    assert not Response.objects.exists() and not ResponseCount.objects.exists()


def test_saying_yes_without_contact_details_shows_an_error_summary_and_inline_errors(client, survey):
    data = {field(survey, "join"): option_id(survey, "join", "yes"), "action": "next"}
    shown = client.post(page_url(survey, 8), data)
    assert shown.status_code == 200  # the contact boxes appear first, with no error for what was not yet asked
    assert field(survey, "join", "_name") in shown.content.decode()
    empty = {field(survey, "join", f"_{part}"): "" for part in ("name", "email", "phone")}
    response = client.post(page_url(survey, 8), {**data, **empty})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    name_id = f"id_{field(survey, 'join', '_name')}"
    assert f'href="#{name_id}">Enter your name so the branch knows who to contact</a>' in body
    assert f'id="{name_id}_error"' in body
    assert 'aria-invalid="true"' in body
    assert "<title>Error:" in body
    assert not Response.objects.exists()


def test_too_long_an_answer_is_refused_and_kept(client, survey):
    text = "x" * 1001
    client.post(page_url(survey, 1), {field(survey, "pay_comparison"): "2", "action": "next"})
    response = client.post(page_url(survey, 2), {field(survey, "pay_differences"): text, "action": "next"})
    assert response.status_code == 400
    assert "Keep your answer to 1000 characters or fewer" in response.content.decode()
    assert text in response.content.decode()


def test_a_second_visit_from_the_same_browser_is_discouraged_not_blocked(client, survey):
    answer_all_pages(client, survey)
    response = client.get(start_url(survey))
    assert "You have already answered this survey on this device" in response.content.decode()
    answer_all_pages(client, survey)
    assert Response.objects.count() == 2


def test_submissions_beyond_the_limit_per_client_are_refused_without_storing_the_client(client, survey, settings):
    settings.SURVEY_SUBMIT_LIMIT = 1
    answer_all_pages(client, survey)
    response = client.post(page_url(survey, 8), {"action": "next"})
    assert response.status_code == 429
    assert Response.objects.count() == 1


def test_answers_are_stored_when_the_cache_behind_the_limit_is_down(client, survey, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    response = answer_all_pages(client, survey)
    assert response["Location"].startswith(reverse("surveys:member_thanks", kwargs={"token": survey.token}))
    assert Response.objects.count() == 1
    assert "Survey submission limit not applied, cache unavailable: ConnectionError" in caplog.messages


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_member_pages_refuse_other_methods(client, survey, method):
    assert getattr(client, method)(start_url(survey)).status_code == 405
    assert getattr(client, method)(page_url(survey, 1)).status_code == 405


def test_the_member_link_answers_head_for_link_checkers(client, survey):
    response = client.head(start_url(survey))
    assert response.status_code == 200
    assert response.content == b""
    # Asking is not answering: nothing is stored.
    assert Response.objects.count() == 0


def test_a_withdrawn_link_refuses_politely_with_410(client, survey):
    old = survey.token
    survey_new_link(survey=survey)
    response = client.get(reverse("surveys:member_start", kwargs={"token": old}))
    assert response.status_code == 410
    assert "This link is no longer in use" in response.content.decode()
    assert client.post(reverse("surveys:member_page", kwargs={"token": old, "page": 1})).status_code == 410
    assert client.get(start_url(Survey.objects.get())).status_code == 200


def test_a_closed_survey_refuses_politely_with_410(client, survey):
    survey_close(survey=survey)
    response = client.get(start_url(survey))
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    response = client.post(page_url(survey, 8), {"action": "next"})
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_a_survey_past_its_closing_date_refuses_politely(client, survey):
    Survey.objects.filter(pk=survey.pk).update(closes_on=datetime.date.today() - datetime.timedelta(days=1))
    assert client.get(start_url(survey)).status_code == 410


def test_a_draft_survey_is_not_open_yet(client, branch_a, alice):
    draft = make_survey(branch_a, alice)
    response = client.get(start_url(draft))
    assert response.status_code == 404
    assert "This survey is not open yet" in response.content.decode()


def test_an_unknown_token_is_not_found(client, survey):
    response = client.get(reverse("surveys:member_start", kwargs={"token": "not-a-real-token-xyz"}))
    assert response.status_code == 404
    assert "Survey not found" in response.content.decode()


def test_welsh_is_chosen_from_the_switcher_and_remembered(client, survey):
    response = client.get(start_url(survey) + "?lang=cy")
    body = unescape(response.content.decode())
    assert '<html lang="cy" dir="ltr">' in body
    assert "Dechrau'r arolwg" in body
    assert response.cookies["svlang"].value == "cy"
    page = unescape(client.get(page_url(survey, 1)).content.decode())
    assert "Sut ydych chi'n gweld eich cyflog" in page
    assert "Tudalen 1 o 8" in page


def test_a_right_to_left_translation_sets_dir_rtl(client, survey):
    pay = question(survey, "pay_comparison")
    translation = translation_save(
        survey=survey,
        language="ar",
        strings={f"q{pay.pk}.text": "كيف ترى أجرك؟"},
        english={f"q{pay.pk}.text": pay.text},
    )
    translation.live_when_incomplete = True
    translation.save()
    body = client.get(page_url(survey, 1) + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "كيف ترى أجرك؟" in body
    assert 'hreflang="ar"' not in body  # the current language is not a link
    assert 'hreflang="cy"' in body


def test_every_profile_question_can_be_skipped(client, survey):
    for page in (6, 7):
        assert client.post(page_url(survey, page), {"action": "next"}).status_code == 302


def test_single_use_code_works_once_and_is_not_stored_with_the_answers(client, survey):
    Survey.objects.filter(pk=survey.pk).update(requires_code=True)
    survey.refresh_from_db()
    codes_generate(survey=survey, count=1)
    code = SurveyCode.objects.get().code
    assert client.get(page_url(survey, 1))["Location"] == start_url(survey)
    bad = client.post(start_url(survey), {"code": "WRONG123"})
    assert bad.status_code == 400
    assert "This code is not recognised" in bad.content.decode()
    assert client.post(start_url(survey), {"code": code.lower()}).status_code == 302
    answer_all_pages(client, survey)
    assert SurveyCode.objects.get().used is True
    assert Response.objects.count() == 1
    stored_columns = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not stored_columns & {"code", "survey_code"}
    second = client.post(start_url(survey), {"code": code})
    assert second.status_code == 400


def test_answers_in_progress_are_unreadable_in_the_cookie_and_forgotten_after_the_visit(client, survey, time_machine):
    import base64

    start = datetime.datetime.now().replace(hour=8, minute=0)
    time_machine.move_to(start, tick=False)
    client.post(page_url(survey, 1), {field(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse")})
    # Question 2 (on page 2) is asked of those whose pay is worse or better.
    client.post(
        page_url(survey, 2), {field(survey, "pay_differences"): "Less holiday than council staff", "action": "next"}
    )
    cookies = [c.value for name, c in client.cookies.items() if name.startswith("svd2")]
    assert cookies
    raw = base64.urlsafe_b64decode("".join(cookies).encode())
    assert b"holiday" not in raw and "holiday" not in "".join(cookies)
    assert "Less holiday than council staff</textarea>" in client.get(page_url(survey, 2)).content.decode()
    time_machine.move_to(start + datetime.timedelta(hours=3, minutes=30), tick=False)
    later = client.get(page_url(survey, 2), follow=True)
    assert later.status_code == 200 and "Less holiday than council staff" not in later.content.decode()


def test_a_mistyped_email_gets_one_error_and_the_summary_follows_the_fields(client, survey):
    data = {field(survey, "join"): option_id(survey, "join", "yes"), "action": "next"}
    client.post(page_url(survey, 8), data)  # the contact boxes appear
    details = {
        field(survey, "join", "_name"): "",
        field(survey, "join", "_email"): "sam@",
        field(survey, "join", "_phone"): "",
    }
    body = client.post(page_url(survey, 8), {**data, **details}).content.decode()
    assert "Enter a valid email address" in body
    assert "Enter an email address or a phone number" not in body  # it contradicted the one above
    summary = body[body.index("error-summary") : body.index("</ul>", body.index("error-summary"))]
    assert summary.index("Enter your name") < summary.index("Enter a valid email address")  # name comes first


def test_the_privacy_policy_address_is_a_link(client, survey):
    body = client.get(reverse("surveys:member_start", kwargs={"token": survey.token})).content.decode()
    assert 'href="https://www.unison.org.uk/privacy-policy"' in body
