"""A contract change notice arrives from the (replayed) Find a Tender feed; the officer sees it on the dashboard,
reviews and applies it, and the contract's end date, renewal clock and campaign plan move, in Chromium."""

import datetime

import pytest
from django.utils import timezone

from campaigns.plans.services import plan_seed
from campaigns.tests.factories import CampaignFactory
from conftest import assert_accessible, browser_login
from contracts.notices import feeds, services
from contracts.notices.models import BranchNotice, FollowedAuthority, NoticeKind, Source
from contracts.register.models import Contract, FigureSource
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory

from .notices_helpers import make_notice
from .notices_replay import (
    FTS_PATH,
    PETERBOROUGH_CARERS,
    contract_change,
    real_release,
    replay_fixture,  # noqa: F401  (the `replay` fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

END = datetime.date.today().replace(day=1) + datetime.timedelta(days=800)


@pytest.fixture
def carers(alice, branch_a):
    council = PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    FollowedAuthority.objects.create(branch=branch_a, authority=council, name=council.name)
    contract = ContractFactory(
        branch=branch_a, authority=council, service="All Age Carers Service", reference="", end_date=END
    )
    campaign = CampaignFactory(branch=branch_a, name="Carers back in-house", target_contracts=[contract])
    plan_seed(campaign=campaign)
    return contract


def test_a_change_notice_arrives_and_the_officer_applies_it(page, replay, carers):
    new_end = END.replace(year=END.year + 2)
    change = contract_change(real_release(PETERBOROUGH_CARERS), new_end=f"{new_end}T23:59:59Z", number=0x1B4)
    replay.page(FTS_PATH, "", [change])
    assert feeds.feed_read(source=Source.FIND_A_TENDER, pause=0).status == "done"  # what beat's job does

    browser_login(page, "alice@example.org")
    page.goto("/branches/demo-city/watch-list/")
    assert page.get_by_label("Authority 1", exact=True).input_value() == "Peterborough City Council"
    assert_accessible(page)
    page.goto("/dashboard/")
    assert page.get_by_text("1 notice waiting for review").is_visible()
    page.get_by_role("link", name="Notices for Demo City").click()
    page.wait_for_load_state()
    question = (
        f"Contract change notice for All Age Carers Service sets a new end date of {new_end.day} {new_end:%B %Y}. "
        "Apply it?"
    )
    assert page.get_by_role("heading", name=question).is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Apply the new end date").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="All Age Carers Service").is_visible()
    ends = page.locator("#clock-heading + p + dl")
    assert f"{new_end:%d/%m/%Y}" in ends.inner_text() or new_end.strftime("%-d %B %Y") in ends.inner_text()
    assert page.get_by_role("link", name="https://www.find-tender.service.gov.uk/Notice/000436-2026").first.is_visible()
    assert page.locator("#contract-notices").get_by_text("end date moved").is_visible()
    assert_accessible(page)

    carers.refresh_from_db()
    assert carers.end_date == new_end
    assert FigureSource.objects.get(contract=carers, field="end_date").detail.startswith("Find a Tender notice")
    assert BranchNotice.objects.get().status == BranchNotice.Status.APPLIED

    # The plan counts back from the new end: the campaign page offers the recount, which moves the deadlines.
    campaign = carers.campaigns.get()
    page.goto(f"/campaigns/{campaign.pk}/")
    recount = page.get_by_role("link", name=f"Recount the deadlines from {new_end.day} {new_end:%B %Y}")
    assert recount.is_visible()
    assert_accessible(page)
    before = dict(campaign.plan_rows.values_list("pk", "deadline"))
    recount.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Recount the deadlines").click()
    page.wait_for_load_state()
    after = dict(campaign.plan_rows.values_list("pk", "deadline"))
    assert any(after[pk] > before[pk] for pk in before if before[pk])
    assert Contract.objects.get(pk=carers.pk).end_date == new_end


def test_the_officer_switches_the_daily_email_and_reads_new_tenders_for_the_registers_services(page, alice, branch_a):
    ContractFactory(branch=branch_a, service="Building cleaning", cpv_code="90911200-8")
    make_notice(
        number=901,
        kind=NoticeKind.TENDER,
        title="Office cleaning for the civic centre",
        buyer_name="Leeds City Council",  # followed by nobody
        published=timezone.now() - datetime.timedelta(days=3),
        values={"service": "Office cleaning for the civic centre", "cpv_code": "90919200"},
    )
    browser_login(page, "alice@example.org")
    page.goto("/dashboard/")
    assert page.get_by_text("1 new tender from authorities you follow or for services in your register").is_visible()
    page.get_by_role("link", name="New tenders for Demo City").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Office cleaning for the civic centre").is_visible()
    assert page.get_by_text("CPV 90919200, the class of Building cleaning").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})  # the walk found the page 670 px wide on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/branches/demo-city/watch-list/")
    page.get_by_role("button", name="Stop my daily notices email").click()
    page.wait_for_load_state()
    assert page.get_by_text("You will no longer get the daily notices email for Demo City.").is_visible()
    assert not services.notice_alerts_state(user=alice, branch=branch_a)
    assert_accessible(page)
    page.get_by_role("button", name="Email me the new notices daily").click()
    page.wait_for_load_state()
    assert services.notice_alerts_state(user=alice, branch=branch_a)

    # The email's link, as a reader follows it: a question first, then the answer.
    page.goto(services.alerts_unsubscribe_url(alice, [branch_a]).removeprefix(services.emails.site_url()))
    assert_accessible(page)
    page.get_by_role("button", name="Stop these emails").click()
    page.wait_for_load_state()
    assert page.get_by_text("will no longer get the daily email of procurement notices for Demo City").is_visible()
    assert not services.notice_alerts_state(user=alice, branch=branch_a)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_watch_list_reads_whole_names_and_fits_a_phone(page, alice, branch_a, width):
    """The walk-through found the table scrolling sideways at 390 px, with "In the register as" and "Stop
    following" off-screen, and "Lancashire County Counc" cut off at 1280 px."""
    for name in ("Lancashire County Council", "Royal Borough of Windsor and Maidenhead"):
        council = PublicAuthorityFactory(branch=branch_a, name=name)
        FollowedAuthority.objects.create(branch=branch_a, authority=council, name=name, identifiers="GB-LAE:LAN")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "alice@example.org")
    page.goto("/branches/demo-city/watch-list/")

    for n in (1, 2):
        name = page.get_by_label(f"Authority {n}", exact=True)
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), f"the name in row {n} is cut off"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # no sideways scroll
    stop = page.get_by_label("Stop following Lancashire County Council")
    register = page.get_by_label("Register record of authority 1")
    for field in (page.get_by_label("Identifiers of authority 1"), register, stop):
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{field} starts or ends off-screen"
    assert_accessible(page)

    # A repeated name: the error says which rows and the summary takes the officer to the row marked.
    page.get_by_label("Authority 3", exact=True).fill("lancashire county council")
    page.get_by_role("button", name="Save the watch list").click()
    page.wait_for_load_state()
    assert page.get_by_text("Rows 1 and 3 both follow “Lancashire County Council”").first.is_visible()
    page.get_by_role("link", name="Row 3 – Name: Rows 1 and 3 both follow").click()
    assert page.evaluate("() => document.activeElement.id") == "id_followed-2-name"
    assert_accessible(page)
    assert FollowedAuthority.objects.filter(branch=branch_a).count() == 2


