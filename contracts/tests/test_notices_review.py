"""The watch list and the review queue: officers apply or dismiss what a notice proposes, once, and every figure
applied names the notice as its source."""

import datetime
import re

import pytest
from django.urls import reverse

from contracts.notices import services
from contracts.notices.matching import follows
from contracts.notices.models import BranchNotice, FollowedAuthority, NoticeKind
from contracts.register.models import Contract, FigureSource
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.tests.factories import make_officer

from .notices_helpers import make_award_for, make_change_for, make_notice, press_watch_list_button

pytestmark = pytest.mark.django_db


def test_applying_a_change_notice_moves_the_end_date_and_sources_it_to_the_notice(alice_client, alice, branch_a):
    item = make_change_for(branch_a)
    contract = item.contract

    response = alice_client.post(reverse("notices:apply", args=[item.pk]))

    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2029, 3, 31)
    source = FigureSource.objects.get(contract=contract, field="end_date")
    assert source.kind == FigureSource.Kind.CONTRACTS_FINDER
    assert "Find a Tender notice 000436-2026" in source.detail
    assert "https://www.find-tender.service.gov.uk/Notice/000436-2026" in source.detail
    assert source.as_of == item.notice.published.date() and source.recorded_by == alice
    item.refresh_from_db()
    assert item.status == BranchNotice.Status.APPLIED and item.decided_by == alice
    assert item.previous_end_date == datetime.date(2023, 7, 31)
    # The history's reason (100 characters at most) is the notice's address, so the history page links it.
    assert contract.history.first().history_change_reason == (
        "Applied from https://www.find-tender.service.gov.uk/Notice/000436-2026"
    )
    page = alice_client.get(contract.get_absolute_url()).content.decode()
    assert 'href="https://www.find-tender.service.gov.uk/Notice/000436-2026"' in page  # the source links the notice


def test_a_notice_is_applied_once_even_when_two_officers_press_apply(alice, branch_a):
    item = make_change_for(branch_a)
    second_officer = make_officer(branch_a, email="second@example.org")
    services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=alice)
    Contract.objects.filter(pk=item.contract_id).update(end_date=datetime.date(2030, 1, 1))  # changed since

    with pytest.raises(services.NoticeError, match=r"already applied \(by Alice Officer, at \d\d:\d\d\)"):
        services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=second_officer)

    assert Contract.objects.get(pk=item.contract_id).end_date == datetime.date(2030, 1, 1)
    assert BranchNotice.objects.get(pk=item.pk).decided_by == alice


def test_the_second_press_tells_the_officer_and_changes_nothing(alice_client, branch_a):
    item = make_change_for(branch_a)
    alice_client.post(reverse("notices:apply", args=[item.pk]))
    response = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True)
    assert "This notice was already applied (by you, at " in response.content.decode()
    assert FigureSource.objects.filter(contract=item.contract).count() == 1


def test_adding_a_new_award_creates_the_contract_with_every_figure_sourced(alice_client, alice, branch_a):
    item = make_award_for(branch_a)

    response = alice_client.post(reverse("notices:apply", args=[item.pk]))

    contract = Contract.objects.get(branch=branch_a, reference=item.notice.ocid)
    assert response["Location"] == contract.get_absolute_url()
    assert contract.authority.name == "Lancashire County Council"
    assert contract.service == "Routine Grounds Maintenance for Schools"
    assert contract.provider.name == "SODEXO LIMITED" and contract.provider.company_number == "00842846"
    assert (contract.start_date, contract.end_date) == (datetime.date(2020, 4, 1), datetime.date(2024, 3, 31))
    assert contract.value == 1500000 and contract.value_basis == Contract.ValueBasis.TOTAL
    sources = {s.field: s for s in FigureSource.objects.filter(contract=contract)}
    assert set(sources) == {"value", "end_date", "provider"}
    assert all(s.detail.startswith("Find a Tender notice 000437-2026") for s in sources.values())
    assert BranchNotice.objects.get(pk=item.pk).contract == contract


