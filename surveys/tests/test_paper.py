"""The paper questionnaire: in each live language and in Welsh and English, the same questions, pages and
conditions as online, with the QR code; keyed in, it gives the same results as the online form."""

from collections import Counter
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from insourcing.documents import get_kind
from insourcing.models import GeneratedDocument
from insourcing.pdf import html_to_pdf
from surveys.documents import BILINGUAL, paper_kind
from surveys.models import Answer, PendingContact, Response, SurveyContact
from surveys.results import survey_results
from surveys.tests.factories import make_survey, option_id, question, translate_fully

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    survey.link_base = "https://insourcing.example.org/"
    survey.save()
    return survey


def render(survey, kind) -> tuple[bytes, str]:
    document = GeneratedDocument(kind=kind, title="Paper", branch=survey.contract.branch, source_id=survey.pk)
    pdf = html_to_pdf(get_kind(kind).render_html(document))
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return pdf, " ".join(text.split())


def test_the_english_paper_form_has_every_question_page_and_condition_and_the_link(survey):
    pdf, text = render(survey, paper_kind(("en",)))
    assert pdf.startswith(b"%PDF")
    for role in ("pay_comparison", "support", "ethnicity", "join"):
        assert " ".join(question(survey, role).text.split()[:6]) in text
    # Parts, not pages: the printed sheets hold several parts each, so "Page 2" on sheet 1 would mislead.
    assert "Part 1" in text and "Part 8" in text and "Page 1" not in text
    assert "Answer only if you ticked “Worse than" in text and "at question 1." in text
    assert "Answer only if you ticked “Yes” at question 3." in text  # the guide's question 3, after its question 7
    assert "If you ticked “An official for UNISON (please detail your post below)”: Your post (optional)" in text
    assert "If you ticked “Yes”, fill in the separate contact slip on the last page." in text
    assert survey.short_path() in text.replace(" ", "")  # the short link, easy to type
    assert "All responses to this survey are completely anonymous." in text
    html = get_kind(paper_kind(("en",))).render_html(GeneratedDocument(kind="x", title="x", source_id=survey.pk))
    assert "<title>QR code for the survey link</title>" in html


def test_paper_form_numbers_match_the_online_numbers_for_someone_shown_everything(survey):
    _, text = render(survey, paper_kind(("en",)))
    assert "2. If you see the pay" in text
    assert "3. Did you previously work" in text
    assert "4. If you previously worked on the contract" in text


def test_a_translated_paper_form_is_all_in_that_language(survey):
    translate_fully(survey)
    _, text = render(survey, paper_kind(("pl",)))
    assert "Tekst 1" in text
    for english in ("Tick one box", "Part 1", "How your answers are used", "Your name", "Answer only if"):
        assert english not in text
    assert f"{survey.short_path()}?lang=pl" in text.replace(" ", "")


def test_the_bilingual_form_asks_each_question_in_welsh_and_english(survey):
    _, text = render(survey, paper_kind(BILINGUAL))
    assert "Rhan 1" in text and "Part 1" in text
    assert "Sut ydych chi'n gweld eich cyflog" in text and "How do you see your pay" in text
    assert "Ticiwch un blwch." in text and "Tick one box." in text
    assert text.index("Sut ydych chi'n gweld eich cyflog") < text.index("How do you see your pay")


def test_the_poster_names_languages_by_their_own_names_and_can_be_bilingual(survey):
    translate_fully(survey)
    _, text = render(survey, "survey_poster")
    assert "Available in English, Cymraeg, Polski." in text
    _, both = render(survey, "survey_poster_bilingual")
    assert "Dweud eich dweud" in both and "Have your say" in both
    assert "Ar gael yn Cymraeg, English, Polski." in both  # Welsh names itself first, as English does
    assert "Available in English, Cymraeg, Polski." in both


def test_no_welsh_poster_while_welsh_is_off_the_switcher_and_a_warning_for_an_incomplete_language(alice_client, survey):
    from surveys.services import question_update

    support = question(survey, "support")
    question_update(
        question=support,
        text=support.text.replace("Would you support", "Would you back"),
        options=[o["label"] for o in support.options],
        rows=[],
        page=support.page,
        section=support.section,
    )  # the Welsh is now out of date, so Welsh is off the member's switcher
    detail = alice_client.get(survey.get_absolute_url()).content.decode()
    assert "Welsh and English poster" not in detail
    refused = alice_client.post(reverse("surveys:survey_poster", kwargs={"pk": survey.pk}), {"bilingual": "1"})
    assert refused.status_code == 302 and not GeneratedDocument.objects.exists()
    assert "Polish (Polski) is offered" not in detail
    translation = survey.translations.get(language="cy")
    translation.live_when_incomplete = True
    translation.save()
    detail = alice_client.get(survey.get_absolute_url()).content.decode()
    assert "Welsh (Cymraeg) is offered to members although its translation is incomplete: 1 string shows" in detail


