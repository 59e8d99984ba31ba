"""Every interface string a member can see, so a branch can translate them for a language Django has no catalogue for.

English and Welsh come from Django's catalogues (`locale/cy`). For any other language the branch translates
these strings on the survey's translation page, next to its questions; they are stored with the survey's
translation under `ui:<English>` and served by `languages.BranchCatalogue` in place of the catalogue.
`test_interface` fails when a member template or form gains a string that is not listed here.
"""

from django.utils.translation import gettext_noop

PREFIX = "ui:"

# (English, where the member sees it)
STRINGS = (
    # Every page
    (gettext_noop("Skip to main content"), "Link for keyboard users at the top of every page"),
    (gettext_noop("Choose a language"), "Label of the language switcher"),
    (
        gettext_noop(
            "Your answers are anonymous: this site does not record who you are, your IP address or your device."
        ),
        "Footer of every page",
    ),
    # First page
    (gettext_noop("Start the survey"), "Button on the first page"),
    (gettext_noop("How your answers are used"), "Heading above the data-protection statement"),
    (
        gettext_noop("Up to %(questions)s questions, on a few short pages: you only see the ones that apply to you."),
        "First page, before the data-protection statement",
    ),
    (gettext_noop("Every question is optional: answer the ones you want to."), "First page"),
    (gettext_noop("Questions marked “required” need an answer; all the others are optional."), "First page"),
    (
        gettext_noop(
            "You have already answered this survey on this device. Thank you. If someone else is using this "
            "device, they can still take part."
        ),
        "First page, to someone who has answered already",
    ),
    (gettext_noop("Your survey code"), "Label of the code box (surveys that use printed codes)"),
    (gettext_noop("The code printed on the slip you were given, for example KX4M7PQ2."), "Hint under the code box"),
    (gettext_noop("Enter your survey code"), "Error: no code given"),
    (gettext_noop("This code is not recognised or has already been used"), "Error: wrong code"),
    # Question pages
    (gettext_noop("Page %(page)s of %(pages)s"), "Progress above the questions"),
    (gettext_noop("Your experiences and views"), "Section heading"),
    (gettext_noop("Profile"), "Section heading"),
    (gettext_noop("Continue"), "Button"),
    (gettext_noop("Back"), "Button"),
    (gettext_noop("Send my answers"), "Button on the last page"),
    (gettext_noop("required"), "Marks a question that needs an answer"),
    (gettext_noop("Choose all that apply."), "Hint under a question with several answers"),
    (gettext_noop("Up to %(limit)s characters."), "Hint under a written answer"),
    (gettext_noop("Issue %(number)s"), "Label of each of the three issues"),
    (gettext_noop("Your post (optional)"), "Asked of union officials"),
    (gettext_noop("Your name"), "Contact details"),
    (gettext_noop("Email address"), "Contact details"),
    (gettext_noop("Phone number"), "Contact details"),
    (
        gettext_noop("These go to the branch separately from your answers and cannot be matched to them."),
        "Under the contact details",
    ),
    (gettext_noop("Please add the details below, or press the button again to go on."), "Shown when more appears"),
    (gettext_noop("There is a problem"), "Heading of the list of errors"),
    (gettext_noop("Error:"), "Before each error, for screen readers"),
    (gettext_noop("Answer this question"), "Error: a required question left empty"),
    (gettext_noop("Keep your answer to %(limit_value)d characters or fewer"), "Error: written answer too long"),
    (gettext_noop("Keep each issue to %(limit_value)d characters or fewer"), "Error: issue too long"),
    (gettext_noop("Enter your name so the branch knows who to contact"), "Error: contact details"),
    (gettext_noop("Enter an email address or a phone number"), "Error: contact details"),
    (gettext_noop("Enter a valid email address."), "Error: contact details"),
    (gettext_noop("Choose Yes if you would like the branch to contact you"), "Error: contact details"),
    # The paper questionnaire and the poster
    # "Part", not "Page": the paper's sheets are not the online pages (sheet 2 carries parts 2 to 4).
    (gettext_noop("Part %(part)s"), "Paper questionnaire: heading of each group of questions"),
    (gettext_noop("Tick one box."), "Paper questionnaire: under a question"),
    (gettext_noop("Tick one box in each row."), "Paper questionnaire: under a question with rows"),
    (gettext_noop("Answer only if you ticked %(answers)s at question %(number)s."), "Paper questionnaire"),
    (gettext_noop(" or "), "Paper questionnaire: between answers, as in “Worse or Better”"),
    (gettext_noop("If you ticked “%(answer)s”: %(prompt)s"), "Paper questionnaire: before the follow-up lines"),
    (
        gettext_noop("Please hand the completed form to your union rep or put it in the sealed box."),
        "Paper questionnaire: top and end",
    ),
    (gettext_noop("Or answer online: scan the code or type this link."), "Paper questionnaire"),
    (
        gettext_noop(
            "If you ticked “%(answer)s”, fill in the separate contact slip on the last page. Do not write your "
            "name on this questionnaire."
        ),
        "Paper questionnaire: under the question about being contacted",
    ),
    (gettext_noop("Contact slip"), "Paper questionnaire: heading of the last page, handed in separately"),
    (
        gettext_noop(
            "Detach this slip and hand it in separately from your questionnaire, or put it in the other box. It "
            "has none of your answers on it and nothing that matches it to your questionnaire."
        ),
        "Paper questionnaire: contact slip",
    ),
    (
        gettext_noop("Fill this in only if you would like the branch to contact you."),
        "Paper questionnaire: contact slip",
    ),
    (
        gettext_noop(
            "On paper: your name and contact details go only on the separate contact slip. Hand the slip in "
            "separately from the questionnaire, or put it in the other box, so that nobody can match the two. If "
            "you hand both to your rep together, your rep could tell they came from the same person."
        ),
        "Paper questionnaire: after the data-protection statement",
    ),
    (gettext_noop("Have your say"), "Poster: headline"),
    (gettext_noop("%(questions)s questions · under five minutes · anonymous · no account needed"), "Poster"),
    (gettext_noop("Scan the code with your phone's camera, or type this link:"), "Poster"),
    (gettext_noop("Open until %(date)s"), "Poster"),
    (gettext_noop("Available in %(languages)s."), "Poster: the languages members can choose"),
    # After sending
    (gettext_noop("Thank you"), "Thank-you page"),
    (gettext_noop("Your answers have been sent. They are anonymous."), "Thank-you page"),
    (
        gettext_noop("You left your contact details, so someone from the branch will be in touch."),
        "Thank-you page",
    ),
    (gettext_noop("Stronger together in %(union_name)s"), "Thank-you page"),
    (
        gettext_noop(
            "The more staff who join, the stronger the union's voice in bringing the service back in-house on "
            "better terms."
        ),
        "Thank-you page",
    ),
    (gettext_noop("Join %(union_name)s online"), "Thank-you page, button"),
    (gettext_noop("Join %(union_name)s"), "Pages that cannot take answers"),
    (
        gettext_noop("If you have questions about the survey, speak to your union rep."),
        "Pages that cannot take answers",
    ),
    (gettext_noop("This survey has closed"), "Page shown when the survey has closed"),
    (
        gettext_noop(
            "Thank you for your interest. The survey is no longer taking answers, and the branch is looking at what "
            "people said."
        ),
        "Page shown when the survey has closed",
    ),
    (gettext_noop("This survey is not open yet"), "Page shown before the survey opens"),
    (gettext_noop("It opens on %(date)s. Please come back then."), "Page shown before the survey opens"),
    (gettext_noop("Please come back when the branch opens it."), "Page shown before the survey opens"),
    (gettext_noop("This link is no longer in use"), "Page shown for a link the branch replaced"),
    (
        gettext_noop(
            "The branch has replaced this survey link with a new one. Please use the link or QR code on the latest "
            "poster, or ask your union rep for it."
        ),
        "Page shown for a link the branch replaced",
    ),
    (gettext_noop("Please try again in a few minutes"), "Too many answers from one connection"),
    (
        gettext_noop(
            "A lot of answers have been sent from this connection in the last few minutes. Your answers have "
            "been kept on this device: go back and send them again in a few minutes."
        ),
        "Too many answers from one connection",
    ),
    (gettext_noop("Back to your answers"), "Too many answers from one connection"),
    (gettext_noop("This code has already been used"), "Code already used"),
    (
        gettext_noop(
            "Each code can be used once. If you have not answered the survey yet, ask your union rep for a new code."
        ),
        "Code already used",
    ),
)
ENGLISH = tuple(english for english, _ in STRINGS)


def key(english: str) -> str:
    return PREFIX + english
