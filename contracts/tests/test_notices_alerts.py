"""The officers' daily email of new notices and the dashboard's lines."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracts.notices import services
from contracts.notices.matching import service_prefix
from contracts.notices.models import AlertOptOut, BranchNotice, NoticeAlert, NoticeDigest, NoticeKind
from contracts.tests.factories import ContractFactory
from insourcing import unsubscribe
from insourcing.models import BranchOfficer
from insourcing.tests.factories import make_officer

from .notices_helpers import make_award_for, make_change_for, make_notice, press_watch_list_button

pytestmark = pytest.mark.django_db


def test_each_officer_gets_one_email_a_day_and_each_notice_once(alice, amy, branch_a, branch_a2, bob):
    second = make_officer(branch_a, email="second@example.org")
    make_change_for(branch_a)
    today = timezone.localdate()

    assert services.notice_alerts_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "second@example.org"]
    [to_alice] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "new end date of 31 March 2029. Apply it?" in to_alice.body
    assert f"/branches/{branch_a.slug}/notices/" in to_alice.body

    make_award_for(branch_a)  # arrives later the same day
    assert services.notice_alerts_send(today=today) == 0
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    assert services.notice_alerts_send(today=today + datetime.timedelta(days=1)) == 2
    tomorrow = [m for m in mail.outbox if m.to == [second.email]][0]
    assert "SODEXO LIMITED" in tomorrow.body and "31 March 2029" not in tomorrow.body  # only what is new to them
    assert NoticeAlert.objects.filter(user=alice).count() == 2


def test_a_failed_send_gives_the_claims_back_for_the_next_run(alice, branch_a, monkeypatch):
    make_change_for(branch_a)
    real = services._alert_message

    def broken(*args):
        message = real(*args)
        monkeypatch.setattr(message, "send", lambda: (_ for _ in ()).throw(ConnectionError("SMTP down")))
        return message

    monkeypatch.setattr(services, "_alert_message", broken)
    with pytest.raises(ConnectionError):
        services.notice_alerts_send()
    assert not NoticeDigest.objects.exists() and not NoticeAlert.objects.exists()

    monkeypatch.setattr(services, "_alert_message", real)
    assert services.notice_alerts_send() == 1
    assert len(mail.outbox) == 1


def test_dismissed_notices_are_not_emailed(alice, branch_a):
    item = make_change_for(branch_a)
    services.branch_notice_dismiss(item=item, user=alice)
    assert services.notice_alerts_send() == 0
    assert mail.outbox == []


def test_the_dashboard_shows_waiting_moved_and_new_tenders(alice_client, alice, branch_a):
    moved = make_change_for(branch_a)
    services.branch_notice_apply(item=moved, user=alice)
    make_award_for(branch_a)
    tender = make_notice(number=900, kind=NoticeKind.TENDER, title="School catering")
    BranchNotice.objects.create(branch=branch_a, notice=tender, status=BranchNotice.Status.NOTED)

    page = alice_client.get(reverse("dashboard")).content.decode()

    lines = page[page.index('id="notice-lines"') :]
    assert "1 notice waiting for review" in lines
    assert "1 contract whose end date a notice moved" in lines
    assert "1 new tender from authorities you follow or for services in your register" in lines


# ---------------------------------------------------------------- switching the email off (RFC 8058) and on


def _unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://") and header.endswith(">")  # absolute, from SITE_URL
    return urlsplit(header.strip("<>")).path


@pytest.fixture
def emailed(settings, alice, branch_a):
    """Alice's daily email about branch_a, sent with the site's public address."""
    settings.SITE_URL = "https://insourcing.example.org"
    make_change_for(branch_a)
    services.notice_alerts_send()
    [message] = mail.outbox
    return message


def test_the_daily_email_carries_one_click_unsubscribe_and_a_visible_link(emailed):
    url = emailed.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://insourcing.example.org/notices/alerts/off/")
    assert emailed.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop these emails: {url}" in emailed.body
    html = emailed.alternatives[0][0]
    assert f'<a href="{url}">Stop these emails</a>' in html


def test_one_click_from_a_mail_client_stops_the_email_for_that_branch(emailed, alice, branch_a, branch_a2):
    """Gmail and Yahoo POST `List-Unsubscribe=One-Click` to the header's address, with no cookie or CSRF token."""
    BranchOfficer.objects.create(user=alice, branch=branch_a2)  # not in this email: stays on
    response = Client(enforce_csrf_checks=True).post(
        _unsubscribe_path(emailed), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "will no longer get the daily email" in response.content.decode()
    assert list(AlertOptOut.objects.values_list("user", "branch")) == [(alice.pk, branch_a.pk)]

    mail.outbox.clear()
    make_award_for(branch_a)
    make_award_for(branch_a2, number=438)
    services.notice_alerts_send(today=timezone.localdate() + datetime.timedelta(days=1))
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert branch_a2.name in message.body and f"/branches/{branch_a.slug}/" not in message.body
    # Still in the queue: only the email stopped.
    assert BranchNotice.objects.filter(branch=branch_a, status=BranchNotice.Status.WAITING).count() == 2


def test_the_link_asks_first_and_a_get_changes_nothing(emailed, alice):
    client = Client(enforce_csrf_checks=True)
    response = client.get(_unsubscribe_path(emailed))  # what a link scanner does
    assert response.status_code == 200
    assert b"Stop these emails" in response.content
    assert not AlertOptOut.objects.exists()

    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()
    assert client.post(_unsubscribe_path(emailed), {"csrfmiddlewaretoken": token}).status_code == 200
    assert AlertOptOut.objects.filter(user=alice).count() == 1


def test_any_other_post_without_a_csrf_token_is_refused(emailed):
    response = Client(enforce_csrf_checks=True).post(_unsubscribe_path(emailed), {"List-Unsubscribe": "Yes"})
    assert response.status_code == 403
    assert not AlertOptOut.objects.exists()


def test_a_tampered_or_foreign_token_is_refused(emailed, alice, bob, branch_b):
    path = _unsubscribe_path(emailed)
    one_click = {"data": "List-Unsubscribe=One-Click", "content_type": "application/x-www-form-urlencoded"}
    client = Client(enforce_csrf_checks=True)
    assert client.post(path[:-3] + "xx/", **one_click).status_code == 404
    # A reminder's token (another salt) for the same id means nothing here.
    other_kind = unsubscribe.make_token({"u": bob.pk, "b": [branch_b.pk]}, salt="campaigns.reminders.unsubscribe")
    assert client.post(reverse("notices:alerts_unsubscribe", args=[other_kind]), **one_click).status_code == 404
    assert not AlertOptOut.objects.exists()


def test_the_officer_switches_the_email_back_on_from_the_watch_list(emailed, alice, alice_client, branch_a):
    services.notice_alerts_stop(user=alice, branches=[branch_a])
    page = alice_client.get(reverse("notices:watch_list", args=[branch_a.slug])).content.decode()
    assert "You do not get the daily email" in page

    response = press_watch_list_button(alice_client, branch_a, "alerts", "on")
    assert response.status_code == 302
    assert not AlertOptOut.objects.exists()
    mail.outbox.clear()
    make_award_for(branch_a)
    assert services.notice_alerts_send(today=timezone.localdate() + datetime.timedelta(days=1)) == 1

    press_watch_list_button(alice_client, branch_a, "alerts", "off")
    assert AlertOptOut.objects.filter(user=alice, branch=branch_a).exists()


def test_switching_the_email_refuses_nonsense(alice_client, branch_a):
    url = reverse("notices:watch_list", args=[branch_a.slug])
    management = {"followed-TOTAL_FORMS": "0", "followed-INITIAL_FORMS": "0"}
    response = alice_client.post(url, {**management, "alerts": "maybe"}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert not AlertOptOut.objects.exists()


# ---------------------------------------------------------------- tenders for the services the branch follows


@pytest.mark.parametrize(
    "code, prefix",
    [
        ("90911200-8", "9091"),  # building cleaning: the class, cleaning services
        ("55524000", "5552"),  # school catering: catering services
        ("79000000", "79"),  # business services: as general as the code is
        ("90900000", "909"),  # cleaning and sanitation services: the group
        ("9331200", "0933"),  # solar modules, the leading zero dropped by a spreadsheet
        ("", ""),
        ("not a code", ""),
    ],
)
def test_a_contracts_cpv_code_follows_its_class_of_service(code, prefix):
    assert service_prefix(code) == prefix


def _tender(number, *, cpv, buyer="Leeds City Council", days_ago=2, title="Office cleaning"):
    return make_notice(
        number=number,
        kind=NoticeKind.TENDER,
        title=title,
        buyer_name=buyer,
        published=timezone.now() - datetime.timedelta(days=days_ago),
        values={"service": title, "cpv_code": cpv},
    )


@pytest.fixture
def cleaning(branch_a):
    """Demo City's register has a building-cleaning contract; it follows no authority."""
    return ContractFactory(branch=branch_a, service="Building cleaning", cpv_code="90911200-8")


def test_new_tenders_count_those_for_the_registers_services_from_any_authority(
    alice_client, branch_a, branch_b, cleaning
):
    _tender(901, cpv="90919200")  # office cleaning, from an authority nobody follows: counted
    _tender(902, cpv="45000000", title="Construction work")  # another service: not counted
    _tender(903, cpv="90919200", days_ago=40)  # too old
    ContractFactory(branch=branch_b, service="Road works", cpv_code="45233130")  # another branch's service
    followed = _tender(904, cpv="90910000", buyer="Peterborough City Council")  # followed and by CPV: once
    BranchNotice.objects.create(branch=branch_a, notice=followed, status=BranchNotice.Status.NOTED)
    dismissed = _tender(905, cpv="90919300")
    BranchNotice.objects.create(branch=branch_a, notice=dismissed, status=BranchNotice.Status.DISMISSED)

    page = alice_client.get(reverse("dashboard")).content.decode()

    assert "2 new tenders from authorities you follow or for services in your register" in page
    # Information only: nothing from an authority the branch does not follow joins its review queue.
    assert BranchNotice.objects.filter(branch=branch_a).count() == 2


def test_the_tenders_page_lists_them_and_says_why(alice_client, branch_a, cleaning):
    _tender(901, cpv="90919200")
    _tender(902, cpv="45000000", title="Construction work")
    followed = _tender(904, cpv="79000000", buyer="Peterborough City Council", title="Advice services")
    BranchNotice.objects.create(branch=branch_a, notice=followed, status=BranchNotice.Status.NOTED)

    response = alice_client.get(reverse("notices:tenders", args=[branch_a.slug]))

    page = response.content.decode()
    rows = page[page.index('id="tenders"') :]
    assert "Office cleaning" in rows and "CPV 90919200, the class of Building cleaning" in rows
    assert "Advice services" in rows and "You follow the buyer" in rows
    assert "Construction work" not in rows
    # The walk: contracts with no CPV code were left out silently, the branch's own targets among them.
    ContractFactory(branch=branch_a, service="School catering", cpv_code="")
    page = alice_client.get(reverse("notices:tenders", args=[branch_a.slug])).content.decode()
    assert "1 contract in the register has no CPV code, so its service is not followed: School catering." in page


def test_the_tenders_page_refuses_post(alice_client, branch_a):
    assert alice_client.post(reverse("notices:tenders", args=[branch_a.slug])).status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_the_tenders_page_and_the_dashboard_cost_the_same_queries_for_1_and_30_rows(
    alice_client, branch_a, rows, count_queries
):
    for n in range(rows):
        ContractFactory(branch=branch_a, service=f"Service {n}", cpv_code=f"{90911200 + n * 10000}")
        _tender(1000 + n, cpv=f"{90911200 + n * 10000}", title=f"Tender {n}")
    url = reverse("notices:tenders", args=[branch_a.slug])
    assert alice_client.get(url).content.decode().count("<tr>") == rows + 1
    assert count_queries(lambda: alice_client.get(url)) == TENDERS_QUERIES


TENDERS_QUERIES = 7  # session, user, branch, scope, the register's CPV codes, the tenders, contracts without one


def test_the_email_asks_only_about_what_still_waits_and_names_who_applied_the_rest(alice, branch_a):
    """The walk-through's email asked "…: apply?" of a notice an officer had already applied."""
    pat = make_officer(branch_a, email="pat@example.org", full_name="Pat Officer")
    applied = make_change_for(branch_a)
    dismissed = make_award_for(branch_a)
    tender = make_notice(number=901, kind=NoticeKind.TENDER, title="School catering")
    waiting = BranchNotice.objects.create(
        branch=branch_a,
        notice=tender,
        contract=applied.contract,
        proposal=BranchNotice.Proposal.END_DATE,
        proposed_end_date=datetime.date(2030, 1, 31),
    )
    services.branch_notice_apply(item=applied, user=pat)
    services.branch_notice_dismiss(item=dismissed, user=pat)

    services.notice_alerts_send()

    [to_alice] = [m for m in mail.outbox if m.to == [alice.email]]
    html = to_alice.alternatives[0][0]
    for body in (to_alice.body, html):
        assert body.count("Apply it?") == 1 and "new end date of 31 January 2030. Apply it?" in body
        assert "To review: " in body
        assert "Already applied to the register by Pat Officer on " in body
        assert "new end date of 31 March 2029. Apply it?" not in body
        assert "SODEXO" not in body and "Routine Grounds Maintenance" not in body  # dismissed before the email
        assert "Hello Alice Officer," in body and "alice@example.org" not in body
    assert waiting.notice.label in to_alice.body


def test_the_dashboard_counts_link_to_the_queue(alice_client, alice, branch_a):
    moved = make_change_for(branch_a)
    services.branch_notice_apply(item=moved, user=alice)
    make_award_for(branch_a)
    page = alice_client.get(reverse("dashboard")).content.decode()
    lines = page[page.index('id="notice-lines"') :]
    queue = reverse("notices:review", args=[branch_a.slug])
    assert f'<a href="{queue}#waiting-heading">1 notice waiting for review</a>' in lines
    assert f'<a href="{queue}#recent-heading">1 contract whose end date a notice moved</a>' in lines


def test_the_link_when_already_unsubscribed_says_so_and_how_to_turn_it_back_on(emailed, alice, branch_a):
    services.notice_alerts_stop(user=alice, branches=[branch_a])
    response = Client(enforce_csrf_checks=True).get(_unsubscribe_path(emailed))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop the daily email" not in page and "Stop these emails" not in page  # nothing left to ask
    already = page.split('id="unsubscribe-already-off">')[1].split("</p>")[0]
    assert f"The daily email of procurement notices for {branch_a.name} is already off" in already
    turn_on = page.split('id="unsubscribe-turn-on">')[1].split("</p>")[0]
    assert "sign in and switch it back on with “Email me the new notices daily”" in turn_on
    assert f'href="{reverse("notices:watch_list", args=[branch_a.slug])}"' in turn_on
    assert AlertOptOut.objects.filter(user=alice).count() == 1  # GET changed nothing