def test_officers_can_ask_only_for_live_languages(alice_client, survey):
    url = reverse("surveys:survey_paper_pdf", kwargs={"pk": survey.pk})
    detail = alice_client.get(survey.get_absolute_url()).content.decode()
    assert f'value="{paper_kind(BILINGUAL)}"' in detail and f'value="{paper_kind(("pl",))}"' not in detail
    refused = alice_client.post(url, {"kind": paper_kind(("pl",))})
    assert refused.status_code == 302 and not GeneratedDocument.objects.exists()
    translate_fully(survey)
    queued = alice_client.post(url, {"kind": paper_kind(("pl",))})
    document = GeneratedDocument.objects.get()
    assert queued["Location"] == reverse("document_status", kwargs={"pk": document.pk})
    assert (document.kind, document.source_id) == ("survey_paper_pl", survey.pk)
    assert alice_client.get(url).status_code == 405


def test_the_paper_title_names_the_language_once(alice_client, survey):
    url = reverse("surveys:survey_paper_pdf", kwargs={"pk": survey.pk})
    alice_client.post(url, {"kind": paper_kind(("en",))})
    alice_client.post(url, {"kind": paper_kind(("cy",))})
    titles = sorted(GeneratedDocument.objects.values_list("title", flat=True))
    assert titles == [
        f"Paper questionnaire, English: {survey.title}",
        f"Paper questionnaire, Welsh (Cymraeg): {survey.title}",
    ]


# One filled-in form, as a person writes it on paper and as they would answer online (by guide role).
FILLED = {
    "pay_comparison": "worse",
    "pay_differences": "No sick pay",
    "transferred": "yes",
    "support": "yes",
    "income": "10k-20k",
    "union": "official",
    "union_detail": "Steward",
    "join": "no",
}


def _fields(survey, filled) -> dict:
    data = {}
    for role, value in filled.items():
        if role == "union_detail":
            data[f"q{question(survey, 'union').pk}_detail"] = value
        elif role == "pay_differences":
            data[f"q{question(survey, role).pk}"] = value
        else:
            data[f"q{question(survey, role).pk}"] = option_id(survey, role, value)
    changes = question(survey, "changes")
    data[f"q{changes.pk}_r{changes.rows[0]['id']}"] = changes.option_by_key("worse")["id"]
    return data


def _online(client, survey, data):
    page_of = {f"q{q.pk}": q.page for q in survey.questions.all()}
    pages = sorted(set(page_of.values()))
    for page in pages:
        fields = {k: v for k, v in data.items() if page_of[k.split("_")[0]] == page}
        response = client.post(reverse("surveys:member_page", kwargs={"token": survey.token, "page": page}), fields)
        assert response.status_code == 302, (page, response.content.decode()[:2000])
    assert response["Location"].endswith("/thanks/")
    client.cookies.clear()


def _stored(survey) -> Counter:
    return Counter(
        (a.question.role, a.row, a.choice, a.text)
        for a in Answer.objects.filter(survey=survey).select_related("question")
    )


def test_paper_forms_keyed_in_give_the_same_results_as_the_online_form(alice_client, branch_a, alice, settings):
    settings.SURVEY_SUBMIT_LIMIT = 100
    client = Client()  # a member's phone, apart from the officer's session
    online = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    paper = make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
    for _ in range(10):
        _online(client, online, _fields(online, FILLED))
        keyed = alice_client.post(reverse("surveys:paper_response", kwargs={"pk": paper.pk}), _fields(paper, FILLED))
        assert keyed.status_code == 302
    assert _stored(online) == _stored(paper)
    assert Response.objects.filter(survey=paper, source="paper").count() == 10

    def published(survey):
        results = survey_results(survey)
        return [[(c.label, c.count) for c in q.cells] + [(ln.label, [c.count for c in ln.cells]) for ln in q.lines]
                for q in results.questions]  # fmt: skip

    assert published(online) == published(paper)
    assert any(count == 10 for cells in published(paper) for _, count in cells if isinstance(count, int))