def test_dismissing_leaves_the_register_alone(alice_client, branch_a):
    item = make_change_for(branch_a)
    response = alice_client.post(reverse("notices:dismiss", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == BranchNotice.Status.DISMISSED
    assert item.contract.end_date == datetime.date(2023, 7, 31)
    assert not FigureSource.objects.filter(contract=item.contract).exists()


def test_apply_and_dismiss_refuse_get(alice_client, branch_a):
    item = make_change_for(branch_a)
    assert alice_client.get(reverse("notices:apply", args=[item.pk])).status_code == 405
    assert alice_client.get(reverse("notices:dismiss", args=[item.pk])).status_code == 405


def test_an_organiser_reads_the_queue_without_buttons_and_cannot_apply(olive_client, branch_a):
    item = make_change_for(branch_a)
    page = olive_client.get(reverse("notices:review", args=[branch_a.slug])).content.decode()
    assert "new end date of 31 March 2029. Apply it?" in page
    assert reverse("notices:apply", args=[item.pk]) not in page
    assert olive_client.post(reverse("notices:apply", args=[item.pk])).status_code == 403
    assert BranchNotice.objects.get(pk=item.pk).status == BranchNotice.Status.WAITING


def test_an_officer_of_another_branch_cannot_apply(client, bob, branch_a):
    item = make_change_for(branch_a)
    client.force_login(bob)
    assert client.post(reverse("notices:apply", args=[item.pk])).status_code == 404
    assert BranchNotice.objects.get(pk=item.pk).status == BranchNotice.Status.WAITING


def test_the_queue_lists_waiting_notices_newest_first(alice_client, branch_a):
    older = make_change_for(branch_a)
    newer = make_award_for(branch_a)
    page = alice_client.get(reverse("notices:review", args=[branch_a.slug])).content.decode()
    assert page.index(f'id="notice-{newer.pk}"') < page.index(f'id="notice-{older.pk}"')
    assert "Waiting for review (2)" in page


def test_the_contract_page_lists_its_notices_newest_first_with_links(alice_client, branch_a):
    item = make_change_for(branch_a)
    tender = make_notice(number=100, kind=NoticeKind.TENDER, title="All Age Carers Service")
    tender.published = item.notice.published - datetime.timedelta(days=900)
    tender.save()
    BranchNotice.objects.create(
        branch=branch_a, notice=tender, contract=item.contract, status=BranchNotice.Status.NOTED
    )
    page = alice_client.get(item.contract.get_absolute_url()).content.decode()
    section = page[page.index('id="contract-notices"') :]
    assert section.index("000436-2026") < section.index("000100-2026")
    assert 'href="https://www.find-tender.service.gov.uk/Notice/000100-2026"' in section
    assert "waiting for review" in section


# ---------------------------------------------------------------- the watch list


def test_seeding_follows_every_register_authority_once(alice_client, branch_a):
    PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    PublicAuthorityFactory(branch=branch_a, name="Leeds City Council")
    FollowedAuthority.objects.create(branch=branch_a, name="Leeds City Council")

    press_watch_list_button(alice_client, branch_a, "seed", "register")
    press_watch_list_button(alice_client, branch_a, "seed", "register")

    names = sorted(FollowedAuthority.objects.filter(branch=branch_a).values_list("name", flat=True))
    assert names == ["Leeds City Council", "Peterborough City Council"]


def test_the_watch_list_saves_identifiers_and_refuses_a_bad_one_keeping_the_input(alice_client, branch_a):
    url = reverse("notices:watch_list", args=[branch_a.slug])
    data = {
        "followed-TOTAL_FORMS": "1",
        "followed-INITIAL_FORMS": "0",
        "followed-0-name": "Leeds City Council",
        "followed-0-identifiers": "GB-LAE:LDS, ::",
    }
    response = alice_client.post(url, data)
    assert response.status_code == 200
    assert "is not an identifier" in response.content.decode()
    assert 'value="Leeds City Council"' in response.content.decode()
    assert not FollowedAuthority.objects.exists()

    data["followed-0-identifiers"] = "GB-LAE:LDS"
    assert alice_client.post(url, data).status_code == 302
    followed = FollowedAuthority.objects.get(branch=branch_a)
    assert followed.identifier_set() == {"GB-LAE-LDS"}


def test_following_an_authority_already_on_the_list_is_refused_in_words_not_a_server_error(alice_client, branch_a):
    """A second row for an authority the branch already follows (another officer's save meanwhile, or a page
    whose row lost its hidden id) reached the database's unique constraint: a 500 and the typing lost."""
    FollowedAuthority.objects.create(branch=branch_a, name="Leeds City Council")
    url = reverse("notices:watch_list", args=[branch_a.slug])
    data = {
        "followed-TOTAL_FORMS": "1",
        "followed-INITIAL_FORMS": "0",
        "followed-0-name": "leeds city council",
        "followed-0-identifiers": "GB-LAE:LDS",
    }
    response = alice_client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Leeds City Council is already on the watch list" in body
    assert 'value="GB-LAE:LDS"' in body
    assert FollowedAuthority.objects.filter(branch=branch_a).count() == 1


def test_a_notice_naming_the_buyer_by_identifier_reaches_the_branch(branch_a):
    from contracts.notices.matching import branch_notices_for

    followed = FollowedAuthority.objects.create(branch=branch_a, name="Leeds CC", identifiers="GB-LAE:LDS")
    notice = make_notice(number=5, buyer_name="LEEDS CITY COUNCIL (Civic Hall)", buyer_ids=["GB-LAE-LDS"])
    other = make_notice(number=6, buyer_name="Bradford Council", buyer_ids=["GB-LAE-BRD"])
    assert [b.notice for b in branch_notices_for([notice, other], [followed])] == [notice]


def test_matching_prefers_the_ocid_over_a_similar_title(branch_a):
    from contracts.notices.matching import match_contract

    authority = PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    followed = FollowedAuthority.objects.create(branch=branch_a, authority=authority, name=authority.name)
    by_title = ContractFactory(branch=branch_a, authority=authority, service="All Age Carers Service", reference="")
    by_ocid = ContractFactory(branch=branch_a, authority=authority, service="Carers", reference="ocds-h6vhtk-0001b4")
    notice = make_notice()
    assert match_contract(notice, followed, [by_title, by_ocid]) == (by_ocid, "ocid")
    assert match_contract(notice, followed, [by_title]) == (by_title, "title similarity")
    unrelated = ContractFactory(branch=branch_a, authority=authority, service="Highways maintenance", reference="")
    assert match_contract(notice, followed, [unrelated]) == (None, "")


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("rows", [1, 30])
def test_the_pages_cost_the_same_queries_for_1_and_30_rows(alice_client, branch_a, rows, count_queries):
    for n in range(rows):
        authority = PublicAuthorityFactory(branch=branch_a, name=f"Council {n}")
        FollowedAuthority.objects.create(branch=branch_a, authority=authority, name=authority.name)
        contract = ContractFactory(branch=branch_a, authority=authority, service=f"Service {n}", reference="")
        notice = make_notice(number=1000 + n, title=f"Service {n}", buyer_name=authority.name)
        BranchNotice.objects.create(
            branch=branch_a,
            notice=notice,
            contract=contract,
            proposal=BranchNotice.Proposal.END_DATE,
            proposed_end_date=datetime.date(2029, 3, 31),
        )
    for n in range(rows):  # the last contract's own notices: its page lists them all
        notice = make_notice(number=2000 + n, kind=NoticeKind.TENDER, title=contract.service)
        BranchNotice.objects.create(branch=branch_a, notice=notice, contract=contract, status="noted")
    review = reverse("notices:review", args=[branch_a.slug])
    watch = reverse("notices:watch_list", args=[branch_a.slug])
    assert alice_client.get(review).content.decode().count("Apply the new end date") == rows
    assert count_queries(lambda: alice_client.get(review)) == REVIEW_QUERIES
    assert count_queries(lambda: alice_client.get(watch)) == WATCH_QUERIES
    assert count_queries(lambda: alice_client.get(contract.get_absolute_url())) == CONTRACT_QUERIES


REVIEW_QUERIES = 7  # session, user, branch, scope checks, the queue, the recent list
WATCH_QUERIES = 10  # one for whether the officer gets the daily email, one for notices when no feed was read
CONTRACT_QUERIES = 19  # the register's 18 (with the risk decisions) and one for the contract's notices


@pytest.mark.django_db(transaction=True)
def test_two_officers_applying_at_the_same_moment_apply_it_once(alice, branch_a):
    """Real concurrency: both requests reach the claim together; the second waits for the first's row and loses."""
    import threading

    from django.db import connection

    item = make_change_for(branch_a)
    second_officer = make_officer(branch_a, email="second@example.org")
    start, results = threading.Barrier(2), []

    def press(user):
        try:
            start.wait()
            services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=user)
            results.append("applied")
        except services.NoticeError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (alice, second_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["applied", "refused"]
    assert FigureSource.objects.filter(contract=item.contract).count() == 1
    assert item.contract.history.filter(history_change_reason__startswith="Applied from").count() == 1


def test_a_notice_whose_contract_was_deleted_is_refused_and_stays_waiting(alice_client, branch_a):
    item = make_change_for(branch_a)
    item.contract.delete()
    response = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True)
    assert "has been deleted from the register" in response.content.decode()
    assert BranchNotice.objects.get(pk=item.pk).status == BranchNotice.Status.WAITING


def test_matching_by_supplier_number_within_the_authority(branch_a):
    from contracts.notices.matching import match_contract
    from contracts.tests.factories import ProviderFactory

    authority = PublicAuthorityFactory(branch=branch_a, name="Lancashire County Council")
    followed = FollowedAuthority.objects.create(branch=branch_a, authority=authority, name=authority.name)
    sodexo = ProviderFactory(name="Sodexo Ltd", company_number="00842846")
    grounds = ContractFactory(
        branch=branch_a, authority=authority, provider=sodexo, service="Schools grounds maintenance", reference=""
    )
    notice = make_notice(number=7, kind=NoticeKind.AWARD, title="Routine Grounds Maintenance for Schools 2020")
    notice.company_number = "00842846"
    assert match_contract(notice, followed, [grounds]) == (grounds, "supplier identifier")


# ---------------------------------------------------------------- the walk-through's findings


def _demo_shaped(branch):
    """DEMO-CLEAN-01 as `seed_demo` makes it: a 3+2 contract ending in ten months, one +24 months extension
    decided six months before the end, and a change notice moving the end 12 months later."""
    from dateutil.relativedelta import relativedelta

    from contracts.register.models import ContractExtension

    end = datetime.date(2027, 10, 31)
    item = make_change_for(branch, end_date=end, end=(end + relativedelta(months=12)).isoformat())
    contract = item.contract
    contract.start_date = end - relativedelta(years=3) + datetime.timedelta(days=1)
    contract.latest_end_date = end + relativedelta(months=24, day=31)
    contract.extension_terms = "3+2"
    contract.save()
    ContractExtension.objects.create(contract=contract, order=1, months=24, decision_date=end - relativedelta(months=6))
    return item


def test_a_later_end_marks_the_extension_it_used_as_taken_and_the_clock_moves_on(alice_client, branch_a):
    """After the demo's change notice the page said "Next extension break 30 April 2027 – decide on +24 months"
    while the contract already ran to October 2028."""
    item = _demo_shaped(branch_a)
    contract = item.contract

    response = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True)

    first, rest = contract.extensions.order_by("order")
    assert (first.months, first.status, first.decision_date) == (12, "exercised", datetime.date(2027, 4, 30))
    # The other 12 months of the +24 are kept, decided as long before the new end as the break was before the old.
    assert (rest.months, rest.status, rest.decision_date) == (12, "available", datetime.date(2028, 4, 30))
    contract.refresh_from_db()
    assert contract.latest_possible_end() == datetime.date(2029, 10, 31)
    assert contract.next_extension_break(datetime.date(2027, 1, 1)) == rest
    body = response.content.decode()
    assert "Marked as taken: 12 of the 24 months of the extension to be decided by 30 April 2027." in body
    assert "The other 12 months stay available, to be decided by 30 April 2028" in body
    edit = reverse("contracts:contract_edit", args=[contract.pk]) + "#extensions"
    assert (
        f'If the contract does not allow the rest of the extension later, <a class="alert-link" href="{edit}">'
        "mark those 12 months “Not taken” in the contract's extension periods</a>."
    ) in body
    assert 'id="extensions"' in alice_client.get(edit).content.decode()  # the link lands on the periods
    assert "Next extension break: 30 April 2028, a decision on +12 months." in body
    assert "30 April 2027 – decide on" not in body
    ends = body.split("Ends</dt>")[1].split("</dd>")[0]
    assert "Source: " in ends  # the end date is sourced to the notice...
    latest = body.split("Latest possible end</dt>")[1].split("</dd>")[0]
    assert "31 October 2029" in latest  # ...and the latest end is worked out from it, not a figure missing a source
    assert "Worked out from the end date and the extension periods" in latest and "Source not recorded" not in latest
    reasons = set(first.history.values_list("history_change_reason", flat=True))
    assert "Applied from https://www.find-tender.service.gov.uk/Notice/000436-2026" in reasons
    timeline = alice_client.get(reverse("contracts:timeline")).content.decode()
    assert "30 April 2028" in timeline and "30 April 2027" not in timeline  # the register-wide clock agrees
    history = alice_client.get(reverse("contracts:contract_history", args=[contract.pk])).content.decode()
    assert 'href="https://www.find-tender.service.gov.uk/Notice/000436-2026"' in history


