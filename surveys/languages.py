"""Languages a survey can be answered in, and the survey's own text in one of them.

The interface (buttons, errors, progress) comes from Django's catalogues for English and Welsh, and from the
branch's own translation (`interface.STRINGS`) for any other language. The survey's questions come from the
branch's translations. A translated string whose English has changed since is stale and shows in English, and
a language is offered to members only when nothing falls back to English, unless an officer chose otherwise.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import trans_real

from . import interface
from .models import question_numbers

QUESTION_COUNT = "{questions}"  # in an intro: the number of questions members can be asked


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


# First-strong isolate and pop: English shown inside right-to-left text keeps its own direction, so its
# punctuation lands at its end, not at the start of the line. Plain characters work in titles and attributes.
FSI, PDI = "\u2068", "\u2069"


class BranchCatalogue:
    """Stands in for Django's translation object for a language the branch translated itself.

    Django has no public way to add a catalogue at run time; `activate_interface` installs this as the
    thread's active translation for one request (LocaleMiddleware activates afresh on the next), so
    `{% translate %}`, `gettext` and form errors all read the branch's strings.
    """

    def __init__(self, language: Language, strings: dict[str, str]):
        self.language_code = language.code
        self.rtl = language.rtl
        self.strings = strings
        self.english = trans_real.translation(INTERFACE["en"])

    def gettext(self, message: str) -> str:
        translated = self.strings.get(interface.key(message))
        if translated:
            return translated
        english = self.english.gettext(message)
        return f"{FSI}{english}{PDI}" if self.rtl else english

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self.gettext(singular if number == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def to_language(self) -> str:
        return self.language_code

    def language(self) -> str:
        return self.language_code


def catalogue_for(language: Language, strings: dict[str, str] | None = None):
    """The interface in `language`: Django's catalogue where there is one, else the branch's translation."""
    if language.code in INTERFACE:
        return trans_real.translation(INTERFACE[language.code])
    return BranchCatalogue(language, strings or {})


def activate_interface(language: Language, strings: dict[str, str] | None = None) -> None:
    """Make the rest of this request speak `language`: Django's catalogue, or the branch's translation."""
    if language.code in INTERFACE:
        translation.activate(INTERFACE[language.code])
    else:
        trans_real._active.value = catalogue_for(language, strings)


class Fallback(str):
    """English shown where a translation is missing or stale, so templates can mark it `lang="en"`."""

    fallback = True


class SurveyText:
    """A survey's wording in one language: `text.question(q)`, `text.option(q, option)`, ...

    `current` is the survey's English by key: a string translated from different English is stale and the
    member sees the current English instead of an old question.
    """

    def __init__(
        self,
        survey,
        language: Language,
        strings: dict | None = None,
        sources: dict | None = None,
        *,
        questions: int | None = None,
    ):
        self.survey = survey
        self.language = language
        self.strings = strings or {}
        self.sources = sources or {}
        self.questions = questions  # how many questions members can be asked, for "{questions}" in the intro

    def _get(self, key: str, english: str) -> str:
        translated = self.strings.get(key)
        if translated and self.sources.get(key, english) == english:
            return translated
        return Fallback(english) if self.language.code != "en" else english

    @property
    def title(self):
        return self._get("title", self.survey.title)

    @property
    def intro(self):
        """The intro with `{questions}` filled in: stored and translated with the placeholder, so it stays true."""
        text = self._get("intro", self.survey.intro)
        if self.questions is None:
            return text
        filled = text.replace(QUESTION_COUNT, str(self.questions))
        return Fallback(filled) if isinstance(text, Fallback) else filled

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
    numbers = question_numbers(questions)
    for question in sorted(questions, key=lambda q: numbers.get(q.pk, 0)):
        number = numbers[question.pk]
        strings.append((f"q{question.pk}.text", f"Question {number}", question.text))
        for row in question.rows:
            if question.kind != "ranked":
                strings.append((f"q{question.pk}.r{row['id']}", f"Question {number}, row", row["label"]))
        for option in question.options:
            strings.append((f"q{question.pk}.o{option['id']}", f"Question {number}, answer", option["label"]))
        if question.contact_prompt:
            strings.append((f"q{question.pk}.contact", f"Question {number}, contact prompt", question.contact_prompt))
    return strings


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def interface_strings(language_code: str) -> list[tuple[str, str, str]]:
    """The interface strings a branch translates for this language: none where Django has a catalogue."""
    if language_code in INTERFACE:
        return []
    return [(interface.key(english), f"Buttons and messages: {where}", english) for english, where in interface.STRINGS]


@dataclass
class Stale:
    key: str
    what: str
    old: str
    new: str

    def changes(self) -> list[tuple[str, str]]:
        """(kind, words) runs: kind is "same", "removed" or "added", for showing what the English gained or lost."""
        old, new = self.old.split(), self.new.split()
        runs = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "equal":
                runs.append(("same", " ".join(old[i1:i2])))
                continue
            if i2 > i1:
                runs.append(("removed", " ".join(old[i1:i2])))
            if j2 > j1:
                runs.append(("added", " ".join(new[j1:j2])))
        return runs


@dataclass
class Status:
    """How far a translation covers what members see: what is missing and what has gone out of date."""

    language: Language
    total: int
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    live_when_incomplete: bool = False

    @property
    def complete(self) -> bool:
        return not self.missing and not self.stale

    @property
    def offered(self) -> bool:
        return self.complete or self.live_when_incomplete

    @property
    def falls_back(self) -> int:
        return len(self.missing) + len(self.stale)


def all_strings(survey, questions, language_code: str) -> list[tuple[str, str, str]]:
    return source_strings(survey, questions) + interface_strings(language_code)


def translation_status(survey, questions, translation_row) -> Status:
    language = BY_CODE[translation_row.language]
    strings, sources = translation_row.strings, translation_row.sources
    status = Status(language, 0, live_when_incomplete=translation_row.live_when_incomplete)
    for key, what, english in all_strings(survey, questions, language.code):
        status.total += 1
        if not strings.get(key):
            status.missing.append((key, what, english))
        elif sources.get(key, english) != english:
            status.stale.append(Stale(key, what, sources[key], english))
    return status


def offered(survey, questions, rows=None) -> dict[str, object]:
    """{language code: its translation (None for English)} for the languages members can choose, in list order.

    `rows`: the survey's translation rows when the caller has them already (the members' pages keep them)."""
    rows = survey.translations.all() if rows is None else rows
    translations = {t.language: t for t in rows if t.language in BY_CODE}
    live = {code for code, t in translations.items() if translation_status(survey, questions, t).offered}
    return {lang.code: translations.get(lang.code) for lang in LANGUAGES if lang.code == "en" or lang.code in live}


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
