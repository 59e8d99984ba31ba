"""FoI pages: happy paths, wrong methods, refusals and what the database holds afterwards."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from contracts.foi import services
from contracts.models import (
    Contract,
    FigureSource,
    FoILetterTemplate,
    FoIRequest,
    InsourcingFirstMotion,
    LetterKind,
    Provider,
)
from contracts.tests.factories import (
    ContractFactory,
    PublicAuthorityFactory,
    make_answered_foi,
    make_foi,
    make_motion,
    make_sent_foi,
)
from insourcing.models import GeneratedDocument


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


D = datetime.date
Status = FoIRequest.Status
pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"contracts:{name}", kwargs=kwargs)


# ---------------------------------------------------------------- deadline calculator


def test_deadline_calculator_shows_the_due_date_and_the_holidays_skipped(alice_client):
    response = alice_client.get("/foi/deadline/?received=2026-11-16&nation=england")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Reply due by Tuesday 15 December 2026" in content
    assert "Monday 30 November 2026: Saint Andrew&#x27;s Day (Scotland)" in content
    assert "in any part of the United Kingdom" in content


def test_deadline_calculator_uses_scottish_holidays_for_scotland(alice_client):
    response = alice_client.get("/foi/deadline/?received=2026-03-20&nation=scotland")
    assert "Reply due by Monday 20 April 2026" in response.content.decode()
    assert "Scottish Information Commissioner" in response.content.decode()


def test_deadline_calculator_reports_a_bad_date(alice_client):
    response = alice_client.get("/foi/deadline/?received=31-02-2026&nation=england")
    assert response.status_code == 200
    assert b"Enter a real date, for example 31/03/2027." in response.content
    assert b"Reply due by" not in response.content


def test_deadline_calculator_is_get_only_and_needs_login(client, alice_client):
    assert alice_client.post("/foi/deadline/").status_code == 405
    client.logout()
    assert client.get("/foi/deadline/").status_code == 302


# ---------------------------------------------------------------- list and create


def test_list_shows_only_requests_in_scope(alice_client, alice, branch_a, bob, branch_b):
    mine = make_foi(branch_a, alice)
    theirs = make_foi(branch_b, bob)
    response = alice_client.get(url("foi_list"))
    assert mine.reference.encode() in response.content
    assert theirs.reference.encode() not in response.content


def test_organiser_filters_the_list_by_a_branch_of_their_region(olive_client, alice, amy, branch_a, branch_a2):
    in_a = make_foi(branch_a, alice)
    in_a2 = make_foi(branch_a2, amy)
    response = olive_client.get(url("foi_list") + f"?branch={branch_a2.pk}")
    assert response.status_code == 200
    assert in_a2.reference.encode() in response.content
    assert in_a.reference.encode() not in response.content


def test_branch_filter_offers_only_the_branches_the_user_may_read(olive_client, branch_a, branch_a2, branch_b):
    field = olive_client.get(url("foi_list")).context["filter"].form.fields["branch"]
    assert set(field.queryset) == {branch_a, branch_a2}


def test_branch_filter_refuses_a_branch_outside_the_users_scope(olive_client, alice, branch_a, bob, branch_b):
    ours = make_foi(branch_a, alice)
    theirs = make_foi(branch_b, bob)
    response = olive_client.get(url("foi_list") + f"?branch={branch_b.pk}")
    assert "Choose one of the options offered." in response.content.decode()
    # A refused choice shows no rows at all, rather than falling back to the whole unfiltered list.
    assert ours.reference.encode() not in response.content
    assert theirs.reference.encode() not in response.content


def test_officer_of_one_branch_gets_no_branch_filter(alice_client, alice, branch_a):
    make_foi(branch_a, alice)
    assert "branch" not in alice_client.get(url("foi_list")).context["filter"].form.fields


def test_officer_of_two_branches_filters_by_branch(alice_client, alice, branch_a, branch_a2, amy):
    alice.officer_roles.create(branch=branch_a2)
    mine = make_foi(branch_a, alice)
    other = make_foi(branch_a2, amy)
    response = alice_client.get(url("foi_list") + f"?branch={branch_a2.pk}")
    assert other.reference.encode() in response.content
    assert mine.reference.encode() not in response.content


@pytest.mark.parametrize("rows", [1, 500])
def test_list_query_count_is_the_same_for_1_and_500_requests(
    alice_client, alice, branch_a, rows, django_assert_max_num_queries, count_queries
):
    foi = make_foi(branch_a, alice, contracts=0)
    FoIRequest.objects.bulk_create(
        [FoIRequest(branch=branch_a, authority=foi.authority, owner=alice, body="x") for _ in range(rows - 1)]
    )
    with django_assert_max_num_queries(6):
        assert alice_client.get(url("foi_list")).status_code == 200
    assert count_queries(lambda: alice_client.get(url("foi_list"))) == 6


def test_officer_creates_a_draft_about_a_contract(alice_client, alice, branch_a):
    contract = ContractFactory(branch=branch_a)
    form = alice_client.get(url("foi_create") + f"?contract={contract.pk}")
    assert form.status_code == 200
    assert f'value="{contract.pk}" id="foi-contract-{contract.pk}" checked'.encode() in form.content
    response = alice_client.post(url("foi_create"), {"authority": contract.authority_id, "contracts": [contract.pk]})
    foi = FoIRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("foi_edit", pk=foi.pk)
    assert (foi.status, foi.branch, foi.owner) == (Status.DRAFT, branch_a, alice)
    assert list(foi.contracts.all()) == [contract]


def _ticks(response) -> list[str]:
    """The services of the contracts offered as checkboxes, in order."""
    html = response.content.decode()
    return re.findall(r'id="foi-contract-\d+"(?: checked)?>\s*<label[^>]*>([^<]+)<', html)


@pytest.fixture
def big_authority(branch_a):
    """An authority after an import: many contracts, some with the same service name."""
    council = PublicAuthorityFactory(branch=branch_a, name="Norfolk County Council")
    for day in range(1, 41):
        ContractFactory(
            branch=branch_a,
            authority=council,
            service="Day care",
            reference=f"BAN{day:03}",
            end_date=D(2027, 1, 1) + datetime.timedelta(days=day),
        )
    ContractFactory(branch=branch_a, authority=council, service="School cleaning", reference="CLN1", end_date=None)
    ContractFactory(branch=branch_a, service="Elsewhere catering")  # another authority's
    return council


def test_create_lists_only_the_chosen_authoritys_contracts_soonest_first_and_capped(alice_client, big_authority):
    assert b"<select multiple" not in alice_client.get(url("foi_create")).content
    response = alice_client.post(url("foi_create"), {"authority": big_authority.pk, "find": "1"})
    assert not FoIRequest.objects.exists()
    ticks = _ticks(response)
    assert ticks == ["Day care"] * 30
    body = response.content.decode()
    assert "BAN001 · " in body and "BAN031" not in body and "Elsewhere catering" not in body
    assert "Showing 30 of 41 matching contracts, soonest ending first" in body


def test_search_finds_a_contract_by_reference_or_service_and_keeps_the_ticked_ones(alice_client, big_authority):
    ticked = Contract.objects.get(reference="BAN040")
    response = alice_client.post(
        url("foi_create"),
        {"authority": big_authority.pk, "contract_search": "clean", "contracts": [ticked.pk], "find": "1"},
    )
    assert _ticks(response) == ["Day care", "School cleaning"]
    assert f'value="{ticked.pk}" id="foi-contract-{ticked.pk}" checked'.encode() in response.content
    cleaning = Contract.objects.get(reference="CLN1")
    response = alice_client.post(
        url("foi_create"), {"authority": big_authority.pk, "contracts": [ticked.pk, cleaning.pk]}
    )
    assert set(FoIRequest.objects.get().contracts.all()) == {ticked, cleaning}


def test_htmx_asks_for_the_authoritys_contracts_as_the_form_changes(alice_client, big_authority):
    response = alice_client.get(
        url("foi_create"),
        {"authority": big_authority.pk, "contract_search": "ban012"},
        headers={"HX-Request": "true"},
    )
    assert _ticks(response) == ["Day care"]
    assert 'id="foi-contract-picker"' in response.content.decode()
    form = alice_client.get(url("foi_create")).content.decode()
    assert 'data-hx-get="/foi/new/"' in form and " hx-" not in form.split("<main", 1)[1]


def test_the_draft_edit_page_ticks_its_contracts_and_finding_keeps_the_letter(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice, contracts=2)
    first, second = foi.contracts.order_by("pk")
    page = alice_client.get(url("foi_edit", pk=foi.pk))
    assert f'id="foi-contract-{first.pk}" checked'.encode() in page.content
    response = alice_client.post(
        url("foi_edit", pk=foi.pk),
        {"subject": "Typed subject", "body": foi.body, "asks": "One", "contracts": [first.pk], "find": "1"},
    )
    assert 'value="Typed subject"' in response.content.decode()
    foi.refresh_from_db()
    assert foi.subject != "Typed subject" and foi.contracts.count() == 2


def test_create_refuses_a_contract_of_another_authority(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    other = PublicAuthorityFactory(branch=branch_a, name="Another Council")
    response = alice_client.post(url("foi_create"), {"authority": other.pk, "contracts": [contract.pk]})
    assert response.status_code == 200
    assert b"belong to another authority" in response.content
    assert not FoIRequest.objects.exists()


def test_create_refuses_an_authority_of_another_branch(alice_client, branch_b):
    authority = PublicAuthorityFactory(branch=branch_b)
    response = alice_client.post(url("foi_create"), {"authority": authority.pk})
    assert response.status_code == 200
    assert not FoIRequest.objects.exists()


def test_organiser_cannot_create_requests(olive_client):
    assert olive_client.get(url("foi_create")).status_code == 403


def test_create_rejects_put(alice_client):
    assert alice_client.put(url("foi_create")).status_code == 405


# ---------------------------------------------------------------- edit and send


def test_officer_edits_the_draft_letter_and_asks(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    body = "Dear FoI Officer,\n\nPlease send:\n\n[Information requested]\n\nThanks"
    response = alice_client.post(
        url("foi_edit", pk=foi.pk), {"subject": "Cleaning contracts", "body": body, "asks": "Cleaning staff numbers"}
    )
    assert response.status_code == 302
    foi.refresh_from_db()
    assert (foi.subject, foi.body, foi.ask_list) == ("Cleaning contracts", body, ["Cleaning staff numbers"])


def test_edit_without_the_list_marker_is_refused_and_nothing_changes(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    response = alice_client.post(url("foi_edit", pk=foi.pk), {"subject": "X", "body": "No list", "asks": "One"})
    assert response.status_code == 200
    assert b"[Information requested] on a line of its own" in response.content
    foi.refresh_from_db()
    assert foi.subject != "X"


def test_a_sent_letter_cannot_be_edited(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    response = alice_client.post(url("foi_edit", pk=foi.pk), {"subject": "X", "body": "Y", "asks": ""})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.subject != "X"


def test_officer_sends_by_email_from_the_app(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    response = alice_client.post(url("foi_send", pk=foi.pk), {"method": "app-email"})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.status == Status.SENT
    assert foi.due_on is not None
    assert mail.outbox[0].to == ["foi@council.example.gov.uk"]


def test_posting_needs_the_date_of_receipt(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    response = alice_client.post(url("foi_send", pk=foi.pk), {"method": "post", "sent_on": "2026-03-02"})
    assert response.status_code == 200
    assert b"Enter the day the authority received the posted letter" in response.content
    foi.refresh_from_db()
    assert foi.status == Status.DRAFT


def test_a_letter_with_unfilled_placeholders_is_not_sent(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    FoIRequest.objects.filter(pk=foi.pk).update(body=foi.body + "\n[Your phone]")
    response = alice_client.post(url("foi_send", pk=foi.pk), {"method": "app-email"})
    assert b"placeholders to fill in: [Your phone]" in response.content
    assert mail.outbox == []


def test_send_is_post_only(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    assert alice_client.get(url("foi_send", pk=foi.pk)).status_code == 405


def test_recording_a_clarification_request_pauses_the_clock(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    response = alice_client.post(
        url("foi_event", pk=foi.pk), {"event": "clarification-asked", "on": "2026-03-10", "details": "Which years?"}
    )
    assert response.status_code == 302
    foi.refresh_from_db()
    assert (foi.status, foi.due_on, foi.clarification_details) == (Status.CLARIFICATION, None, "Which years?")
    page = alice_client.get(url("foi_detail", pk=foi.pk)).content.decode()
    assert "Paused." in page


# ---------------------------------------------------------------- detail


def test_detail_shows_the_clock_with_days_elapsed_and_left(alice_client, alice, branch_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 16, 12, 0))
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    content = alice_client.get(url("foi_detail", pk=foi.pk)).content.decode()
    assert "<strong>31 March 2026</strong>" in content
    assert 'Working days elapsed</dt><dd class="col-6">10 of 20' in content
    assert 'Working days left</dt><dd class="col-6">10' in content
    assert "Saint Patrick&#x27;s Day (Northern Ireland)" in content


def test_organiser_sees_the_request_without_actions(olive_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    response = olive_client.get(url("foi_detail", pk=foi.pk))
    assert response.status_code == 200
    assert b"Next steps" not in response.content


DETAIL_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 500])
def test_detail_query_count_is_the_same_for_1_and_500_contracts(
    alice_client, alice, branch_a, rows, django_assert_max_num_queries, count_queries
):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    extra = Contract.objects.bulk_create(
        [Contract(branch=branch_a, authority=foi.authority, service=f"Service {n}") for n in range(rows - 1)]
    )
    foi.contracts.add(*extra)
    detail = url("foi_detail", pk=foi.pk)
    alice_client.get(detail)  # warms the ContentType cache, which a long-running process always has
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert alice_client.get(detail).status_code == 200
    assert count_queries(lambda: alice_client.get(detail)) == DETAIL_QUERIES
    assert contract.service.encode() in alice_client.get(detail).content


# ---------------------------------------------------------------- reply


def _reply_data(foi, **answers):
    data = {
        "outcome": "answered",
        "replied_on": "2026-03-25",
        "answers-TOTAL_FORMS": str(foi.contracts.count()),
        "answers-INITIAL_FORMS": "0",
    }
    data.update({f"answers-0-{name}": value for name, value in answers.items()})
    return data


def test_officer_attaches_the_reply_and_enters_what_it_says(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    data = _reply_data(foi, end_date="2029-03-31", staff_count="64", termination_terms="Six months' notice")
    data["reply_file"] = SimpleUploadedFile("council reply.pdf", b"%PDF-1.7 reply", content_type="application/pdf")
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    foi.refresh_from_db()
    assert (contract.end_date, contract.staff_count, contract.termination_terms) == (
        D(2029, 3, 31),
        64,
        "Six months' notice",
    )
    assert contract.value == 1_250_000  # left blank, so unchanged
    assert set(FigureSource.objects.filter(contract=contract).values_list("field", "kind")) == {
        ("end_date", "foi"),
        ("staff_count", "foi"),
        ("termination_terms", "foi"),
    }
    assert (foi.status, foi.replied_on) == (Status.ANSWERED, D(2026, 3, 25))
    download = alice_client.get(url("foi_reply_download", pk=foi.pk))
    assert download["Content-Disposition"] == 'attachment; filename="council_reply.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.7 reply"


def _new_rows(*rows: dict) -> dict:
    data = {"new-TOTAL_FORMS": "3", "new-INITIAL_FORMS": "0"}
    for index in range(3):
        data[f"new-{index}-value_basis"] = "unknown"
    for index, row in enumerate(rows):
        data.update({f"new-{index}-{name}": value for name, value in row.items()})
    return data


def test_contracts_the_reply_names_are_added_with_each_figure_sourced_to_the_request(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    existing = foi.contracts.get()
    data = _reply_data(foi) | _new_rows(
        {
            "service": "Grounds maintenance",
            "reference": "GM-7",
            "provider_name": "Greenkeepers Ltd",
            "value": "480000",
            "value_basis": "total",
            "end_date": "2028-06-30",
            "latest_end_date": "2030-06-30",
            "extension_terms": "2 x 12 months",
            "staff_count": "22",
        },
        {"service": "Laundry"},
    )
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 302
    grounds = Contract.objects.select_related("provider").get(reference="GM-7")
    assert (grounds.branch, grounds.authority, grounds.provider.name) == (branch_a, foi.authority, "Greenkeepers Ltd")
    assert (grounds.value, grounds.value_basis, grounds.end_date, grounds.staff_count) == (
        480000,
        "total",
        D(2028, 6, 30),
        22,
    )
    # "2 x 12 months" with a latest end two years after the end leaves no doubt: the periods are set out.
    assert grounds.extension_terms_need_review is False
    assert list(grounds.extensions.values_list("months", "decision_date")) == [
        (12, D(2028, 6, 30)),
        (12, D(2029, 6, 30)),
    ]
    assert set(foi.contracts.all()) == {existing, grounds, Contract.objects.get(service="Laundry")}
    sources = FigureSource.objects.filter(contract=grounds)
    assert set(sources.values_list("field", "kind")) == {
        (field, "foi")
        for field in ("value", "end_date", "latest_end_date", "extension_terms", "staff_count", "provider")
    }
    assert all(foi.reference in s.detail and s.as_of == D(2026, 3, 25) for s in sources)
    assert not FigureSource.objects.filter(contract__service="Laundry").exists()  # no figures given, none sourced
    assert Contract.objects.filter(branch=branch_a).count() == 3  # the blank third row added nothing
    # The confirmation counts the figures on the contracts it added (it once said "filled in no figures").
    shown = alice_client.get(foi.get_absolute_url()).content.decode()
    assert (
        f"Reply recorded. 6 figures in the register now name {foi.reference} as their source. "
        "2 contracts it names were added to the register." in shown
    )


def test_a_contract_already_in_the_register_is_not_added_again(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    ContractFactory(branch=branch_a, authority=foi.authority, reference="GM-7", service="Grounds")
    data = _reply_data(foi) | _new_rows({"service": "Grounds maintenance", "reference": "gm-7", "value": "10"})
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 200
    assert "is already in the register for" in response.content.decode()
    foi.refresh_from_db()
    assert (foi.status, Contract.objects.filter(reference__iexact="gm-7").count()) == (Status.SENT, 1)


def test_a_new_contract_with_figures_needs_its_service(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    response = alice_client.post(url("foi_reply", pk=foi.pk), _reply_data(foi) | _new_rows({"value": "5000"}))
    assert response.status_code == 200
    assert "New contract 1 – Contracted service: Enter the service the reply names" in response.content.decode()
    assert Contract.objects.count() == 1


def test_a_changed_notice_period_names_the_reply_as_source_and_the_message_counts_every_figure(
    alice_client, alice, branch_a
):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    contract.record_figure_sources(
        fields=["termination_terms"], kind="register", as_of=D(2025, 1, 1), detail="Register", user=alice
    )
    data = _reply_data(foi, end_date="2029-03-31", staff_count="64", termination_notice_months="3")
    response = alice_client.post(url("foi_reply", pk=foi.pk), data, follow=True)
    contract.refresh_from_db()
    assert contract.termination_notice_months == 3
    source = FigureSource.objects.get(contract=contract, field="termination_terms")
    assert (source.kind, source.detail.split(" ")[0]) == ("foi", foi.reference)
    assert f"Reply recorded. 3 figures in the register now name {foi.reference} as their source." in (
        response.content.decode()
    )
    one = make_sent_foi(branch_a, alice)
    response = alice_client.post(url("foi_reply", pk=one.pk), _reply_data(one, staff_count="100"), follow=True)
    assert f"Reply recorded. 1 figure in the register now names {one.reference} as its source." in (
        response.content.decode()
    )


def test_a_reply_file_over_the_limit_is_refused_with_a_clear_message(alice_client, alice, branch_a, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    foi = make_sent_foi(branch_a, alice)
    data = _reply_data(foi, staff_count="64")
    data["reply_file"] = SimpleUploadedFile("reply.pdf", b"x" * 2048)
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 200
    assert "This file is 2 KB, and files can be at most 1 KB. Save a smaller copy" in response.content.decode()
    assert "up to 1 KB." in response.content.decode()
    foi.refresh_from_db()
    assert foi.status == Status.SENT
    assert foi.contracts.get().staff_count == 120
    assert not FigureSource.objects.exists()


def test_a_reply_dated_before_the_request_was_sent_is_refused(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)  # sent 2 March 2026
    data = {**_reply_data(foi, staff_count="64"), "replied_on": "2026-02-20"}
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The reply cannot be dated 20 February 2026: the request was sent on 2 March 2026." in page
    assert 'value="64"' in page  # what was typed is kept
    foi.refresh_from_db()
    assert (foi.status, foi.replied_on, foi.contracts.get().staff_count) == (Status.SENT, None, 120)
    with pytest.raises(services.FoIError, match="the request was sent on 2 March 2026"):
        services.foi_reply_record(foi=foi, user=alice, outcome=Status.ANSWERED, replied_on=D(2026, 2, 20))


def test_a_refusal_needs_the_exemption_cited(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    data = _reply_data(foi)
    data["outcome"] = "refused"
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert b"Say which exemptions the authority cited" in response.content
    data["exemptions_cited"] = "section 43(2)"
    assert alice_client.post(url("foi_reply", pk=foi.pk), data).status_code == 302
    foi.refresh_from_db()
    assert (foi.status, foi.exemptions_cited) == (Status.REFUSED, "section 43(2)")


def test_a_program_file_cannot_be_attached(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    data = _reply_data(foi)
    data["reply_file"] = SimpleUploadedFile("reply.exe", b"MZ")
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert b"This kind of file cannot be attached" in response.content


def test_reply_download_without_a_file_is_404(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    assert alice_client.get(url("foi_reply_download", pk=foi.pk)).status_code == 404


# ---------------------------------------------------------------- follow-ups, PDF and print


def test_internal_review_letter_is_prefilled_saved_and_sent_by_email(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    page = alice_client.get(url("foi_review", pk=foi.pk)).content.decode()
    assert f"our reference {foi.reference}" in page
    body = "Dear FoI Officer,\n\nPlease review my request."
    assert alice_client.post(url("foi_review", pk=foi.pk), {"body": body, "save": "1"}).status_code == 302
    foi.refresh_from_db()
    assert (foi.review_body, foi.status) == (body, Status.SENT)
    response = alice_client.post(url("foi_review", pk=foi.pk), {"body": body, "method": "app-email"})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.status == Status.INTERNAL_REVIEW
    assert foi.review_due_on is not None
    assert mail.outbox[-1].subject == f"Request for an internal review: {foi.reference}"


def test_complaint_is_recorded_with_its_letter(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    response = alice_client.post(
        url("foi_complaint", pk=foi.pk), {"body": "Dear ICO,\n\nA complaint.", "method": "post", "on": "2026-05-01"}
    )
    assert response.status_code == 302
    foi.refresh_from_db()
    assert (foi.status, foi.complaint_made_on) == (Status.COMPLAINT, D(2026, 5, 1))


def test_a_complaint_before_the_review_outcome_is_due_needs_a_confirm_tick(alice_client, alice, branch_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 10, 12))
    foi = make_answered_foi(branch_a, alice)
    FoIRequest.objects.filter(pk=foi.pk).update(
        status=Status.INTERNAL_REVIEW, review_requested_on=D(2026, 4, 1), review_due_on=D(2026, 4, 30)
    )
    complaint = url("foi_complaint", pk=foi.pk)
    assert "The internal review outcome is not due until 30 April 2026" in alice_client.get(complaint).content.decode()
    data = {"body": "Dear ICO,\n\nA complaint.", "method": "post", "on": "2026-04-10"}
    response = alice_client.post(complaint, data)
    assert response.status_code == 200
    assert "Tick the box to record the complaint anyway." in response.content.decode()
    assert "Dear ICO," in response.content.decode()  # the letter is not lost
    foi.refresh_from_db()
    assert (foi.status, foi.complaint_made_on) == (Status.INTERNAL_REVIEW, None)
    assert alice_client.post(complaint, {**data, "complain_early": "on"}).status_code == 302
    foi.refresh_from_db()
    assert (foi.status, foi.complaint_made_on) == (Status.COMPLAINT, D(2026, 4, 10))


def test_after_a_complaint_the_page_offers_no_second_complaint_nor_a_reply_and_keeps_the_reply_outcome(
    alice_client, alice, branch_a
):
    foi = make_sent_foi(branch_a, alice)
    services.foi_reply_record(foi=foi, user=alice, outcome=Status.PARTLY_ANSWERED, replied_on=D(2026, 3, 20))
    FoIRequest.objects.filter(pk=foi.pk).update(review_requested_on=D(2026, 3, 25), review_due_on=D(2026, 4, 23))
    response = alice_client.post(
        url("foi_complaint", pk=foi.pk), {"body": "Dear ICO,\n\nA complaint.", "method": "post", "on": "2026-05-01"}
    )
    assert response.status_code == 302
    body = _words(alice_client.get(foi.get_absolute_url()).content.decode())
    assert "Complain to the" not in body
    assert "Record the reply" not in body
    assert "Outcome Partly answered" in body


def test_after_a_review_and_a_complaint_the_clock_no_longer_offers_a_review(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)  # sent 2 March 2026, long overdue by now
    assert "You can ask for an internal review." in alice_client.get(foi.get_absolute_url()).content.decode()
    FoIRequest.objects.filter(pk=foi.pk).update(
        status=Status.COMPLAINT, review_requested_on=D(2026, 4, 20), complaint_made_on=D(2026, 6, 1)
    )
    body = alice_client.get(foi.get_absolute_url()).content.decode()
    assert "Overdue by" in body and "You can ask for an internal review" not in body


def test_the_complaint_letter_encloses_the_reply_only_when_one_came(alice_client, alice, branch_a):
    unanswered = make_sent_foi(branch_a, alice)
    page = alice_client.get(url("foi_complaint", pk=unanswered.pk)).content.decode()
    assert "the authority&#x27;s reply" not in page and "the authority's reply" not in page
    assert "The authority has not replied to my request." in page
    answered = make_answered_foi(branch_a, alice)
    page = alice_client.get(url("foi_complaint", pk=answered.pk)).content.decode()
    assert "I enclose copies of my request, the authority&#x27;s reply and my request for an internal review." in page


def test_letter_pdf_is_queued_through_the_document_pipeline(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    response = alice_client.post(url("foi_pdf", pk=foi.pk), {"letter": "request"})
    document = GeneratedDocument.objects.get()
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})
    assert (document.kind, document.source, document.branch) == ("foi_letter", foi, branch_a)
    assert alice_client.get(url("foi_pdf", pk=foi.pk)).status_code == 405


def test_a_follow_up_pdf_needs_its_letter_saved_first(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    alice_client.post(url("foi_pdf", pk=foi.pk), {"letter": "internal-review"})
    assert not GeneratedDocument.objects.exists()


def test_print_view_shows_the_letter_with_letterhead(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    content = alice_client.get(url("foi_print", pk=foi.pk)).content.decode()
    assert "UNISON Demo City" in content
    assert "2 March 2026" in content
    assert "The end date of each contract;" in content
    assert "data-print" in content


# ---------------------------------------------------------------- letter templates


def test_branch_changes_and_restores_its_letter(alice_client, alice, branch_a):
    edit = url("foi_letter_edit", slug=branch_a.slug, kind="request")
    body = "Dear FoI Officer,\n\n[Information requested]\n\n[Your name]"
    response = alice_client.post(edit, {"body": body, "asks": "Cleaning contracts\nCatering contracts"})
    assert response.status_code == 302
    template = FoILetterTemplate.objects.get(branch=branch_a, kind=LetterKind.REQUEST)
    assert (template.body, template.updated_by) == (body, alice)
    assert make_foi(branch_a, alice).ask_list == ["Cleaning contracts", "Catering contracts"]
    alice_client.post(edit, {"restore": "1"})
    assert not FoILetterTemplate.objects.exists()
    assert len(make_foi(branch_a, alice).ask_list) == 6


def test_an_unknown_letter_kind_is_404(alice_client, branch_a):
    assert alice_client.get(url("foi_letter_edit", slug=branch_a.slug, kind="poem")).status_code == 404


def test_letter_templates_page_lists_the_branchs_letters(alice_client, branch_a):
    content = alice_client.get(url("foi_letters")).content.decode()
    assert "Internal review request" in content
    assert "The guide's" in content


# ---------------------------------------------------------------- motion


def test_officer_starts_edits_and_renders_a_motion(alice_client, alice, branch_a):
    authority = PublicAuthorityFactory(branch=branch_a, name="Norfolk County Council")
    response = alice_client.post(url("motion_create"), {"authority": authority.pk})
    motion = InsourcingFirstMotion.objects.get()
    assert response["Location"] == url("motion_edit", pk=motion.pk)
    assert motion.body.startswith("Norfolk County Council notes")
    alice_client.post(
        url("motion_edit", pk=motion.pk), {"title": "Our motion", "body": "Council agrees:\n- To insource"}
    )
    motion.refresh_from_db()
    assert (motion.title, motion.blocks()) == (
        "Our motion",
        [{"text": "Council agrees:"}, {"bullets": ["To insource"]}],
    )
    alice_client.post(url("motion_pdf", pk=motion.pk))
    assert GeneratedDocument.objects.get().kind == "insourcing_first_motion"


def test_motion_for_another_branchs_authority_is_refused(alice_client, branch_b):
    authority = PublicAuthorityFactory(branch=branch_b)
    response = alice_client.post(url("motion_create"), {"authority": authority.pk})
    assert response.status_code == 200
    assert not InsourcingFirstMotion.objects.exists()


def test_organiser_reads_a_motion_without_a_form(olive_client, alice, branch_a):
    motion = make_motion(branch_a, alice)
    response = olive_client.get(url("motion_edit", pk=motion.pk))
    assert response.status_code == 200
    assert b"<textarea" not in response.content
    assert b"notes that there is a growing tendency" in response.content
    # Paragraphs as paragraphs and the guide's list as a list, never a Python tuple such as ('text', '...').
    assert b"(&#x27;text&#x27;" not in response.content and b"('text'" not in response.content
    assert b"<li>To systematically review each existing outsourced contract" in response.content


# ---------------------------------------------------------------- contract page section


def test_contract_section_lists_requests_and_offers_a_new_one(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    html = render_to_string("contracts/_contract_foi.html", {"contract": contract, "can_edit": True})
    assert foi.reference in html
    assert "reply due 31 March 2026" in html
    assert f"/foi/new/?contract={contract.pk}" in html
    assert "/foi/new/" not in render_to_string(
        "contracts/_contract_foi.html", {"contract": contract, "can_edit": False}
    )


def test_providers_are_untouched_by_a_reply(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    before = Provider.objects.count()
    alice_client.post(url("foi_reply", pk=foi.pk), _reply_data(foi, staff_count="10"))
    assert Provider.objects.count() == before


def test_a_reply_cannot_leave_the_register_contradicting_itself(alice_client, alice, branch_a):
    """The contract form's rules hold for figures a reply brings: the latest possible end is not before the end,
    and the staff the reply gives cannot be fewer than the UNISON members already recorded."""
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    Contract.objects.filter(pk=contract.pk).update(
        end_date=D(2028, 3, 31), latest_end_date=D(2030, 3, 31), staff_count=80, union_members=40
    )
    data = _reply_data(foi, end_date="2031-03-31", staff_count="25")
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "There is a problem" in body
    assert "The latest possible end date cannot be before the end date" in body
    assert "There cannot be more UNISON members than staff (25). The register has 40 UNISON members." in body
    contract.refresh_from_db()
    foi.refresh_from_db()
    assert (contract.end_date, contract.staff_count, foi.status) == (D(2028, 3, 31), 80, Status.SENT)


def test_a_new_contract_in_a_reply_keeps_its_dates_in_order(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    row = {"service": "Grounds", "end_date": "2029-03-31", "latest_end_date": "2028-03-31"}
    data = _reply_data(foi) | _new_rows(row)
    response = alice_client.post(url("foi_reply", pk=foi.pk), data)
    body = unescape(response.content.decode())
    assert "New contract 1 – Latest possible end date: The latest possible end date cannot be before" in body
    assert not Contract.objects.filter(service="Grounds").exists()


def test_the_reply_form_names_the_outcome_and_asks_for_exemptions_when_partly_answered(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    page = alice_client.get(url("foi_reply", pk=foi.pk)).content.decode()
    assert "Needed when the reply refused or partly answered" in unescape(page)
    data = _reply_data(foi)
    del data["outcome"]
    body = unescape(alice_client.post(url("foi_reply", pk=foi.pk), data).content.decode())
    assert "Outcome of the reply: This field is required." in body
    data = _reply_data(foi) | {"outcome": Status.PARTLY_ANSWERED}
    body = unescape(alice_client.post(url("foi_reply", pk=foi.pk), data).content.decode())
    assert "Exemptions cited: Say which exemptions the authority cited" in body
    foi.refresh_from_db()
    assert foi.status == Status.SENT
