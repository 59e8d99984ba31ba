"""Demo FoI data: a sent request about the demo cleaning contract, and a draft Insourcing First motion."""

import datetime

from django.utils import timezone

from contracts.register.models import Contract

from . import services
from .models import FoIRequest, InsourcingFirstMotion


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
    if not InsourcingFirstMotion.objects.filter(branch=branch, authority=authority).exists():
        services.motion_create(branch=branch, authority=authority, user=tenancy.officer)
    stdout.write("FoI requests and an Insourcing First motion for Demo City Council.")
