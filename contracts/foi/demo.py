"""Demo FoI data: a sent request about the demo cleaning contract, and a draft Insourcing First motion."""

import datetime

from django.utils import timezone

from contracts.register.models import Contract

from . import services
from .models import FoIRequest, InsourcingFirstMotion, LetterKind


def seed_demo(tenancy, stdout) -> None:
    branch = tenancy.branches["demo-city"]
    contract = Contract.objects.filter(branch=branch, reference="DEMO-CLEAN-01").select_related("authority").first()
    if contract is None:
        return
    authority = contract.authority
    if not FoIRequest.objects.filter(branch=branch, authority=authority).exists():
        foi = services.foi_request_create(
            branch=branch, authority=authority, contracts=[contract], user=tenancy.officer
        )
        # Sent three weeks ago by post, so the clock page has something to show.
        sent = timezone.localdate() - datetime.timedelta(days=21)
        services.foi_request_send(
            foi=foi, user=tenancy.officer, method=FoIRequest.SentBy.POST, sent_on=sent, received_on=sent
        )
        services.foi_request_create(branch=branch, authority=authority, contracts=[contract], user=tenancy.officer)
        _seed_follow_ups(branch, authority, contract, tenancy.officer)
    if not InsourcingFirstMotion.objects.filter(branch=branch, authority=authority).exists():
        services.motion_create(branch=branch, authority=authority, user=tenancy.officer)
    stdout.write("FoI requests and an Insourcing First motion for Demo City Council.")


def _seed_follow_ups(branch, authority, contract, officer) -> None:
    """An older request that went unanswered: its internal review (also late) and the complaint drafted for the
    regulator, so every FoI letter has an example, with the app's own words for why each is late."""
    today = timezone.localdate()
    foi = services.foi_request_create(branch=branch, authority=authority, contracts=[contract], user=officer)
    sent = today - datetime.timedelta(weeks=14)
    services.foi_request_send(foi=foi, user=officer, method=FoIRequest.SentBy.POST, sent_on=sent, received_on=sent)
    foi.status = FoIRequest.Status.OVERDUE
    foi.save(update_fields=["status"])
    asked = today - datetime.timedelta(weeks=7)
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    services.foi_review_request(foi=foi, body=body, method=FoIRequest.SentBy.POST, requested_on=asked)
    foi.refresh_from_db()
    services.foi_follow_up_save(
        foi=foi, kind=LetterKind.COMPLAINT, body=services.follow_up_body(foi, LetterKind.COMPLAINT)
    )
