"""The survey a branch gets is the guide's Appendix 2, word for word, with its names filled in."""

import re
from pathlib import Path

from surveys import model_survey
from surveys.tests.factories import make_survey

# UNISON's "Bargaining for Insourcing", Appendix 2 "Model survey", verbatim from its "UNISON SURVEY" heading to the
# "Online survey providers" section that follows (tabs and trailing tabs kept: they lay out the answer grids).
# The guide itself stays outside the repository; this excerpt is the wording the app must reproduce.
APPENDIX_2 = Path(__file__).resolve().parent / "fixtures" / "guide_appendix_2.txt"


def _appendix() -> str:
    return APPENDIX_2.read_text(encoding="utf-8")


def _guide_questions() -> dict[int, dict]:
    """{number: {"text": ..., "lines": [answer lines, tab-separated cells split out]}} from the guide."""
    questions: dict[int, dict] = {}
    current = None
    for raw in _appendix().splitlines():
        line = raw.strip()
        match = re.match(r"^(\d+)\. (.*)$", line)
        if match:
            current = questions.setdefault(int(match.group(1)), {"text": match.group(2).strip(), "lines": []})
        elif current and line and line not in ("PROFILE",) and not line.startswith("("):
            current["lines"].append([cell.strip() for cell in raw.split("\t") if cell.strip()])
    return questions


def test_the_guide_has_thirteen_questions():
    assert sorted(_guide_questions()) == list(range(1, 14))


def test_question_texts_match_the_guide_word_for_word():
    guide = _guide_questions()
    assert [q.number for q in model_survey.QUESTIONS] == list(range(1, 14))
    for question in model_survey.QUESTIONS:
        assert question.text == guide[question.number]["text"], question.number


def test_answer_options_match_the_guide_word_for_word():
    guide = _guide_questions()
    by_number = {q.number: q for q in model_survey.QUESTIONS}
    for number in (1, 5, 7, 8, 9, 11, 12):
        assert [label for _, label in by_number[number].options] == [cells[0] for cells in guide[number]["lines"]]
    # Question 3: a header row of four answers, then the three rows.
    header, *rows = guide[3]["lines"]
    assert [label for _, label in by_number[3].options] == header
    assert [label for _, label in by_number[3].rows] == [cells[0] for cells in rows]
    # Question 4: three numbered issues.
    assert [label for _, label in by_number[4].rows] == [cells[0] for cells in guide[4]["lines"]]
    # Question 10: a three-column grid, read down its columns.
    grid = guide[10]["lines"]
    assert [label for _, label in by_number[10].options] == [row[c] for c in range(3) for row in grid]
    # Question 13: Yes, No, then the invitation to leave contact details.
    assert [label for _, label in by_number[13].options] == [cells[0] for cells in guide[13]["lines"][:2]]
    assert by_number[13].extra["contact_prompt"] == guide[13]["lines"][2][0]
    # Free-text questions have no options in the guide.
    assert guide[2]["lines"] == guide[6]["lines"] == []


def test_introduction_and_profile_note_match_the_guide():
    appendix = _appendix()
    # The guide's count is a placeholder here, filled with the survey's own count when shown.
    for paragraph in model_survey.INTRO.replace("{questions}", "13").split("\n\n"):
        assert paragraph in appendix
    assert model_survey.PROFILE_INTRO in appendix
    assert model_survey.VIEWS_HEADING in appendix and model_survey.PROFILE_HEADING in appendix


def test_question_kinds_are_those_the_guide_implies():
    kinds = {q.number: q.kind for q in model_survey.QUESTIONS}
    assert {n for n, k in kinds.items() if k == "single"} == {1, 5, 7, 8, 9, 11, 12}
    assert {n for n, k in kinds.items() if k == "text"} == {2, 6}
    assert (kinds[3], kinds[4], kinds[10], kinds[13]) == ("matrix", "ranked", "grid", "join")


def test_a_new_survey_has_the_guide_questions_with_names_filled_in(branch_a, alice):
    survey = make_survey(branch_a, alice, provider__name="CleanCo Ltd", authority__name="Demo City Council")
    questions = list(survey.questions.order_by("position"))
    assert len(questions) == 13
    assert questions[0].text == (
        "How do you see your pay, terms and conditions compared to equivalent staff working directly for "
        "Demo City Council?"
    )
    assert questions[6].text == (
        "Did you previously work for Demo City Council before the service was contracted out to CleanCo Ltd?"
    )
    assert [o["label"] for o in questions[0].options] == [
        "Roughly equal",
        "Worse than Demo City Council staff",
        "Better than Demo City Council staff",
    ]
    assert survey.intro.startswith("UNISON Demo City is currently considering a campaign to return the services")
    assert "provided by CleanCo Ltd to direct provision by Demo City Council" in survey.intro
    assert survey.profile_intro == (
        "(These questions help us understand the differing views of the various groups that make up the "
        "CleanCo Ltd workforce)"
    )
    assert not any("[" in q.text for q in questions)


def test_every_profile_question_offers_prefer_not_to_say(branch_a, alice):
    survey = make_survey(branch_a, alice)
    profile = survey.questions.filter(section="profile")
    assert profile.count() == 5  # question 7 is asked with the views, before question 3 that depends on it
    for question in profile:
        assert question.options[-1]["label"] == "Prefer not to say", question.text


def test_the_data_protection_statement_adapts_the_guide_to_this_service(branch_a, alice):
    survey = make_survey(branch_a, alice)
    assert survey.privacy_statement.startswith("All responses to this survey are completely anonymous.")
    assert "Alchemer" not in survey.privacy_statement
    assert "UNISON Demo City" in survey.privacy_statement
    assert "https://www.unison.org.uk/privacy-policy" in survey.privacy_statement


def test_a_new_survey_comes_with_the_welsh_translation(branch_a, alice):
    survey = make_survey(branch_a, alice, authority__name="Cyngor Demo")
    welsh = survey.translations.get(language="cy").strings
    first = survey.questions.get(guide_number=1)
    assert welsh[f"q{first.pk}.text"].startswith("Sut ydych chi'n gweld eich cyflog")
    assert "Cyngor Demo" in welsh[f"q{first.pk}.text"]
    assert welsh["title"].startswith("AROLWG UNISON")
