"""The survey's printed documents: the A4 poster and the paper questionnaire, each with a QR code.

Both are written in the languages members can choose online, from the same translations (interface strings
included), so a Polish paper form says exactly what the Polish online survey says. The paper questionnaire
follows the online pages and numbering, and prints each condition ("Answer only if ...") that the online
survey applies by itself; officers key returned forms in through paper entry.
"""

from dataclasses import dataclass

import segno
from django.utils.safestring import mark_safe

from insourcing.documents import register, render_document_template

from .languages import BY_CODE, LANGUAGES, Language, SurveyText, catalogue_for, offered
from .models import Question, Survey, question_numbers

BILINGUAL = ("cy", "en")  # Welsh first, as bilingual documents in Wales usually are


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (WeasyPrint draws it; no image file, no network)."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, title="QR code for the survey link")


@dataclass
class Words:
    """One piece of text in each language of the document: [(language, text)]."""

    parts: list[tuple[Language, str]]


class Voices:
    """Says things in each of a document's languages, from the survey's translations and the interface strings."""

    def __init__(self, survey: Survey, codes: tuple[str, ...], translations: dict, questions: int):
        self.voices = []
        for code in codes:
            found = translations.get(code)
            strings = found.strings if found else {}
            language = BY_CODE[code]
            text = SurveyText(survey, language, strings, found.sources if found else {}, questions=questions)
            self.voices.append((language, catalogue_for(language, strings), text))

    def each(self, say) -> Words:
        """`say(gettext, text)` once per language."""
        return Words([(language, say(catalogue.gettext, text)) for language, catalogue, text in self.voices])

    def ui(self, message: str, **values) -> Words:
        return self.each(lambda gettext, _: gettext(message) % values if values else gettext(message))

    def text(self, get) -> Words:
        return self.each(lambda _, text: get(text))


def _url(survey: Survey, language: str | None = None) -> str:
    """The short link, which a member can type from the page as easily as scan (it leads to the same survey)."""
    url = f"{survey.link_base.rstrip('/')}{survey.short_path()}"
    return f"{url}?lang={language}" if language and language != "en" else url


def _question(voices: Voices, q: Question, number: int, numbers: dict, questions: dict) -> dict:
    item = {"question": q, "number": number, "text": voices.text(lambda t: t.question(q))}
    source = questions.get(q.show_if_question_id)
    if source is not None:
        picked = [o for o in source.options if o["id"] in q.show_if_options]
        item["condition"] = voices.each(
            lambda gettext, t: (
                gettext("Answer only if you ticked %(answers)s at question %(number)s.")
                % {
                    "answers": gettext(" or ").join(f"“{t.option(source, o)}”" for o in picked),
                    "number": numbers[source.pk],
                }
            )
        )
    if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN):
        item["instruction"] = voices.ui("Tick one box.")
    elif q.kind == Question.Kind.MULTI:
        item["instruction"] = voices.ui("Choose all that apply.")
    elif q.kind == Question.Kind.MATRIX:
        item["instruction"] = voices.ui("Tick one box in each row.")
    item["options"] = [voices.text(lambda t, o=o: t.option(q, o)) for o in q.options]
    if q.kind == Question.Kind.MATRIX:
        item["rows"] = [voices.text(lambda t, r=r: t.row(q, r)) for r in q.rows]
    if q.kind == Question.Kind.RANKED:
        item["issues"] = [voices.ui("Issue %(number)s", number=r["label"]) for r in q.rows]
    follow_up = None
    if q.detail_option:
        option = next((o for o in q.options if o["id"] == q.detail_option), None)
        follow_up = (option, [voices.ui("Your post (optional)")], "")
    yes = q.option_by_key("yes") if q.kind == Question.Kind.JOIN else None
    if yes:
        # Never a name on the sheet that carries ethnicity, disability and income: the details go on the contact
        # slip, a page of its own that is handed in apart from the answers (see paper_context).
        item["follow_up"] = voices.each(
            lambda gettext, t: (
                gettext(
                    "If you ticked “%(answer)s”, fill in the separate contact slip on the last page. Do not write "
                    "your name on this questionnaire."
                )
                % {"answer": t.option(q, yes)}
            )
        )
        return item
    if follow_up and follow_up[0]:
        option, fields, prompt = follow_up
        item["follow_up"] = voices.each(
            lambda gettext, t: (
                gettext("If you ticked “%(answer)s”: %(prompt)s")
                % {"answer": t.option(q, option), "prompt": t.contact_prompt(q) if prompt else ""}
            )
        )
        item["follow_up_fields"] = fields
    return item


PAPER_PRIVACY = (
    "On paper: your name and contact details go only on the separate contact slip. Hand the slip in separately "
    "from the questionnaire, or put it in the other box, so that nobody can match the two. If you hand both to "
    "your rep together, your rep could tell they came from the same person."
)


def _contact_slip(voices: Voices) -> dict:
    """The last page, torn off and handed in apart: contact details and nothing else, no answer, no number."""
    return {
        "heading": voices.ui("Contact slip"),
        "instructions": voices.ui(
            "Detach this slip and hand it in separately from your questionnaire, or put it in the other box. It "
            "has none of your answers on it and nothing that matches it to your questionnaire."
        ),
        "only_if": voices.ui("Fill this in only if you would like the branch to contact you."),
        "fields": [voices.ui("Your name"), voices.ui("Email address"), voices.ui("Phone number")],
    }


