"""One FoI letter, composed once: the email's text and HTML parts, the print view and the PDF all render it.

`compose()` gathers what a letter prints (letterhead, addressee, date, references, subject, paragraphs, the
contracts it covers) and fills the placeholders the app can answer at that moment (a reference the authority
gave after the draft was written, why a late reply is late). What is left is named by `Letter.unfilled`, and
every way out of the app (send, print, PDF) refuses a letter with any left.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from insourcing.models import Branch

from . import letters
from .models import FoIRequest, LetterKind

# Clauses that only make sense with a value: without an authority reference "(your reference: ...)" goes.
# Letters written before this still say "(your reference: none given)"; that goes too.
_NO_AUTHORITY_REFERENCE = [
    re.compile(r";\s*[^;()\[\]\n]*\[Authority reference\]", re.IGNORECASE),
    re.compile(r"\s*\([^()\[\]\n]*\[Authority reference\]\)", re.IGNORECASE),
    re.compile(r"\s*\(your reference: none given\)", re.IGNORECASE),
]


@dataclass
class Letter:
    kind: str
    branch: Branch
    reference: str
    authority_reference: str
    recipient_name: str
    recipient_address: str
    date: datetime.date
    subject: str
    blocks: list[dict]
    contracts: list = field(default_factory=list)
    # Only a letter that goes by email says so above the date; a posted one shows the postal address alone.
    recipient_email: str = ""

    @property
    def title(self) -> str:
        """What the PDF and its file are called: the request and the kind of letter."""
        return f"{self.reference} {LetterKind(self.kind).label.lower().replace('foi ', 'FoI ')}"

    @property
    def email_subject(self) -> str:
        return self.subject if self.reference in self.subject else f"{self.subject} (our reference {self.reference})"

    @property
    def unfilled(self) -> list[str]:
        """Placeholders still in the words, each once, in the order they appear."""
        words = "\n".join(line for block in self.blocks for line in block.get("lines", ()))
        return list(dict.fromkeys(letters.unfilled_placeholders(words)))

    def text(self) -> str:
        return render_to_string("contracts/foi/_letter.txt", {"letter": self})


class UnfilledLetter(Exception):
    """A letter that still has placeholders; the message names them for the officer."""

    def __init__(self, letter: Letter):
        self.letter = letter
        names = ", ".join(letter.unfilled)
        super().__init__(f"Fill in {names} in the {LetterKind(letter.kind).label.lower()} first.")


def require_filled(letter: Letter) -> Letter:
    if letter.unfilled:
        raise UnfilledLetter(letter)
    return letter


def known_values(foi: FoIRequest, *, today: datetime.date | None = None) -> dict[str, str]:
    """The request's placeholder values plus what the app can say for the officer (why a reply is late)."""
    today = today or timezone.localdate()
    values = foi.placeholder_values()
    if not foi.replied_on and foi.due_on and foi.due_on < today:
        due = foi.due_on
        values["Say why"] = (
            f"I have had no reply, although the {foi.regime.act} required one within 20 working days "
            f"(by {due.day} {due:%B %Y})"
        )
    if foi.review_due_on and foi.review_due_on < today:
        due = foi.review_due_on
        values["Say what happened"] = (
            f"The authority has not sent the outcome of the review, which was due by {due.day} {due:%B %Y}."
        )
    return values


def fill_known(body: str, foi: FoIRequest) -> str:
    values = known_values(foi)
    text = letters.fill(body, values)
    if not values.get("Authority reference"):
        for pattern in _NO_AUTHORITY_REFERENCE:
            text = pattern.sub("", text)
    elif foi.authority_reference:
        text = re.sub(r"none given\)", f"{foi.authority_reference})", text)
    return text


def compose(foi: FoIRequest, kind: str, *, contracts: list | None = None, by_email: bool | None = None) -> Letter:
    """One letter of a request. `by_email` defaults to how the letter went (or goes): emailed from the app."""
    authority, regime = foi.authority, foi.regime
    if by_email is None:
        # A review letter goes its own way (recorded when it is sent); before then, or for reviews recorded
        # before that was kept, the request's way is the best guess.
        sent_by = (foi.review_sent_by or foi.sent_by) if kind == LetterKind.INTERNAL_REVIEW else foi.sent_by
        by_email = kind != LetterKind.COMPLAINT and sent_by == FoIRequest.SentBy.APP_EMAIL
    common = {
        "kind": kind,
        "branch": foi.branch,
        "reference": foi.reference,
        "authority_reference": foi.authority_reference,
        "recipient_name": f"FoI Officer, {authority.name}",
        "recipient_address": authority.postal_address,
        "recipient_email": authority.foi_email if by_email else "",
    }
    if kind == LetterKind.REQUEST:
        return Letter(
            **common,
            date=foi.letter_date(),
            subject=foi.subject,
            blocks=letters.blocks(fill_known(foi.body, foi), foi.ask_list),
            contracts=list(foi.contracts.all()) if contracts is None else contracts,
        )
    if kind == LetterKind.INTERNAL_REVIEW:
        return Letter(
            **common,
            date=foi.review_requested_on or timezone.localdate(),
            subject=f"Request for an internal review: {foi.reference}",
            blocks=letters.blocks(fill_known(foi.review_body, foi), []),
        )
    return Letter(
        **{**common, "recipient_name": regime.regulator, "recipient_address": regime.regulator_address},
        date=foi.complaint_made_on or timezone.localdate(),
        subject=f"Complaint about {authority.name}: {foi.reference}",
        blocks=letters.blocks(fill_known(foi.complaint_body, foi), []),
    )