@pytest.mark.parametrize("width", [1280, 390])
def test_a_dismissed_notice_is_reopened_from_the_queue_on_a_phone(page, alice, branch_a, width):
    from .notices_helpers import make_change_for

    item = make_change_for(branch_a)
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "alice@example.org")
    page.goto("/branches/demo-city/notices/")
    page.get_by_role("button", name="Dismiss Find a Tender notice 000436-2026").click()
    page.wait_for_load_state()
    assert page.get_by_text("Nothing is waiting for review.").is_visible()
    reopen = page.get_by_role("button", name="Reopen Find a Tender notice 000436-2026 for review")
    box = reopen.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # on screen, no sideways scroll to reach it
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    page.goto(item.contract.get_absolute_url())
    assert page.get_by_text("1 notice matched to this contract was dismissed").is_visible()
    page.get_by_role("link", name="the review queue").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Reopen Find a Tender notice 000436-2026 for review").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Apply the new end date").is_visible()
    assert BranchNotice.objects.get(pk=item.pk).status == BranchNotice.Status.WAITING


def test_typing_on_the_watch_list_survives_follow_every_authority_and_the_email_switch(page, alice, branch_a):
    """The walk typed a new row, pressed "Follow every authority in the register" (then a form of its own) and
    lost the row without a word; the email switch did the same."""
    PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    browser_login(page, "alice@example.org")
    page.goto("/branches/demo-city/watch-list/")
    page.get_by_label("Authority 1", exact=True).fill("Leeds City Council")
    page.get_by_label("Identifiers of authority 1").fill("gb-lae:lds gb-nhs:rba")
    page.get_by_role("button", name="Follow every authority in the register").click()
    page.wait_for_load_state()
    assert page.get_by_text("Now following 1 more authority.").is_visible()
    followed = dict(FollowedAuthority.objects.filter(branch=branch_a).values_list("name", "identifiers"))
    assert followed == {"Leeds City Council": "GB-LAE:LDS, GB-NHS:RBA", "Peterborough City Council": ""}

    page.get_by_label("Authority 3", exact=True).fill("Bradford Council")
    page.get_by_role("button", name="Stop my daily notices email").click()  # outside the form, submits it
    page.wait_for_load_state()
    assert page.get_by_text("You will no longer get the daily notices email for Demo City.").is_visible()
    assert FollowedAuthority.objects.filter(branch=branch_a, name="Bradford Council").exists()

    page.get_by_label("Authority 4", exact=True).fill("Wakefield Council")
    page.get_by_label("Authority 4", exact=True).press("Enter")  # Enter saves: it neither seeds nor switches
    page.wait_for_load_state()
    assert page.get_by_text("Watch list saved.").is_visible()
    assert FollowedAuthority.objects.filter(branch=branch_a).count() == 4
    assert not services.notice_alerts_state(user=alice, branch=branch_a)
    assert_accessible(page)