def test_an_end_moved_past_every_extension_takes_them_all_and_says_no_break_is_left(alice_client, branch_a):
    from contracts.register.models import ContractExtension

    item = make_change_for(branch_a, end_date=datetime.date(2027, 3, 31), end="2029-03-31")
    for order, decided in ((1, datetime.date(2026, 12, 31)), (2, datetime.date(2027, 12, 31))):
        ContractExtension.objects.create(contract=item.contract, order=order, months=12, decision_date=decided)

    body = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True).content.decode()

    assert list(item.contract.extensions.values_list("months", "status")) == [(12, "exercised"), (12, "exercised")]
    assert "No extension break is left" in body


def test_a_later_end_leaves_a_break_after_the_new_end_alone(alice, branch_a):
    from contracts.register.models import ContractExtension

    item = make_change_for(branch_a, end_date=datetime.date(2027, 3, 31), end="2028-03-31")
    first = ContractExtension.objects.create(
        contract=item.contract, order=1, months=12, decision_date=datetime.date(2026, 12, 31)
    )
    later = ContractExtension.objects.create(
        contract=item.contract, order=2, months=12, decision_date=datetime.date(2028, 3, 31)
    )
    services.branch_notice_apply(item=item, user=alice)
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.status, later.status) == ("exercised", "available")