def paper_context(survey: Survey, codes: tuple[str, ...]) -> dict:
    questions = list(survey.questions.asked().in_member_order())
    voices = Voices(survey, codes, offered(survey, questions), len(questions))
    numbers = question_numbers(questions)
    by_pk = {q.pk: q for q in questions}
    pages, previous_section = [], None
    for index, page in enumerate(sorted({q.page for q in questions}), start=1):
        on_page = [q for q in questions if q.page == page]
        section = "Profile" if on_page[0].is_profile else "Your experiences and views"
        pages.append(
            {
                # The online page's questions as one part: a printed sheet holds several, so "Page" would mislead.
                "heading": voices.ui("Part %(part)s", part=index),
                # A section's heading once, where it starts: printed over each of its pages, the questionnaire
                # repeated "Your experiences and views" six times (the documents guard refuses repeated headings).
                "section": voices.ui(section) if section != previous_section else None,
                "profile_intro": voices.text(lambda t: t.profile_intro) if on_page[0].is_profile else None,
                "questions": [_question(voices, q, numbers[q.pk], numbers, by_pk) for q in on_page],
            }
        )
        previous_section = section
    url = _url(survey, codes[0] if len(codes) == 1 else None)
    join = next((q for q in questions if q.kind == Question.Kind.JOIN and q.option_by_key("yes")), None)
    return {
        "slip": _contact_slip(voices) if join else None,
        "paper_privacy": voices.ui(PAPER_PRIVACY) if join else None,
        "languages": [BY_CODE[code] for code in codes],
        "lang": codes[0],
        "rtl": BY_CODE[codes[0]].rtl,
        "title": voices.text(lambda t: t.title),
        "intro": voices.text(lambda t: t.intro),
        "privacy_heading": voices.ui("How your answers are used"),
        "privacy": voices.text(lambda t: t.privacy_statement),
        "return_note": voices.ui("Please hand the completed form to your union rep or put it in the sealed box."),
        "online": voices.ui("Or answer online: scan the code or type this link."),
        "required": voices.ui("required"),
        "pages": pages,
        "url": url,
        "qr": mark_safe(qr_svg(url)),  # noqa: S308  (segno's own SVG markup, no user text in it)
    }


def _paper_renderer(codes: tuple[str, ...]):
    def render(document) -> str:
        survey = Survey.objects.with_names().get(pk=document.source_id)
        return render_document_template(
            "pdf/surveys/paper.html", {"document": document, "survey": survey, **paper_context(survey, codes)}
        )

    return render


def _surveys(branch):
    return Survey.objects.filter(contract__branch=branch)


def paper_kind(codes: tuple[str, ...]) -> str:
    return "survey_paper_" + "_".join(codes)


for _language in LANGUAGES:
    register(paper_kind((_language.code,)), f"Paper questionnaire ({_language.english})", sources=_surveys)(
        _paper_renderer((_language.code,))
    )
register(paper_kind(BILINGUAL), "Paper questionnaire (Welsh and English)", sources=_surveys)(_paper_renderer(BILINGUAL))


def _poster(document, codes: tuple[str, ...]) -> str:
    survey = Survey.objects.with_names().get(pk=document.source_id)
    questions = list(survey.questions.asked())
    translations = offered(survey, questions)
    voices = Voices(survey, codes, translations, len(questions))
    url = _url(survey)

    # Each language by its own name ("Polski", not "pl"): the poster's own language first, then the others in the
    # order of the member's switcher. The bilingual poster is made only when Welsh is offered (views.survey_poster).
    def available(language: Language, gettext) -> str:
        names = [language.name] + [BY_CODE[code].name for code in translations if code != language.code]
        return gettext("Available in %(languages)s.") % {"languages": ", ".join(names)}

    closes = survey.closes_on.strftime("%d/%m/%Y") if survey.closes_on else ""  # the same in every language
    return render_document_template(
        "pdf/surveys/poster.html",
        {
            "document": document,
            "survey": survey,
            "url": url,
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  (segno's own SVG markup, no user text in it)
            "lang": codes[0],
            "headline": voices.ui("Have your say"),
            "title": voices.text(lambda t: t.title),
            "facts": voices.ui(
                "%(questions)s questions · under five minutes · anonymous · no account needed",
                questions=len(questions),
            ),
            "scan": voices.ui("Scan the code with your phone's camera, or type this link:"),
            "closes": voices.each(lambda gettext, _: gettext("Open until %(date)s") % {"date": closes})
            if closes
            else None,
            "available": Words([(language, available(language, cat.gettext)) for language, cat, _ in voices.voices]),
            "bilingual": len(codes) > 1,
        },
    )


@register("survey_poster", "Survey poster", sources=_surveys)
def render_survey_poster(document) -> str:
    return _poster(document, ("en",))


@register("survey_poster_bilingual", "Survey poster (Welsh and English)", sources=_surveys)
def render_survey_poster_bilingual(document) -> str:
    return _poster(document, BILINGUAL)
