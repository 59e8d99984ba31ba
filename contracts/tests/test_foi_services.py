"""FoI workflows: drafting from the branch's letter, sending, the clock, replies into the register, repeats."""

import datetime

import pytest
import time_machine
from django.core import mail

from contracts.foi import letters, services
from contracts.models import FigureSource, FoILetterTemplate, FoIRepeat, FoIRequest, LetterKind
from contracts.tests.factories import ContractFactory, make_foi, make_sent_foi

D = datetime.date
Status = FoIRequest.Status
pytestmark = pytest.mark.django_db


def test_a_new_request_is_the_guide_letter_filled_from_branch_and_authority(alice, branch_a):
    foi = make_foi(branch_a, alice)
    assert foi.status == Status.DRAFT
    assert foi.owner == alice
    assert "This is a request under the Freedom of Information Act 2000." in foi.body
    assert "by email to demo-city@branch.example.org or by post to 1 Union Street, Anytown, AN1 1AA" in foi.body
    assert "telephone me on 01632 960000" in foi.body
    assert foi.body.rstrip().endswith("Sam Secretary\nBranch Secretary")
    assert letters.unfilled_placeholders(foi.body) == []
    assert foi.ask_list == letters.ask_lines(letters.default_asks())
    assert len(foi.ask_list) == 6


def test_a_scottish_authority_gets_a_letter_under_foisa(alice, branch_a):
    foi = make_foi(branch_a, alice, nation="scotland")
    assert "Freedom of Information (Scotland) Act 2002" in foi.body


def test_a_branch_letter_template_and_its_asks_are_used_for_new_requests(alice, branch_a):
    FoILetterTemplate.objects.create(
        branch=branch_a,
        kind=LetterKind.REQUEST,
        body="Dear Colleague,\n\nPlease tell [Public authority]:\n\n[Information requested]\n\n[Your name]",
        asks="Who cleans the schools\nHow many cleaners there are",
    )
    foi = make_foi(branch_a, alice)
    assert foi.body == "Dear Colleague,\n\nPlease tell Demo City Council:\n\n[Information requested]\n\nSam Secretary"
    assert foi.ask_list == ["Who cleans the schools", "How many cleaners there are"]
    assert "- How many cleaners there are" in foi.letter_text()


def test_missing_branch_details_stay_as_placeholders_to_fill(alice, branch_a):
    branch_a.phone = ""
    branch_a.save()
    foi = make_foi(branch_a, alice)
    assert letters.unfilled_placeholders(foi.body) == ["[branch phone number]"]


