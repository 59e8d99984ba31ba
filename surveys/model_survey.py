"""The guide's model survey (Appendix 2), word for word, with its placeholders still in square brackets.

Every string is marked for translation with `gettext_noop`, so the Welsh catalogue carries the model survey
too: a new survey gets its English text from here and a Welsh translation from `locale/cy`.
Placeholders are filled by `fill()`; the guide writes both "[contractor name]" and "[name of contractor]".
The guide's "just 13 questions" is `{questions}` here: it stays in the stored intro and its translations, and is
filled with the survey's own count whenever the intro is shown (`languages.SurveyText.intro`), so adding or removing
a question never leaves a translation saying the wrong number.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

PREFER_NOT_TO_SAY = gettext_noop("Prefer not to say")

TITLE = gettext_noop("UNISON SURVEY")
INTRO = gettext_noop(
    "UNISON [branch name] is currently considering a campaign to return the services currently provided by "
    "[contractor name] to direct provision by [name of public authority]. However, to understand whether such a "
    "campaign would be in line with your experiences and views, we would greatly appreciate it if you could spare "
    "the time to complete this survey.\n\n"
    "The survey covers just {questions} questions and would normally take less than five minutes to complete. All "
    "responses to this questionnaire are anonymous and will be treated as confidential."
)
VIEWS_HEADING = gettext_noop("YOUR EXPERIENCES AND VIEWS")
PROFILE_HEADING = gettext_noop("PROFILE")
PROFILE_INTRO = gettext_noop(
    "(These questions help us understand the differing views of the various groups that make up the "
    "[name of contractor] workforce)"
)
# The guide's data-protection statement names Alchemer and its EEA servers; here the branch holds the data on
# this service, so the statement says that instead. Branches can edit it per survey.
PRIVACY_STATEMENT = gettext_noop(
    "All responses to this survey are completely anonymous. The data collected in this survey will only be used "
    "by UNISON for the purposes of understanding members' views. The survey is run by UNISON [branch name] on "
    "the union's own Insourcing service, which does not record your name, your IP address, your device or the "
    "time you answered. If you choose to leave contact details at the end, they are kept apart from your "
    "answers, encrypted, and given to the branch only in groups of at least ten in shuffled order, so they cannot "
    "be matched to your answers; if fewer than ten people leave details, the branch never sees them. This data "
    "will not be shared with other 3rd parties, and it will "
    "only be stored for as long as UNISON needs it. It will not be used for any other purposes. You can read "
    "UNISON's Privacy Policy at https://www.unison.org.uk/privacy-policy"
)


class Kind:
    SINGLE = "single"
    TEXT = "text"
    MATRIX = "matrix"
    RANKED = "ranked"
    GRID = "grid"
    JOIN = "join"
    MULTI = "multi"


class Section:
    VIEWS = "views"
    PROFILE = "profile"


@dataclass(frozen=True)
class ModelQuestion:
    number: int
    kind: str
    text: str
    page: int
    section: str = Section.VIEWS
    # (key, label): keys are stable names the results code relies on (e.g. "worse" for discontent).
    options: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    role: str = ""
    detail_option: str = ""
    # (guide number of an earlier question, option keys): asked only of members who chose one of those options.
    show_if: tuple[int, tuple[str, ...]] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def profile(self) -> bool:
        return self.section == Section.PROFILE


# Pages: a question asked only after some answers sits on a page after the question it depends on, so the
# server can leave it out without JavaScript. Question 7 (worked for the authority before) therefore comes
# early, with the views, ahead of question 3, which only those who did are asked.
QUESTIONS = (
    ModelQuestion(
        1,
        Kind.SINGLE,
        gettext_noop(
            "How do you see your pay, terms and conditions compared to equivalent staff working directly for "
            "[name of public authority]?"
        ),
        page=1,
        role="pay_comparison",
        options=(
            ("equal", gettext_noop("Roughly equal")),
            ("worse", gettext_noop("Worse than [name of public authority] staff")),
            ("better", gettext_noop("Better than [name of public authority] staff")),
        ),
    ),
    ModelQuestion(
        2,
        Kind.TEXT,
        gettext_noop(
            "If you see the pay, terms and conditions of equivalent staff working directly for [name of public "
            "authority] as being significantly better or worse, please briefly summarise the main differences below"
        ),
        page=2,
        show_if=(1, ("worse", "better")),
        role="pay_differences",
    ),
    ModelQuestion(
        3,
        Kind.MATRIX,
        gettext_noop(
            "If you previously worked on the contract when it was provided directly by [name of public authority], "
            "how have these factors changed since the contract was taken over by the current contractor?"
        ),
        page=3,
        show_if=(7, ("yes",)),
        role="changes",
        options=(
            ("better", gettext_noop("Better")),
            ("worse", gettext_noop("Worse")),
            ("same", gettext_noop("Remained the same")),
            ("dont-know", gettext_noop("Don't know")),
        ),
        rows=(
            ("quality", gettext_noop("Quality of service")),
            ("morale", gettext_noop("Staff morale")),
            ("leaving", gettext_noop("Rate of staff leaving their job")),
        ),
    ),
    ModelQuestion(
        4,
        Kind.RANKED,
        gettext_noop(
            "What would you describe as the three biggest issues you would like the union to campaign to improve?"
        ),
        page=4,
        role="issues",
        rows=(("1", "1"), ("2", "2"), ("3", "3")),
    ),
    ModelQuestion(
        5,
        Kind.SINGLE,
        gettext_noop(
            "Would you support a campaign to return the service to direct provision by [name of public authority]?"
        ),
        page=5,
        role="support",
        options=(("yes", gettext_noop("Yes")), ("no", gettext_noop("No")), ("dont-know", gettext_noop("Don't know"))),
    ),
    ModelQuestion(
        6,
        Kind.TEXT,
        gettext_noop(
            "If services were returned to direct provision by [name of public authority], what changes should be "
            "made to the way the service is delivered to achieve improvements for staff and service users?"
        ),
        page=5,
        role="changes_wanted",
    ),
    ModelQuestion(
        7,
        Kind.SINGLE,
        gettext_noop(
            "Did you previously work for [name of public authority] before the service was contracted out to "
            "[name of contractor]?"
        ),
        page=2,
        role="transferred",
        options=(("yes", gettext_noop("Yes")), ("no", gettext_noop("No"))),
    ),
    ModelQuestion(
        8,
        Kind.SINGLE,
        gettext_noop("What income band does your basic salary fall in?"),
        page=6,
        section=Section.PROFILE,
        role="income",
        options=(
            ("under-10k", gettext_noop("Less than £10,000")),
            ("10k-20k", gettext_noop("Between £10,000 and £19,999")),
            ("20k-40k", gettext_noop("Between £20,000 and £39,999")),
            ("40k-plus", gettext_noop("£40,000 or over")),
            ("prefer-not", PREFER_NOT_TO_SAY),
        ),
    ),
    ModelQuestion(
        9,
        Kind.SINGLE,
        gettext_noop("How do you describe your gender?"),
        page=6,
        section=Section.PROFILE,
        role="gender",
        options=(
            ("male", gettext_noop("Male")),
            ("female", gettext_noop("Female")),
            ("another-way", gettext_noop("In another way")),
            ("prefer-not", PREFER_NOT_TO_SAY),
        ),
    ),
    ModelQuestion(
        10,
        Kind.GRID,
        gettext_noop("How do you describe your ethnic origin?"),
        page=7,
        section=Section.PROFILE,
        role="ethnicity",
        # The guide prints a 3-column grid; read down its columns so each group stays together.
        options=(
            ("asian-uk", gettext_noop("Asian UK")),
            ("asian-other", gettext_noop("Asian Other")),
            ("bangladeshi", gettext_noop("Bangladeshi")),
            ("indian", gettext_noop("Indian")),
            ("pakistani", gettext_noop("Pakistani")),
            ("black-african", gettext_noop("Black African")),
            ("black-caribbean", gettext_noop("Black Caribbean")),
            ("black-uk", gettext_noop("Black UK")),
            ("black-other", gettext_noop("Black Other")),
            ("black-mixed", gettext_noop("Black mixed heritage")),
            ("chinese", gettext_noop("Chinese")),
            ("irish", gettext_noop("Irish")),
            ("white-uk", gettext_noop("White UK")),
            ("white-other", gettext_noop("White Other")),
            ("other-mixed", gettext_noop("Other mixed heritage")),
        ),
    ),
    ModelQuestion(
        11,
        Kind.SINGLE,
        gettext_noop("Would you describe yourself as a disabled person?"),
        page=7,
        section=Section.PROFILE,
        role="disabled",
        options=(("yes", gettext_noop("Yes")), ("no", gettext_noop("No")), ("prefer-not", PREFER_NOT_TO_SAY)),
    ),
    ModelQuestion(
        12,
        Kind.SINGLE,
        gettext_noop("What is your involvement with unions representing staff at [name of contractor]?"),
        page=7,
        section=Section.PROFILE,
        role="union",
        options=(
            ("unison", gettext_noop("A member of UNISON")),
            ("other-union", gettext_noop("A member of another union")),
            ("no-union", gettext_noop("Not a member of any union")),
            ("official", gettext_noop("An official for UNISON (please detail your post below)")),
        ),
        detail_option="official",
    ),
    ModelQuestion(
        13,
        Kind.JOIN,
        gettext_noop("Would you be interested in joining or playing a more active role in UNISON?"),
        page=8,
        role="join",
        options=(("yes", gettext_noop("Yes")), ("no", gettext_noop("No"))),
        extra={"contact_prompt": gettext_noop("If Yes, please provide your contact details below")},
    ),
)


def options_for(question: ModelQuestion) -> tuple[tuple[str, str], ...]:
    """The guide's options, plus "Prefer not to say" on profile questions the guide printed without one."""
    if question.profile and all(key != "prefer-not" for key, _ in question.options):
        return (*question.options, ("prefer-not", PREFER_NOT_TO_SAY))
    return question.options


@dataclass(frozen=True)
class Names:
    branch: str
    contractor: str
    authority: str
    union: str = ""


def names_for(contract) -> Names:
    """The names a survey about this contract fills in (in the active language, for "the contractor")."""
    return Names(
        branch=contract.branch.name,
        contractor=contract.provider.name if contract.provider_id else gettext("the contractor"),
        authority=contract.authority.name,
    )


def fill(text: str, names: Names) -> str:
    union = names.union or settings.UNION_NAME
    return (
        text.replace("[branch name]", names.branch)
        .replace("[contractor name]", names.contractor)
        .replace("[name of contractor]", names.contractor)
        .replace("[name of public authority]", names.authority)
        .replace("UNISON", union)
    )
