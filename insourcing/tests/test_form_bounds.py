"""Every form refuses figures that cannot be (issue 15's final walk-through found forms saving 200 weekly hours,
a 150% pension and work "done" next year). Forms are found as test_fuzz_forms finds them: each page the officer
reaches, each form parsed from its HTML. Then, for each field of a kind:

- a date input must be classified below: PAST (something that happened: refused in the future) or ANY (a deadline,
  an end date, a plan). A new date field fails this test until someone decides which it is, so the kind cannot
  come back unnoticed. Each PAST field is posted with a date years ahead and must be refused on that field.
- a percentage (name ending `_pct` or `percent`) is posted as 150 and must be refused on that field.
- weekly hours (a name with `hours`) are posted as 200 and must be refused on that field.

"Refused on that field" means the page's error summary links to the field's input, the way a person finds it.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from contracts.tests.factories import ContractFactory
from insourcing.tests.test_fuzz_forms import PAGES, forms_on

pytestmark = pytest.mark.django_db

FUTURE = (datetime.date.today() + datetime.timedelta(days=5 * 365)).isoformat()
# Date fields by name (a formset's prefix is dropped), or "view name:field" where one name means two things:
# what happened cannot be dated ahead.
PAST = {
    "taken_on",  # a membership reading
    "baseline_on",  # the campaign's baseline reading
    "done_on",  # a plan row done
    "campaigns:contact_add:date",  # a contact with a power-map person
    "replied_on",  # an FoI reply
    "received_on",  # an FoI request received by post
    "on",  # an FoI follow-up sent
    "sent_on",  # an FoI request sent by post
    "figures_as_of",  # the contract figures' date
}
ANY = {
    "campaigns:meeting_add:date",  # a decision meeting is planned
    "campaigns:meeting_edit:date",
    "contracts:contract_create:date",  # a retender or extension: may be decided for a day to come
    "contracts:contract_edit:date",
    "original_tender_date",  # a contract may be entered before it is tendered
    "next_election_on",  # a power-map person's next election
    "as_at",  # a comparison's terms as at a date: a future pay award can be compared
    "effective_from",  # a pay point takes effect on a date, past or to come
    "start_date",
    "end_date",
    "latest_end_date",
    "decision_date",
    "notice_date",
    "deadline",  # a plan row's deadline
    "target_date",  # targets to be met by (the targets form refuses a past one itself)
    "started_on",  # a campaign may start up to a month ahead (the start form says so)
    "starts_on",
    "due_on",
    "opens_on",
    "closes_on",
}
HOURS, PERCENT = "200", "150"


def _kind(name: str) -> str:
    return name.rsplit("-", 1)[-1]


def _date_class(form, name: str) -> str | None:
    kind = _kind(name)
    for key in (f"{form.signature[0]}:{kind}", kind):  # the view's own entry first
        if key in PAST:
            return "past"
        if key in ANY:
            return "any"
    return None


@pytest.fixture
def pages(alice_client, branch_a, alice):
    ContractFactory(branch=branch_a)
    found = {}
    for url_name, case in sorted(PAGES.items()):
        url = reverse(url_name, kwargs=case.kwargs(case.make(branch_a, alice))) if case else reverse(url_name)
        page = alice_client.get(url)
        if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
            for form in forms_on(url, page.content.decode()):
                if form.method == "post":
                    found.setdefault(form.signature, form)
    return list(found.values())


def test_every_date_field_is_classified_as_past_only_or_any(pages):
    unclassified = sorted(
        f"{form.signature[0]}:{_kind(name)} ({form.action})"
        for form in pages
        for name, f in form.fields.items()
        if f.kind == "date" and _date_class(form, name) is None
    )
    assert unclassified == [], "Decide whether each date may be in the future (ANY) or not (PAST):\n" + "\n".join(
        unclassified
    )


def test_impossible_dates_hours_and_percentages_are_refused_on_their_field(alice_client, pages):
    checked, saved = [], []
    for form in pages:
        for name, f in form.fields.items():
            kind = _kind(name)
            if f.kind == "date" and _date_class(form, name) == "past":
                value = FUTURE
            elif f.kind == "number" and kind.endswith(("_pct", "percent")):
                value = PERCENT
            elif f.kind == "number" and "hours" in kind:
                value = HOURS
            else:
                continue
            data = {k: v.value for k, v in form.fields.items() if not v.multiple}
            data[name] = value
            with transaction.atomic():
                response = alice_client.post(form.action, data)
                body = response.content.decode() if response.status_code == 200 else ""
                if f'href="#{f.id}"' not in body:
                    saved.append(f"{form.action} {name}={value} (HTTP {response.status_code})")
                transaction.set_rollback(True)
            checked.append(name)
    assert checked, "no date, hours or percentage field was found: the walk is broken"
    assert saved == [], "Impossible values not refused on their field:\n" + "\n".join(saved)