def test_the_latest_end_a_notice_gives_is_applied_and_sourced(alice, branch_a):
    item = make_change_for(branch_a)
    item.notice.values = {**item.notice.values, "latest_end_date": "2031-03-31"}
    item.notice.save()
    services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=alice)
    item.contract.refresh_from_db()
    assert item.contract.latest_end_date == datetime.date(2031, 3, 31)
    assert FigureSource.objects.get(contract=item.contract, field="latest_end_date").detail.startswith(
        "Find a Tender notice 000436-2026"
    )


def test_a_recorded_latest_end_keeps_its_source_line_on_the_contract_page(alice, alice_client, branch_a):
    item = make_change_for(branch_a)
    item.notice.values = {**item.notice.values, "latest_end_date": "2031-03-31"}
    item.notice.save()
    services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=alice)
    body = alice_client.get(item.contract.get_absolute_url()).content.decode()
    latest = body.split("Latest possible end</dt>")[1].split("</dd>")[0]
    assert "31 March 2031" in latest and "Source: " in latest and "Find a Tender notice 000436-2026" in latest
    assert "Worked out" not in latest


def test_the_second_officer_is_told_who_dismissed_it(alice, branch_a):
    item = make_change_for(branch_a)
    second = make_officer(branch_a, email="second@example.org", full_name="Pat Officer")
    services.branch_notice_dismiss(item=item, user=second)
    with pytest.raises(services.NoticeError, match=r"already dismissed \(by Pat Officer, at "):
        services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=alice)


