"""A member completes the survey on a 390 px phone in English, Welsh and a language the branch added, with and
without JavaScript; in the added language no English is left anywhere they look."""

import pytest

from surveys.models import Answer, Response
from surveys.services import survey_close
from surveys.tests.factories import make_survey, option_id, question, translate_fully
from surveys.tests.test_browser import WIDEST
from surveys.tests.test_languages import english_left

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PAGE = {"en": "Page 1 of 8", "cy": "Tudalen 1 o 8", "pl": "Tekst"}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "cy", "pl"])
def test_member_completes_the_survey_on_a_phone(browser, live_server, branch_a, alice, language, javascript):
    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    translate_fully(survey, "pl")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()

    def check_page():
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == language
        if javascript:
            assert page.evaluate(WIDEST) == [], "the page scrolls sideways at 390 px"
        if language == "pl":
            assert english_left(page.inner_text("body"), survey) == []

    def pick(role, key):
        page.check(f'input[name="q{question(survey, role).pk}"][value="{option_id(survey, role, key)}"]')

    def go_on():
        with page.expect_navigation():
            page.click('button[value="next"]')
        check_page()

    try:
        page.goto(f"/s/{survey.token}/?lang={language}")
        check_page()
        with page.expect_navigation():
            page.click('form button[type="submit"]')
        check_page()
        assert FIRST_PAGE[language] in page.inner_text("main")
        pick("pay_comparison", "equal")  # so question 2 is not asked
        go_on()
        assert page.locator(f'textarea[name="q{question(survey, "pay_differences").pk}"]').count() == 0
        pick("transferred", "no")  # so question 3 is not asked either
        go_on()
        assert page.url.endswith(f"/s/{survey.token}/4/")  # page 3 (question 3) skipped
        page.fill(f'input[name="q{question(survey, "issues").pk}_r1"]', "Pay")
        go_on()
        pick("support", "yes")
        go_on()
        go_on()  # the profile page, skipped
        pick("union", "official")
        post = page.locator(f'input[name="q{question(survey, "union").pk}_detail"]')
        if javascript:
            assert post.is_visible()  # the post box appears as soon as the answer is chosen
        else:
            assert post.count() == 0 or not post.is_visible()
            go_on()  # the post box appears after pressing the button
        post.fill("Steward")
        go_on()
        pick("join", "no")
        go_on()
        assert page.url.endswith("/thanks/")
    finally:
        context.close()
    assert Response.objects.count() == 1
    stored = {a.question.role: a for a in Answer.objects.select_related("question")}
    assert set(stored) == {"pay_comparison", "transferred", "issues", "support", "union", "join"}
    assert stored["union"].text == "Steward"


CLOSED = {"cy": "Mae'r arolwg hwn wedi cau", "pl": "Tekst"}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["cy", "pl"])
def test_a_member_who_chose_a_language_finds_the_closed_survey_page_in_it(
    browser, live_server, branch_a, alice, language, javascript
):
    """The member chose their language while the survey was open; coming back by the poster's short link after it
    closed, the page that says so is in their language, with no English in the added one."""
    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    translate_fully(survey, "pl")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{survey.short_path()}?lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        survey_close(survey=survey)
        response = page.goto(survey.short_path().lower())  # typed from the poster, in small letters
        assert response.status == 410
        assert page.locator("html").get_attribute("lang") == language
        assert CLOSED[language] in page.inner_text("main")
        if javascript:
            assert page.evaluate(WIDEST) == [], "the page scrolls sideways at 390 px"
        if language == "pl":
            assert english_left(page.inner_text("body"), survey) == []
            assert english_left(page.title(), survey) == []
    finally:
        context.close()


def test_with_javascript_contact_details_appear_as_soon_as_yes_is_chosen(page, branch_a, alice):
    from surveys.models import PendingContact

    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    join = question(survey, "join")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/s/{survey.token}/{join.page}/")
    name = page.locator(f'input[name="q{join.pk}_name"]')
    assert not name.is_visible()
    page.check(f'input[name="q{join.pk}"][value="{option_id(survey, "join", "yes")}"]')
    assert name.is_visible() and name.is_enabled()
    page.check(f'input[name="q{join.pk}"][value="{option_id(survey, "join", "no")}"]')
    assert not name.is_visible()
    page.check(f'input[name="q{join.pk}"][value="{option_id(survey, "join", "yes")}"]')
    name.fill("Sam Member")
    page.fill(f'input[name="q{join.pk}_phone"]', "01632 960111")
    with page.expect_navigation():
        page.click('button[value="next"]')
    assert page.url.endswith("/thanks/?contact=1")  # one press: the details went with the answer
    assert PendingContact.objects.filter(survey=survey).count() == 1
    assert page.csp_errors == []
