"""Helpers for the FoI tests: requests in a given state, made through the same services the views use."""

import datetime

from django.core.files.base import ContentFile

from contracts.foi import services
from contracts.models import FoIRequest, InsourcingFirstMotion
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory


def make_foi(branch, owner, *, nation="england", contracts=1, sent_on=None, **fields) -> FoIRequest:
    name = "Demo City Council" if nation == "england" else f"{nation.replace('-', ' ').title()} Council"
    authority = PublicAuthorityFactory(branch=branch, name=name, nation=nation)
    linked = [ContractFactory(branch=branch, authority=authority) for _ in range(contracts)]
    foi = services.foi_request_create(branch=branch, authority=authority, contracts=linked, user=owner)
    if sent_on:
        foi = services.foi_request_send(
            foi=foi, user=owner, method=FoIRequest.SentBy.POST, sent_on=sent_on, received_on=sent_on
        )
    if fields:
        FoIRequest.objects.filter(pk=foi.pk).update(**fields)
        foi.refresh_from_db()
    return foi


def make_sent_foi(branch, owner, **kwargs) -> FoIRequest:
    return make_foi(branch, owner, sent_on=kwargs.pop("sent_on", datetime.date(2026, 3, 2)), **kwargs)


def make_answered_foi(branch, owner) -> FoIRequest:
    foi = make_sent_foi(branch, owner)
    foi.reply_file.save("reply.pdf", ContentFile(b"%PDF-1.7 the reply"), save=False)
    FoIRequest.objects.filter(pk=foi.pk).update(
        status=FoIRequest.Status.ANSWERED, replied_on=datetime.date(2026, 3, 20), reply_file=foi.reply_file.name
    )
    foi.refresh_from_db()
    return foi


def make_motion(branch, owner) -> InsourcingFirstMotion:
    return services.motion_create(branch=branch, authority=PublicAuthorityFactory(branch=branch), user=owner)