def test_a_dismissed_notice_can_be_reopened_and_the_contract_page_says_it_was_dismissed(alice_client, branch_a):
    item = make_change_for(branch_a)
    alice_client.post(reverse("notices:dismiss", args=[item.pk]))

    page = alice_client.get(item.contract.get_absolute_url()).content.decode()
    section = page[page.index('id="contract-notices"') :]
    assert "No Find a Tender or Contracts Finder notice is matched" not in section
    assert "1 notice matched to this contract was dismissed" in section and "by Alice Officer" in section
    queue = alice_client.get(reverse("notices:review", args=[branch_a.slug])).content.decode()
    assert reverse("notices:reopen", args=[item.pk]) in queue

    response = alice_client.post(reverse("notices:reopen", args=[item.pk]), follow=True)

    assert "is waiting for review again" in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decided_at) == (BranchNotice.Status.WAITING, None, None)
    assert f'id="notice-{item.pk}"' in response.content.decode()  # back in the queue, with its buttons
    assert item.contract.end_date == datetime.date(2023, 7, 31)


def test_reopen_refuses_get_and_a_notice_not_dismissed(alice_client, branch_a):
    item = make_change_for(branch_a)
    assert alice_client.get(reverse("notices:reopen", args=[item.pk])).status_code == 405
    response = alice_client.post(reverse("notices:reopen", args=[item.pk]), follow=True)
    assert "This notice is not dismissed" in response.content.decode()
    assert BranchNotice.objects.get(pk=item.pk).status == BranchNotice.Status.WAITING


