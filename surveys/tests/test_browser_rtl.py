"""Arabic, translated only in part, on a 390 px phone: the page runs right to left, the English shown where the
translation is missing keeps its own direction and punctuation, and each radio button sits at the start (the
right) of its own label."""

import os
from pathlib import Path

import pytest

from conftest import assert_accessible
from surveys.services import translation_save
from surveys.tests.factories import make_survey, question
from surveys.tests.test_browser import WIDEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where to keep screenshots for a person to look at (SURVEY_SCREENSHOTS=/some/dir); none are taken otherwise.
SHOTS = os.environ.get("SURVEY_SCREENSHOTS")

# For each English run shown inside the right-to-left page: where its first and last characters are drawn.
ENGLISH_RUNS = """() => [...document.querySelectorAll('bdi[lang="en"], [lang="en"][dir="ltr"]')].map(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) { if (walker.currentNode.data.trim()) texts.push(walker.currentNode); }
  const box = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                             return r.getClientRects()[0]; };
  const first = texts[0], last = texts[texts.length - 1];
  const start = box(first, first.data.search(/\\S/)), end = box(last, last.data.trimEnd().length - 1);
  return {text: e.innerText.slice(0, 60), direction: getComputedStyle(e).direction,
          bidi: getComputedStyle(e).unicodeBidi, oneLine: Math.abs(start.top - end.top) < 2,
          first: start.left, last: end.right};
})"""

RADIOS = """() => [...document.querySelectorAll('.options .option')].map(o => {
  const input = o.querySelector('input').getBoundingClientRect();
  const words = o.querySelector('label bdi').getBoundingClientRect();  // the words, not the label's padding
  return {label: o.querySelector('label').innerText, inputLeft: input.left, inputRight: input.right,
          wordsLeft: words.left, wordsRight: words.right, gap: input.left - words.right};
})"""


NUMBER = """() => {
  const span = document.querySelector('.question-number'), node = span.firstChild;
  const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                      return r.getClientRects()[0].left; };
  return {html: span.outerHTML, digit: at(0), point: at(1),
          text: span.parentElement.querySelector('bdi').getClientRects()[0].right};  // its first line
}"""


def _arabic(survey):
    """Arabic for the title, the first question and one of its answers, and a few buttons; English elsewhere."""
    pay = question(survey, "pay_comparison")
    strings = {
        "title": "استبيان الموظفين",
        f"q{pay.pk}.text": "كيف ترى أجرك وظروف عملك مقارنة بموظفي السلطة؟",
        f"q{pay.pk}.o{pay.options[0]['id']}": "متساوية تقريبًا",  # "Roughly equal"
        "ui:Continue": "متابعة",
        "ui:Page %(page)s of %(pages)s": "الصفحة %(page)s من %(pages)s",
        "ui:Start the survey": "ابدأ الاستبيان",
    }
    english = {
        "title": survey.title,
        f"q{pay.pk}.text": pay.text,
        f"q{pay.pk}.o{pay.options[0]['id']}": pay.options[0]["label"],
    }
    english |= {key: key[3:] for key in strings if key.startswith("ui:")}
    translation_save(survey=survey, language="ar", strings=strings, english=english, live_when_incomplete=True)


def _shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _check_english_runs(page):
    runs = page.evaluate(ENGLISH_RUNS)
    assert runs, "no English fallback on the page: the test would prove nothing"
    for run in runs:
        assert run["direction"] == "ltr", run
        assert run["bidi"] in ("isolate", "isolate-override", "plaintext"), run
        if run["oneLine"]:  # English reads left to right, its "?" or ")" last, however the page runs
            assert run["last"] > run["first"], run


def test_a_partly_translated_arabic_survey_reads_right_to_left_on_a_phone(browser, live_server, branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    _arabic(survey)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.csp_errors = []  # as conftest's page fixture, which is 1280 px wide
    page.on("console", lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        page.goto(f"{survey.short_path()}?lang=ar")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"
        _shoot(page, "ar-start")
        _check_english_runs(page)
        assert page.evaluate(WIDEST) == []
        with page.expect_navigation():
            page.click('form button[type="submit"]')
        _shoot(page, "ar-page1")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "الصفحة 1 من 8" in page.inner_text("main")
        _check_english_runs(page)
        radios = page.evaluate(RADIOS)
        assert len(radios) == 3
        for radio in radios:
            # The button is at the right, beside the start of its label, as Arabic readers expect.
            assert radio["inputLeft"] >= radio["wordsRight"], radio
            assert 4 <= radio["gap"] <= 24, radio
        # "1." comes first, at the right, and reads as Arabic writes it: the figure, then the point to its left.
        number = page.evaluate(NUMBER)
        assert number["digit"] > number["point"] > number["text"], number
        assert page.evaluate(WIDEST) == []
        assert_accessible(page)
        with page.expect_navigation():
            page.click('button[value="next"]')
        _shoot(page, "ar-page2")
        _check_english_runs(page)
    finally:
        context.close()
