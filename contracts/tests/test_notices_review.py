"""The watch list and the review queue: officers apply or dismiss what a notice proposes, once, and every figure
applied names the notice as its source."""

import datetime

import pytest
from django.urls import reverse

from contracts.notices import services
from contracts.notices.models import BranchNotice, FollowedAuthority, NoticeKind
from contracts.register.models import Contract, FigureSource
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.tests.factories import make_officer

from .notices_helpers import make_award_for, make_change_for, make_notice

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
    assert contract.history.first().history_change_reason == "Applied from Find a Tender notice 000436-2026"
    page = alice_client.get(contract.get_absolute_url()).content.decode()
    assert 'href="https://www.find-tender.service.gov.uk/Notice/000436-2026"' in page  # the source links the notice


def test_a_notice_is_applied_once_even_when_two_officers_press_apply(alice, branch_a):
    item = make_change_for(branch_a)
    second_officer = make_officer(branch_a, email="second@example.org")
    services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=alice)
    Contract.objects.filter(pk=item.contract_id).update(end_date=datetime.date(2030, 1, 1))  # changed since

    with pytest.raises(services.NoticeError, match="already dealt with"):
        services.branch_notice_apply(item=BranchNotice.objects.get(pk=item.pk), user=second_officer)

    assert Contract.objects.get(pk=item.contract_id).end_date == datetime.date(2030, 1, 1)
    assert BranchNotice.objects.get(pk=item.pk).decided_by == alice


def test_the_second_press_tells_the_officer_and_changes_nothing(alice_client, branch_a):
    item = make_change_for(branch_a)
    alice_client.post(reverse("notices:apply", args=[item.pk]))
    response = alice_client.post(reverse("notices:apply", args=[item.pk]), follow=True)
    assert "Another officer has already dealt with this notice." in response.content.decode()
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
    assert "new end date 31 March 2029: apply?" in page
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
    url = reverse("notices:watch_list_seed", args=[branch_a.slug])

    alice_client.post(url)
    alice_client.post(url)

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
WATCH_QUERIES = 9  # one for whether the officer gets the daily email
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