def test_the_queue_names_the_match_in_words_and_links_the_notice(alice_client, branch_a):
    item = make_change_for(branch_a)
    BranchNotice.objects.filter(pk=item.pk).update(matched_by="ocid")
    page = alice_client.get(reverse("notices:review", args=[branch_a.slug])).content.decode()
    card = page[page.index(f'id="notice-{item.pk}"') :]
    assert "by its Find a Tender id, which the contract&#x27;s reference holds" in card and "by ocid" not in card
    assert (
        '<a href="https://www.find-tender.service.gov.uk/Notice/000436-2026" rel="noopener">'
        "Find a Tender notice 000436-2026</a>" in card
    )


def test_a_notice_with_no_public_page_says_so_instead_of_linking(alice_client, branch_a):
    """The demo's notice is fictional: no link at all rather than a broken one."""
    item = make_change_for(branch_a, url="", notice_id="", release_id="DEMO-CLEAN-01-change-1")
    queue = alice_client.get(reverse("notices:review", args=[branch_a.slug])).content.decode()
    assert "Find a Tender notice DEMO-CLEAN-01-change-1 <span" in queue and "(no public page to link to)" in queue
    assert "find-tender.service.gov.uk" not in queue
    page = alice_client.get(item.contract.get_absolute_url()).content.decode()
    listed = page[page.index('id="contract-notices"') :]
    assert "(no public page to link to)</span>; <a" in listed  # no stray space before the ";" (the second walk)


def test_the_message_after_applying_links_the_plan_recount_and_says_what_it_counts_from(alice_client, branch_a):
    from campaigns.tests.factories import CampaignFactory

    item = make_change_for(branch_a)
    campaign = CampaignFactory(branch=branch_a, name="Carers back in-house", target_contracts=[item.contract])
    body = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True).content.decode()
    recount = reverse("campaigns:campaign_recount", args=[campaign.pk])
    assert f'<a class="alert-link" href="{recount}">Recount the deadlines of “Carers back in-house”</a>' in body
    assert "a meeting that decides it, if earlier" in body and "recount its deadlines there" not in body


def test_the_feeds_line_speaks_to_officers_not_administrators(alice_client, branch_a):
    page = alice_client.get(reverse("notices:watch_list", args=[branch_a.slug])).content.decode()
    line = page.split('id="feeds-unread">')[1].split("</p>")[0]
    assert "Find a Tender and Contracts Finder have not been read on this installation yet" in line
    assert "your administrator has not switched on reading them" in line
    assert "NOTICES_FETCH_ENABLED" not in page
    assert "did not come from the feeds" not in line  # the queue is empty: nothing to explain