def test_a_paper_answer_the_online_form_would_not_have_asked_is_never_dropped_unseen(alice_client, survey):
    url = reverse("surveys:paper_response", kwargs={"pk": survey.pk})
    # Question 2 written although question 1 says "Roughly equal"; a question 4 row (the guide's question 3)
    # ticked although question 3 (the guide's 7, "did you work for the authority before") says No.
    filled = _fields(survey, {**FILLED, "pay_comparison": "equal", "transferred": "no"})
    refused = alice_client.post(url, filled)
    assert refused.status_code == 400 and not Response.objects.exists()
    body = refused.content.decode()
    assert "Question 2 is filled in, but it is asked only of those who ticked" in body
    assert "Question 4 is filled in" in body and "Save without the answers listed above" in body
    assert "No sick pay</textarea>" in body  # what was keyed is still there
    saved = alice_client.post(url, {**filled, "confirm_drop": "1"})
    assert saved.status_code == 302
    assert not Answer.objects.filter(question=question(survey, "pay_differences")).exists()
    assert not Answer.objects.filter(question=question(survey, "changes")).exists()
    assert Answer.objects.get(question=question(survey, "union")).text == "Steward"


def test_a_paper_form_the_conditions_keep_whole_saves_without_asking(alice_client, survey):
    saved = alice_client.post(reverse("surveys:paper_response", kwargs={"pk": survey.pk}), _fields(survey, FILLED))
    assert saved.status_code == 302
    assert Answer.objects.get(question=question(survey, "pay_differences")).text == "No sick pay"


def test_contact_details_go_on_a_slip_of_their_own_with_no_answers_on_it(survey):
    pdf, _ = render(survey, paper_kind(("en",)))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]
    slip, questionnaire = pages[-1], pages[:-1]
    assert "Contact slip" in slip and "Detach this slip and hand it in separately" in slip
    assert "Your name" in slip and "Email address" in slip and "Phone number" in slip
    for role in ("pay_comparison", "ethnicity", "disabled", "income", "join"):  # no question, so no answer
        assert " ".join(question(survey, role).text.split()[:4]) not in slip
    assert "What is your" not in slip and "☐" not in slip
    for page in questionnaire:  # the sheet with ethnicity, disability and income asks for no name
        assert "Your name" not in page and "Email address" not in page and "Phone number" not in page
    assert "your name and contact details go only on the separate contact slip" in " ".join(questionnaire)


def test_the_welsh_and_english_slip_is_in_both_languages(survey):
    _, text = render(survey, paper_kind(BILINGUAL))
    assert "Slip cyswllt" in text and "Contact slip" in text


def test_paper_entry_keys_answers_without_contact_details(alice_client, survey):
    url = reverse("surveys:paper_response", kwargs={"pk": survey.pk})
    join = question(survey, "join")
    page = alice_client.get(url).content.decode()
    assert f'name="q{join.pk}_name"' not in page and f'name="q{join.pk}_email"' not in page
    assert reverse("surveys:paper_contact", kwargs={"pk": survey.pk}) in page
    filled = _fields(survey, {**FILLED, "join": "yes"})
    filled[f"q{join.pk}_name"] = "Sam Member"  # posted anyway: never stored with the answers
    assert alice_client.post(url, filled).status_code == 302
    assert Answer.objects.filter(question=join, choice=option_id(survey, "join", "yes")).exists()
    assert not PendingContact.objects.exists() and not SurveyContact.objects.exists()


def test_contact_slips_are_keyed_in_apart_and_sealed_in_batches_of_ten(alice_client, survey):
    url = reverse("surveys:paper_contact", kwargs={"pk": survey.pk})
    assert alice_client.get(url).status_code == 200
    for n in range(9):
        assert alice_client.post(url, {"name": f"Member {n}", "phone": f"0163296{n:04}"}).status_code == 302
    assert PendingContact.objects.filter(survey=survey).count() == 9 and not SurveyContact.objects.exists()
    alice_client.post(url, {"name": "Member 9", "email": "nine@example.org"})
    assert SurveyContact.objects.filter(survey=survey).count() == 10 and not PendingContact.objects.exists()
    assert SurveyContact.objects.filter(email="nine@example.org", name="Member 9").exists()


def test_a_contact_slip_without_a_way_to_reach_them_is_refused_with_a_message(alice_client, survey):
    url = reverse("surveys:paper_contact", kwargs={"pk": survey.pk})
    refused = alice_client.post(url, {"name": "Sam Member"})
    assert refused.status_code == 400
    assert "Enter the email address or the phone number written on the slip" in refused.content.decode()
    bad = alice_client.post(url, {"name": "Sam Member", "email": "sam@"}).content.decode()
    assert "Enter a valid email address" in bad and "or the phone number" not in bad
    assert not PendingContact.objects.exists()
    assert alice_client.delete(url).status_code == 405
