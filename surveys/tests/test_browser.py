"""A member completes the survey on a 320 px phone screen by keyboard alone, in English and in Welsh, with
axe-core finding no WCAG 2.2 AA violations on any page or error state."""

import pytest

from conftest import assert_accessible
from surveys.models import Answer, PendingContact, Response, SurveyContact
from surveys.services import ContactData
from surveys.tests.factories import answer, make_survey, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"thanks": "Thank you", "problem": "There is a problem", "page": "Page 1 of 8"},
    "cy": {"thanks": "Diolch", "problem": "Mae problem", "page": "Tudalen 1 o 8"},
}


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the selector, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, name: str, index: int) -> None:
    """Tab into a radio group, then pick the index-th option with the arrow keys (or Space for the first)."""
    tab_to(page, f'input[name="{name}"]')
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def press_continue(page) -> None:
    tab_to(page, 'button[value="next"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"""


def check(page) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate(WIDEST) == [], "the page scrolls sideways at 320 px"
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_member_completes_the_survey_by_keyboard_on_a_phone(page, branch_a, alice, language):
    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    q = {
        role: f"q{question(survey, role).pk}"
        for role in ("pay_comparison", "pay_differences", "support", "ethnicity", "join", "transferred")
    }
    changes, issues = question(survey, "changes"), question(survey, "issues")
    words = WORDS[language]
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(f"/s/{survey.token}/?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    check(page)
    tab_to(page, 'form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert words["page"] in page.inner_text("main")
    check(page)
    choose(page, q["pay_comparison"], 1)
    press_continue(page)

    check(page)  # question 2 is asked because pay is worse; question 7 comes early, before question 3
    tab_to(page, f'textarea[name="{q["pay_differences"]}"]')
    page.keyboard.type("No sick pay from day one")
    choose(page, q["transferred"], 0)
    press_continue(page)

    check(page)
    choose(page, f"q{changes.pk}_r{changes.rows[1]['id']}", 1)
    press_continue(page)

    check(page)
    tab_to(page, f'input[name="q{issues.pk}_r{issues.rows[0]["id"]}"]')
    page.keyboard.type("Pay")
    press_continue(page)

    check(page)
    choose(page, q["support"], 0)
    press_continue(page)

    check(page)
    press_continue(page)

    check(page)
    choose(page, q["ethnicity"], 11)
    press_continue(page)

    check(page)
    choose(page, q["join"], 0)
    press_continue(page)  # Yes: the contact boxes appear
    check(page)
    press_continue(page)  # still no contact details: the error state

    assert words["problem"] in page.inner_text(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check(page)
    page.keyboard.press("Tab")  # the first link in the error summary takes you to the field
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == f"{q['join']}_name"
    page.keyboard.type("Sam Member")
    tab_to(page, f'input[name="{q["join"]}_phone"]')
    page.keyboard.type("07700 900123")
    press_continue(page)

    assert words["thanks"] in page.inner_text("h1")
    check(page)
    assert Response.objects.count() == 1
    assert Answer.objects.filter(text="No sick pay from day one").exists()
    assert Answer.objects.get(question=question(survey, "ethnicity")).choice == 12  # Irish
    # Sealed until ten people have left details (issue 17); the tenth releases the batch.
    assert not SurveyContact.objects.exists() and PendingContact.objects.count() == 1
    for number in range(9):
        answer(survey, join="yes", contact=ContactData(name=f"Other {number}"))
    assert SurveyContact.objects.filter(name="Sam Member").exists()


def test_the_translation_box_has_room_at_1280_px_and_sits_under_the_english_at_390_px(page, branch_a, alice):
    from conftest import browser_login

    survey = make_survey(branch_a, alice, provider__name="CleanCo Ltd")
    browser_login(page, alice.email)
    page.goto(f"/surveys/{survey.pk}/translations/pl/")
    box = page.locator("textarea").first
    english = page.locator('.translation-table td[lang="en"]').first
    assert box.bounding_box()["width"] >= 400  # was 85 to 140 px, breaking words mid-word
    check(page)
    page.set_viewport_size({"width": 390, "height": 800})
    box_at, english_at = box.bounding_box(), english.bounding_box()
    assert box_at["x"] >= 0 and box_at["x"] + box_at["width"] <= 390 and box_at["width"] >= 300
    assert box_at["y"] > english_at["y"]  # the English above the box, not beside it
    assert page.evaluate(WIDEST) == []