def test_the_feeds_line_is_true_when_the_queue_holds_the_demos_notices(alice_client, branch_a):
    """The walk found "the notices have not been read on this installation yet" above a queue of notices."""
    make_change_for(branch_a)
    page = alice_client.get(reverse("notices:watch_list", args=[branch_a.slug])).content.decode()
    line = page.split('id="feeds-unread">')[1].split("</p>")[0]
    assert "The notices have not been read" not in line
    assert "did not come from the feeds: they are the demo's example notices" in line
    assert f'href="{reverse("notices:review", args=[branch_a.slug])}"' in line


def _typed_row(name, **buttons):
    """What the watch list's form posts for an empty list with one row typed, plus the button pressed."""
    return {
        "followed-TOTAL_FORMS": "2",
        "followed-INITIAL_FORMS": "0",
        "followed-0-name": name,
        "followed-0-identifiers": "gb-lae:lds",
        "followed-1-name": "",
        "followed-1-identifiers": "",
        **buttons,
    }


def test_follow_every_authority_saves_the_row_typed_too(alice_client, branch_a):
    PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    url = reverse("notices:watch_list", args=[branch_a.slug])
    page = alice_client.get(url).content.decode()
    form = page.split('id="watch-list-form"')[1].split("</form>")[0]
    assert 'name="seed" value="register"' in form  # a button of the form that holds the rows

    response = alice_client.post(url, _typed_row("Leeds City Council", seed="register"), follow=True)

    followed = dict(FollowedAuthority.objects.filter(branch=branch_a).values_list("name", "identifiers"))
    assert followed == {"Leeds City Council": "GB-LAE:LDS", "Peterborough City Council": ""}
    body = response.content.decode()
    assert "Watch list saved." in body and "Now following 1 more authority." in body


def test_follow_every_authority_with_a_bad_row_adds_nothing_and_keeps_the_typing(alice_client, branch_a):
    PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    url = reverse("notices:watch_list", args=[branch_a.slug])
    data = _typed_row("Leeds City Council", seed="register") | {"followed-0-identifiers": "GB-LAE:L1"}
    body = alice_client.post(url, data).content.decode()
    assert "Nothing was saved (the register’s authorities were not added)" in body
    assert 'value="Leeds City Council"' in body and 'value="GB-LAE:L1"' in body
    assert not FollowedAuthority.objects.exists()


def test_the_email_switch_saves_the_row_typed_too(alice_client, alice, branch_a):
    url = reverse("notices:watch_list", args=[branch_a.slug])
    page = alice_client.get(url).content.decode()
    switch = page.split('id="alerts-switch"')[1].split("</div>")[0]
    assert 'name="alerts" value="off" form="watch-list-form"' in switch  # submits the rows' form

    body = alice_client.post(url, _typed_row("Leeds City Council", alerts="off"), follow=True).content.decode()

    assert FollowedAuthority.objects.get(branch=branch_a).name == "Leeds City Council"
    assert "You will no longer get the daily notices email for Demo City." in body
    assert services.notice_alerts_state(user=alice, branch=branch_a) is False


def _watch(alice_client, branch, rows):
    data = {"followed-TOTAL_FORMS": str(len(rows)), "followed-INITIAL_FORMS": "0"}
    for n, (name, ids) in enumerate(rows):
        data |= {f"followed-{n}-name": name, f"followed-{n}-identifiers": ids}
    return alice_client.post(reverse("notices:watch_list", args=[branch.slug]), data)


