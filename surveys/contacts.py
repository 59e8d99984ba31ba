"""Contact details left at the join question, kept so that nobody holding the database can tell whose answers they are.

A copy of the database gives away the order rows were written in (ids, the physical order `ctid`, the writing
transaction `xmin`), and the responses are written in the order people answer. So a contact is never written in
the clear when its person answers: it is sealed (see sealing.py) into `PendingContact`, and once ten are waiting
they are opened, shuffled and written to `SurveyContact` together, with random ids and no date, in one
transaction. Whoever holds the database can tell which ten responses a batch came from, but not which of the ten
is whose: 1 in 10 at best. Fewer than ten left waiting are never shown; they are deleted with the raw answers.
"""

import json
import logging
import secrets
from dataclasses import asdict, dataclass

from django.db import transaction

from .models import PendingContact, Survey, SurveyContact
from .sealing import Unsealable, seal, unseal

BATCH = 10
PURPOSE = "contact"
SEALED_SIZE = 1024  # every sealed contact is the same length, whatever the name, email and phone
_random = secrets.SystemRandom()

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContactData:
    name: str
    email: str = ""
    phone: str = ""


def contact_hold(*, survey: Survey, contact: ContactData) -> None:
    """Seal the details until the batch is full, then release the batch. Its own transaction, never the answers'."""
    with transaction.atomic():
        # One release at a time per survey. FOR NO KEY UPDATE does not wait for answers being stored, which only
        # take a key-share lock on the survey row.
        Survey.objects.select_for_update(no_key=True).filter(pk=survey.pk).exists()
        plain = json.dumps(asdict(contact), ensure_ascii=False).encode()
        PendingContact.objects.create(survey=survey, sealed=seal(plain, purpose=PURPOSE, pad_to=SEALED_SIZE))
        _release_if_full(survey)


def _release_if_full(survey: Survey) -> int:
    opened = []
    for pending in PendingContact.objects.filter(survey=survey):
        try:
            opened.append((pending.pk, json.loads(unseal(pending.sealed, purpose=PURPOSE, padded=True))))
        except Unsealable:
            logger.warning("A pending survey contact cannot be opened with this site's keys; left in place")
    if len(opened) < BATCH:
        return 0
    _random.shuffle(opened)
    PendingContact.objects.filter(pk__in=[pk for pk, _ in opened]).delete()
    # Written in shuffled order in one statement: rows, ids and transaction say nothing about who came first.
    SurveyContact.objects.bulk_create(SurveyContact(survey=survey, **person) for _, person in opened)
    return len(opened)


def contacts_waiting(survey: Survey) -> bool:
    """Whether some details (fewer than ten) are held sealed. Officers are told only that, never how many."""
    return PendingContact.objects.filter(survey=survey).exists()
