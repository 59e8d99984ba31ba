"""Builders for the notices watch's tests: a notice as the feed reader would store it, and a branch's copy."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contracts.notices.models import BranchNotice, FollowedAuthority, Notice, NoticeKind, Source, normalise_name
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory


def make_notice(*, number=436, kind=NoticeKind.CHANGE, title="All Age Carers Service", end="2029-03-31", **fields):
    defaults = {
        "source": Source.FIND_A_TENDER,
        "release_id": f"{number:06d}-2026",
        "ocid": f"ocds-h6vhtk-{number:06x}",
        "notice_id": f"{number:06d}-2026",
        "kind": kind,
        "title": title,
        "buyer_name": "Peterborough City Council",
        "published": timezone.now() - datetime.timedelta(hours=2),
        "url": f"https://www.find-tender.service.gov.uk/Notice/{number:06d}-2026",
        "values": {"service": title, "end_date": end, "start_date": "2020-08-01"},
    }
    values = {**defaults, **fields}
    return Notice.objects.create(buyer_key=normalise_name(values["buyer_name"]), **values)


def make_change_for(branch, *, number=436, end_date=datetime.date(2023, 7, 31), **notice_fields) -> BranchNotice:
    """A contract change notice waiting for review, for a register contract of `branch`."""
    authority = PublicAuthorityFactory(branch=branch, name="Peterborough City Council")
    contract = ContractFactory(
        branch=branch, authority=authority, service="All Age Carers Service", reference="", end_date=end_date
    )
    followed, _ = FollowedAuthority.objects.update_or_create(
        branch=branch, name=authority.name, defaults={"authority": authority}
    )
    notice = make_notice(number=number, **notice_fields)
    return BranchNotice.objects.create(
        branch=branch,
        notice=notice,
        followed=followed,
        contract=contract,
        matched_by="title similarity",
        proposal=BranchNotice.Proposal.END_DATE,
        proposed_end_date=datetime.date.fromisoformat(notice.values["end_date"]),
    )


def make_award_for(branch, *, number=437) -> BranchNotice:
    """A new award notice from a followed authority that the register does not have."""
    authority = PublicAuthorityFactory(branch=branch, name="Lancashire County Council")
    followed, _ = FollowedAuthority.objects.update_or_create(
        branch=branch, name=authority.name, defaults={"authority": authority}
    )
    notice = make_notice(
        number=number,
        kind=NoticeKind.AWARD,
        title="Routine Grounds Maintenance for Schools",
        buyer_name=authority.name,
        supplier_name="SODEXO LIMITED",
        company_number="00842846",
        values={
            "service": "Routine Grounds Maintenance for Schools",
            "start_date": "2020-04-01",
            "end_date": "2024-03-31",
            "value": "1500000.00",
            "value_basis": "total",
            "provider_name": "SODEXO LIMITED",
            "company_number": "00842846",
        },
    )
    return BranchNotice.objects.create(
        branch=branch, notice=notice, followed=followed, proposal=BranchNotice.Proposal.ADD
    )


def press_watch_list_button(client, branch, name: str, value: str):
    """Press a button of the watch list page as a browser does: the page's own form, as shown, with that button.

    "Follow every authority in the register" and the email switch are buttons of the watch list's form (the switch
    sits outside it with `form="watch-list-form"`); the button must be on the page for its officer.
    """
    from insourcing.tests.test_fuzz_forms import forms_on  # here: that module imports every access case, these too

    url = reverse("notices:watch_list", args=[branch.slug])
    page = client.get(url).content.decode()
    assert f'name="{name}" value="{value}"' in page, f"no {name}={value} button on the watch list"
    [form] = [f for f in forms_on(f"http://testserver{url}", page) if f.action.endswith(url)]
    data = {field.name: field.value for field in form.fields.values()}
    data[name] = value
    return client.post(url, data)