@pytest.mark.parametrize(
    "name, ids, message",
    [
        ("<script>alert(1)</script>;;;", "", "is not an authority&#x27;s name as notices spell it"),
        ("Leeds City Council", "not an id !!!", "“not an id !!!” is not an identifier notices use"),
        ("Leeds City Council", "GB-LAE-", "names the scheme GB-LAE but no id after it"),
        ("Leeds City Council", "GB-COH:123", "“GB-COH:123” is not a GB-COH id: write an eight-character company"),
        ("Leeds City Council", "GB-LAE:L1", "is not a GB-LAE id"),
    ],
)
def test_the_watch_list_refuses_names_and_ids_the_page_does_not_describe(alice_client, branch_a, name, ids, message):
    response = _watch(alice_client, branch_a, [(name, ids)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FollowedAuthority.objects.exists()


@pytest.mark.parametrize(
    "ids, stored",
    [
        ("GB-LAE:LDS", "GB-LAE:LDS"),
        ("gb-nhs:00L, GB-COH:SC123456", "GB-NHS:00L, GB-COH:SC123456"),
        ("GB-COH 01234567", "GB-COH:01234567"),
        ("GB-LAC-E09000003", "GB-LAC-E09000003"),
        ("6f7556a3368c205bd02b", "6F7556A3368C205BD02B"),
        # Spaces, semicolons or new lines separate identifiers as commas do; a repeat, however typed, is kept once.
        ("GB-LAE:LDS GB-NHS:RBA", "GB-LAE:LDS, GB-NHS:RBA"),
        ("gb-lae:lds; GB-LAE-LDS\nGB-LAE LDS, GB-COH:01234567", "GB-LAE:LDS, GB-COH:01234567"),
    ],
)
def test_the_watch_list_takes_each_scheme_and_a_notices_own_buyer_id(alice_client, branch_a, ids, stored):
    assert _watch(alice_client, branch_a, [("St Helens Council (Metropolitan Borough)", ids)]).status_code == 302
    followed = FollowedAuthority.objects.get()
    assert followed.identifiers == stored  # upper-cased, one form per scheme, no repeats
    notice = make_notice(number=77, buyer_name="Somebody else", buyer_ids=[stored.split(", ")[-1].replace(":", "-")])
    assert follows(followed, notice)  # what is stored still matches the notices' own spelling


def test_each_identifier_box_points_at_help_the_page_shows(alice_client, branch_a):
    FollowedAuthority.objects.create(branch=branch_a, name="Leeds City Council", identifiers="GB-LAE:LDS")
    page = alice_client.get(reverse("notices:watch_list", args=[branch_a.slug])).content.decode()
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    assert described >= {"watch-help", "watch-ids-help", "watch-register-help"}
    for target in " ".join(described).split():
        assert f'id="{target}"' in page, target  # no box points at text that is not there
    assert "_helptext" not in page
    help_text = page.split('id="watch-ids-help"')[1].split("</p>")[0]
    assert "<code>GB-LAE:LDS</code>" in help_text and "commas" in help_text


def test_a_repeated_name_says_which_rows_and_marks_the_field(alice_client, branch_a):
    response = _watch(
        alice_client, branch_a, [("Leeds City Council", ""), ("Bradford Council", ""), ("leeds city council", "")]
    )
    body = response.content.decode()
    assert "Rows 1 and 3 both follow “Leeds City Council”" in body
    assert 'href="#id_followed-2-name"' in body  # the error summary takes the officer to the row
    assert 'id="id_followed-2-name-error"' in body and 'id="id_followed-0-name-error"' not in body
    assert not FollowedAuthority.objects.exists()


def test_a_name_already_followed_is_not_questioned_when_another_row_is_saved(alice_client, branch_a):
    """Names seeded from the register may carry characters the form would not take from a typist."""
    odd = FollowedAuthority.objects.create(branch=branch_a, name="Council [Unitary] of Somewhere")
    data = {
        "followed-TOTAL_FORMS": "2",
        "followed-INITIAL_FORMS": "1",
        "followed-0-id": str(odd.pk),
        "followed-0-name": odd.name,
        "followed-0-identifiers": "",
        "followed-1-name": "Leeds City Council",
        "followed-1-identifiers": "GB-LAE:LDS",
    }
    response = alice_client.post(reverse("notices:watch_list", args=[branch_a.slug]), data)
    assert response.status_code == 302
    assert FollowedAuthority.objects.filter(branch=branch_a).count() == 2
