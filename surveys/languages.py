"""Languages a survey can be answered in, and the survey's own text in one of them.

The interface (buttons, errors, progress) comes from Django's catalogues: English and Welsh. The survey's
questions come from the branch's translations, falling back to English for anything not yet translated.
"""

from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switcher shows it
    english: str
    rtl: bool = False


LANGUAGES = (
    Language("en", "English", "English"),
    Language("cy", "Cymraeg", "Welsh"),
    Language("pl", "Polski", "Polish"),
    Language("pt", "Português", "Portuguese"),
    Language("ro", "Română", "Romanian"),
    Language("lt", "Lietuvių", "Lithuanian"),
    Language("bg", "Български", "Bulgarian"),
    Language("es", "Español", "Spanish"),
    Language("so", "Soomaali", "Somali"),
    Language("bn", "বাংলা", "Bengali"),
    Language("pa", "ਪੰਜਾਬੀ", "Punjabi"),
    Language("gu", "ગુજરાતી", "Gujarati"),
    Language("ta", "தமிழ்", "Tamil"),
    Language("tl", "Tagalog", "Tagalog"),
    Language("tw", "Twi", "Twi"),
    Language("ar", "العربية", "Arabic", rtl=True),
    Language("ur", "اردو", "Urdu", rtl=True),
)
BY_CODE = {language.code: language for language in LANGUAGES}
ENGLISH = BY_CODE["en"]
# Languages with a Django catalogue for the interface; the others show the interface in English.
INTERFACE = {"en": "en-gb", "cy": "cy"}
TRANSLATABLE = [(lang.code, f"{lang.english} ({lang.name})") for lang in LANGUAGES if lang.code != "en"]


def interface_language(code: str) -> str:
    return INTERFACE.get(code, INTERFACE["en"])


class SurveyText:
    """A survey's wording in one language: `text.question(q)`, `text.option(q, option)`, ..."""

    def __init__(self, survey, language: Language, strings: dict | None = None):
        self.survey = survey
        self.language = language
        self.strings = strings or {}

    def _get(self, key: str, english: str) -> str:
        return self.strings.get(key) or english

    @property
    def title(self):
        return self._get("title", self.survey.title)

    @property
    def intro(self):
        return self._get("intro", self.survey.intro)

    @property
    def privacy_statement(self):
        return self._get("privacy_statement", self.survey.privacy_statement)

    @property
    def profile_intro(self):
        return self._get("profile_intro", self.survey.profile_intro)

    def question(self, question) -> str:
        return self._get(f"q{question.pk}.text", question.text)

    def option(self, question, option) -> str:
        return self._get(f"q{question.pk}.o{option['id']}", option["label"])

    def row(self, question, row) -> str:
        return self._get(f"q{question.pk}.r{row['id']}", row["label"])

    def contact_prompt(self, question) -> str:
        return self._get(f"q{question.pk}.contact", question.contact_prompt)


def source_strings(survey, questions) -> list[tuple[str, str, str]]:
    """Every translatable string of a survey: (key, what it is, English text)."""
    strings = [
        ("title", "Title", survey.title),
        ("intro", "Introduction", survey.intro),
        ("privacy_statement", "Data-protection statement", survey.privacy_statement),
    ]
    if survey.profile_intro:
        strings.append(("profile_intro", "Profile section introduction", survey.profile_intro))
    for number, question in enumerate(questions, start=1):
        strings.append((f"q{question.pk}.text", f"Question {number}", question.text))
        for row in question.rows:
            if question.kind != "ranked":
                strings.append((f"q{question.pk}.r{row['id']}", f"Question {number}, row", row["label"]))
        for option in question.options:
            strings.append((f"q{question.pk}.o{option['id']}", f"Question {number}, answer", option["label"]))
        if question.contact_prompt:
            strings.append((f"q{question.pk}.contact", f"Question {number}, contact prompt", question.contact_prompt))
    return strings


def catalogue_strings(survey, language: str, english_source: dict[str, str]) -> dict[str, str]:
    """A translation made from Django's catalogue (the model survey in Welsh): {key: translated text}.

    `english_source` maps each key to the guide's unfilled English text (with [placeholders]).
    """
    from .model_survey import fill, names_for

    translated = {}
    with translation.override(language):
        names = names_for(survey.contract)
        for key, source in english_source.items():
            text = translation.gettext(source)
            if text != source:
                translated[key] = fill(text, names)
    return translated