@time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0))
def test_sending_by_email_mails_the_letter_and_starts_the_clock_on_the_day_sent(alice, branch_a):
    foi = make_foi(branch_a, alice)
    foi = services.foi_request_send(foi=foi, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    assert (foi.status, foi.sent_on, foi.received_on, foi.due_on) == (
        Status.SENT,
        D(2026, 3, 20),
        D(2026, 3, 20),
        D(2026, 4, 21),
    )
    assert foi.sent_to == "foi@council.example.gov.uk"
    [message] = mail.outbox
    assert message.to == ["foi@council.example.gov.uk"]
    assert message.reply_to == ["demo-city@branch.example.org"]
    assert message.subject == f"Freedom of Information request: contracted-out services (our reference {foi.reference})"
    assert "- The number of staff employed on each contract." in message.body


def test_a_request_cannot_be_sent_twice(alice, branch_a):
    foi = make_foi(branch_a, alice)
    services.foi_request_send(foi=foi, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    with pytest.raises(services.FoIError, match="already been sent"):
        services.foi_request_send(foi=foi, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    assert len(mail.outbox) == 1


def test_email_needs_the_authoritys_foi_address(alice, branch_a):
    foi = make_foi(branch_a, alice)
    foi.authority.foi_email = ""
    foi.authority.save()
    with pytest.raises(services.FoIError, match="no FoI email address"):
        services.foi_request_send(foi=foi, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    foi.refresh_from_db()
    assert foi.status == Status.DRAFT


def test_a_posted_request_counts_from_the_date_of_receipt_entered(alice, branch_a):
    foi = make_foi(branch_a, alice)
    foi = services.foi_request_send(
        foi=foi, user=alice, method=FoIRequest.SentBy.POST, sent_on=D(2026, 3, 18), received_on=D(2026, 3, 20)
    )
    assert (foi.sent_on, foi.received_on, foi.due_on) == (D(2026, 3, 18), D(2026, 3, 20), D(2026, 4, 21))
    assert mail.outbox == []


def test_clarification_pauses_the_clock_and_20_new_working_days_follow_its_receipt(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    assert foi.due_on == D(2026, 3, 31)  # St Patrick's Day (17 March) is skipped
    foi = services.foi_request_record_event(
        foi=foi, event=services.Event.CLARIFICATION_ASKED, on=D(2026, 3, 10), details="Which services?"
    )
    assert (foi.status, foi.due_on, foi.deadline()) == (Status.CLARIFICATION, None, None)
    foi = services.foi_request_record_event(foi=foi, event=services.Event.CLARIFICATION_GIVEN, on=D(2026, 3, 16))
    # 20 working days after 16 March, skipping St Patrick's Day, Good Friday and Easter Monday.
    assert (foi.status, foi.due_on) == (Status.SENT, D(2026, 4, 16))
    assert foi.deadline().received == D(2026, 3, 16)


def test_clarification_cannot_be_given_before_it_was_asked(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    with pytest.raises(services.FoIError, match="clarification first"):
        services.foi_request_record_event(foi=foi, event=services.Event.CLARIFICATION_GIVEN, on=D(2026, 3, 16))


def test_acknowledgement_keeps_the_authoritys_reference(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    foi = services.foi_request_record_event(
        foi=foi, event=services.Event.ACKNOWLEDGED, on=D(2026, 3, 3), authority_reference="FOI/2026/123"
    )
    foi.refresh_from_db()
    assert (foi.status, foi.acknowledged_on, foi.authority_reference) == (
        Status.ACKNOWLEDGED,
        D(2026, 3, 3),
        "FOI/2026/123",
    )


def test_a_reply_fills_the_register_and_names_the_request_as_source(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, contracts=2)
    first, second = foi.contracts.order_by("pk")
    services.foi_reply_record(
        foi=foi,
        user=alice,
        outcome=Status.PARTLY_ANSWERED,
        replied_on=D(2026, 3, 25),
        exemptions_cited="section 43",
        answers=[
            services.Answer(first, {"end_date": D(2028, 3, 31), "staff_count": 85, "extension_terms": "2+1"}),
            services.Answer(second, {}),
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    foi.refresh_from_db()
    assert (first.end_date, first.staff_count, first.extension_terms) == (D(2028, 3, 31), 85, "2+1")
    assert (second.end_date, second.staff_count) == (D(2027, 3, 31), 120)
    assert foi.status == Status.PARTLY_ANSWERED
    sources = FigureSource.objects.filter(contract=first).order_by("field")
    assert [s.field for s in sources] == ["end_date", "extension_terms", "staff_count"]
    assert {s.kind for s in sources} == {FigureSource.Kind.FOI}
    assert sources[0].detail == f"{foi.reference} to Demo City Council, reply of 25 March 2026"
    assert sources[0].as_of == D(2026, 3, 25)
    assert not FigureSource.objects.filter(contract=second).exists()


def test_internal_review_gets_its_own_letter_and_a_20_working_day_clock(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    assert f"our reference {foi.reference}" in body
    assert "On 2 March 2026 I asked Demo City Council" in body
    assert "the Freedom of Information Code of Practice (section 45)" in body
    foi = services.foi_review_request(foi=foi, body=body, method=FoIRequest.SentBy.POST, requested_on=D(2026, 4, 1))
    assert (foi.status, foi.review_requested_on, foi.review_due_on) == (
        Status.INTERNAL_REVIEW,
        D(2026, 4, 1),
        D(2026, 5, 1),
    )


def test_a_scottish_complaint_letter_goes_to_the_scottish_information_commissioner(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, nation="scotland")
    body = services.follow_up_body(foi, LetterKind.COMPLAINT, review_on=D(2026, 4, 1))
    assert body.startswith("Dear Scottish Information Commissioner,")
    assert "application for a decision under section 47 of the Freedom of Information (Scotland) Act 2002" in body
    assert "internal review on 1 April 2026" in body


@time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0))
def test_a_repeat_is_scheduled_before_the_next_extension_decision(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    contract.extensions.create(order=1, months=24, decision_date=D(2026, 12, 31))
    repeat = services.foi_repeat_schedule(foi=foi, contract=contract, months_before=6, user=alice)
    assert (repeat.decision_date, repeat.scheduled_for) == (D(2026, 12, 31), D(2026, 6, 30))


@time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0))
def test_a_repeat_that_would_be_in_the_past_is_refused(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    with pytest.raises(services.FoIError, match="already passed"):
        services.foi_repeat_schedule(foi=foi, contract=foi.contracts.get(), months_before=24, user=alice)
    assert not FoIRepeat.objects.exists()


def test_a_due_repeat_becomes_a_draft_and_emails_the_owner_once(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    FoIRepeat.objects.create(
        request=foi,
        contract=foi.contracts.get(),
        decision_date=D(2027, 3, 31),
        months_before=6,
        scheduled_for=D(2026, 9, 30),
    )
    assert services.foi_reminders_send(today=D(2026, 9, 29))["repeats"] == 0
    assert services.foi_reminders_send(today=D(2026, 9, 30))["repeats"] == 1
    assert services.foi_reminders_send(today=D(2026, 10, 1))["repeats"] == 0
    draft = FoIRequest.objects.get(repeat_of=foi)
    assert (draft.status, draft.body, draft.asks) == (Status.DRAFT, foi.body, foi.asks)
    assert list(draft.contracts.all()) == list(foi.contracts.all())
    [message] = [m for m in mail.outbox if "Time to ask again" in m.subject]
    assert message.to == ["alice@example.org"]
    assert draft.reference in message.subject


def test_a_motion_starts_from_the_guide_with_the_authority_named(alice, branch_a):
    contract = ContractFactory(branch=branch_a)
    motion = services.motion_create(branch=branch_a, authority=contract.authority, user=alice)
    assert motion.body.startswith("Demo City Council notes that there is a growing tendency toward insourcing")
    assert "[Public authority]" not in motion.body
    items = [b for b in motion.blocks() if "bullets" in b]
    assert len(items) == 2
    assert (
        items[1]["bullets"][0]
        == "To systematically review each existing outsourced contract as it approaches expiration;"
    )


def test_reply_answers_whose_terms_and_dates_agree_become_extension_periods(alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    services.foi_reply_record(
        foi=foi,
        user=alice,
        outcome=Status.ANSWERED,
        replied_on=D(2026, 3, 25),
        answers=[
            services.Answer(
                contract,
                {"end_date": D(2027, 3, 31), "latest_end_date": D(2029, 3, 31), "extension_terms": "2 x 12 months"},
            )
        ],
    )
    assert list(contract.extensions.values_list("months", "decision_date")) == [
        (12, D(2027, 3, 31)),
        (12, D(2028, 3, 31)),
    ]
