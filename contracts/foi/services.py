"""FoI workflows: each changes a request (and sometimes the register) and sends what goes with it."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from contracts.register.extensions import extensions_from_terms
from contracts.register.history import from_foi_reply
from contracts.register.models import Contract, FigureSource, Provider, PublicAuthority
from insourcing import claims, emails, freshness
from insourcing.models import Branch, User

from . import compose, letters
from .models import FoILetterTemplate, FoIRepeat, FoIRequest, InsourcingFirstMotion, LetterKind

Status = FoIRequest.Status
SentBy = FoIRequest.SentBy

# What a reply can fill in on a contract, in the order the form shows it.
ANSWER_FIELDS = [
    "end_date",
    "latest_end_date",
    "extension_terms",
    "termination_notice_months",
    "termination_terms",
    "staff_count",
    "value",
]

# The guide's complaint letter encloses the authority's reply; when none came, it must not say so.
NO_REPLY_ENCLOSURES = (
    "I enclose copies of my request, the authority's reply and my request for an internal review.",
    "I enclose copies of my request and my request for an internal review. The authority has not replied to my "
    "request.",
)

# The notice period has no source of its own: the contract page shows it under early termination, whose terms'
# source covers both, so a reply that changes the period names itself there.
SOURCE_FIELD = {"termination_notice_months": "termination_terms"}


class FoIError(Exception):
    """A step that does not fit the request's state; the message is for the officer."""


def foi_request_create(
    *, branch: Branch, authority: PublicAuthority, contracts: list[Contract], user: User
) -> FoIRequest:
    """A draft from the branch's letter (the guide's wording unless the branch changed it), filled in."""
    template = FoILetterTemplate.for_branch(branch, LetterKind.REQUEST)
    foi = FoIRequest.objects.create(branch=branch, authority=authority, owner=user, body="", asks=template.asks)
    foi.body = letters.fill(template.body, foi.placeholder_values())
    foi.save(update_fields=["body"])
    foi.contracts.set(contracts)
    return foi


@transaction.atomic
def foi_request_send(
    *,
    foi: FoIRequest,
    user: User,
    method: str,
    sent_on: datetime.date | None = None,
    received_on: datetime.date | None = None,
) -> FoIRequest:
    """Send (or record sending) a draft and start the clock.

    By email from the app the day of receipt is the day sent; by post it is the date the officer enters.
    The draft is claimed with a conditional UPDATE, so a double click cannot send the letter twice, and
    the mail goes inside the transaction: if it fails the request stays a draft.
    """
    today = timezone.localdate()
    _require_filled(foi, LetterKind.REQUEST)
    if method == SentBy.APP_EMAIL:
        if not foi.authority.foi_email:
            raise FoIError(f"{foi.authority} has no FoI email address. Add it to the authority, or post the letter.")
        sent_on = received_on = today
    else:
        sent_on = sent_on or today
        received_on = received_on or sent_on
    claimed = claims.claim(
        FoIRequest.objects.filter(status=Status.DRAFT),
        pk=foi.pk,
        status=Status.SENT,
        sent_by=method,
        sent_to=foi.authority.foi_email if method == SentBy.APP_EMAIL else "",
        sent_on=sent_on,
        received_on=received_on,
    )
    if not claimed:
        raise FoIError("This request has already been sent.")
    foi.refresh_from_db()
    foi.refresh_due_dates()
    foi.save(update_fields=["due_on", "review_due_on"])
    if method == SentBy.APP_EMAIL:
        _email_authority("foi-request", foi, LetterKind.REQUEST)
    return foi


def _require_filled(foi: FoIRequest, kind: str) -> compose.Letter:
    try:
        return compose.require_filled(compose.compose(foi, kind))
    except compose.UnfilledLetter as error:
        raise FoIError(str(error)) from error


def _email_authority(name: str, foi: FoIRequest, kind: str) -> None:
    """The letter itself, word for word as it prints: text and HTML parts both render the composed letter."""
    branch = foi.branch
    letter = compose.compose(foi, kind, by_email=True)
    emails.send(
        name,
        to=[foi.authority.foi_email],
        reply_to=[branch.email] if branch.email else None,
        context={"foi": foi, "branch": branch, "letter": letter},
    )


class Event:
    ACKNOWLEDGED = "acknowledged"
    CLARIFICATION_ASKED = "clarification-asked"
    CLARIFICATION_GIVEN = "clarification-given"

    CHOICES = [
        (ACKNOWLEDGED, "The authority acknowledged the request"),
        (CLARIFICATION_ASKED, "The authority asked for clarification (pauses the clock)"),
        (CLARIFICATION_GIVEN, "We sent the clarification (the 20 working days start again)"),
    ]


def foi_request_record_event(
    *, foi: FoIRequest, event: str, on: datetime.date, authority_reference: str = "", details: str = ""
) -> FoIRequest:
    if authority_reference:
        foi.authority_reference = authority_reference
    if event == Event.ACKNOWLEDGED:
        if foi.status not in (Status.SENT, Status.ACKNOWLEDGED, Status.OVERDUE):
            raise FoIError("Only a request waiting for its reply can be acknowledged.")
        foi.acknowledged_on = on
        if foi.status == Status.SENT:
            foi.status = Status.ACKNOWLEDGED
    elif event == Event.CLARIFICATION_ASKED:
        if foi.status not in (Status.SENT, Status.ACKNOWLEDGED, Status.OVERDUE):
            raise FoIError("Only a request waiting for its reply can be paused for clarification.")
        foi.status = Status.CLARIFICATION
        foi.clarification_asked_on = on
        foi.clarification_details = details
        foi.clarification_received_on = None
    elif event == Event.CLARIFICATION_GIVEN:
        if foi.status != Status.CLARIFICATION:
            raise FoIError("Record the authority's request for clarification first.")
        if foi.clarification_asked_on and on < foi.clarification_asked_on:
            raise FoIError("The clarification cannot arrive before the authority asked for it.")
        foi.clarification_received_on = on
        foi.status = Status.ACKNOWLEDGED if foi.acknowledged_on else Status.SENT
        # A new clock, so a new overdue reminder if it runs out too.
        foi.overdue_reminded_at = None
    else:
        raise FoIError(f"Unknown event {event!r}")
    foi.refresh_due_dates()
    foi.save()
    return foi


@dataclass
class Answer:
    contract: Contract
    values: dict


@transaction.atomic
def foi_reply_record(
    *,
    foi: FoIRequest,
    user: User,
    outcome: str,
    replied_on: datetime.date,
    reply_file=None,
    exemptions_cited: str = "",
    notes: str = "",
    answers: list[Answer] = (),
    new_contracts: list[dict] = (),
) -> list[FigureSource]:
    """Record the authority's reply and copy what it says into the register, naming the request as source.

    `new_contracts` are contracts the reply names that the register does not have (the guide's request asks for
    every outsourced service): each is added under the request's authority and linked to the request.
    """
    if foi.is_draft:
        raise FoIError("This request has not been sent yet.")
    if outcome not in FoIRequest.ANSWERS:
        raise FoIError(f"Unknown outcome {outcome!r}")
    if problem := foi.reply_date_problem(replied_on):
        raise FoIError(problem)
    foi.status = outcome
    foi.reply_outcome = outcome
    foi.replied_on = replied_on
    foi.exemptions_cited = exemptions_cited
    foi.reply_notes = notes
    if reply_file:
        foi.reply_file = reply_file
    foi.save()
    detail = f"{foi.reference} to {foi.authority}, reply of {replied_on.day} {replied_on:%B %Y}"[:500]
    sources = []

    def source(contract: Contract, field: str) -> None:
        record, _ = FigureSource.objects.update_or_create(
            contract=contract,
            field=field,
            defaults={"kind": FigureSource.Kind.FOI, "detail": detail, "as_of": replied_on, "recorded_by": user},
        )
        sources.append(record)

    for values in new_contracts:
        contract = _contract_from_reply(foi, values, replied_on)
        foi.contracts.add(contract)
        extensions_from_terms(contract, reason=from_foi_reply(foi.reference))
        for field in FigureSource.FIELDS:
            if getattr(contract, f"{field}_id" if field == "provider" else field) not in (None, ""):
                source(contract, field)
    for answer in answers:
        given = {field: value for field, value in answer.values.items() if value not in (None, "")}
        if not given:
            continue
        for field, value in given.items():
            setattr(answer.contract, field, value)
        answer.contract._change_reason = from_foi_reply(foi.reference)
        answer.contract.save()
        extensions_from_terms(answer.contract, reason=from_foi_reply(foi.reference))
        for field in dict.fromkeys(SOURCE_FIELD.get(f, f) for f in given):
            if field in FigureSource.FIELDS:
                source(answer.contract, field)
    return sources


def _contract_from_reply(foi: FoIRequest, values: dict, replied_on: datetime.date) -> Contract:
    given = {name: value for name, value in values.items() if value not in (None, "")}
    provider = None
    if name := " ".join(given.pop("provider_name", "").split()):
        provider = Provider.objects.filter(name__iexact=name).order_by("pk").first() or Provider.objects.create(
            name=name
        )
    given["extension_terms_need_review"] = bool(given.get("extension_terms"))
    return Contract.objects.create(
        branch=foi.branch,
        authority=foi.authority,
        provider=provider,
        notes=f"Added from the reply of {replied_on.day} {replied_on:%B %Y} to {foi.reference}.",
        **given,
    )


def follow_up_body(foi: FoIRequest, kind: str, *, review_on: datetime.date | None = None) -> str:
    """The branch's internal review or complaint letter, filled in for this request."""
    template = FoILetterTemplate.for_branch(foi.branch, kind)
    body = template.body
    if review_on:
        body = letters.fill(body, {"Review date": f"{review_on.day} {review_on:%B %Y}"})
    body = compose.fill_known(body, foi)
    if kind == LetterKind.COMPLAINT and not foi.replied_on:
        body = body.replace(*NO_REPLY_ENCLOSURES)
    return body


def foi_follow_up_save(*, foi: FoIRequest, kind: str, body: str) -> FoIRequest:
    """Keep a follow-up letter's wording (for its PDF or print) before it is sent."""
    field = "review_body" if kind == LetterKind.INTERNAL_REVIEW else "complaint_body"
    setattr(foi, field, body)
    foi.save(update_fields=[field, "updated_at"])
    return foi


@transaction.atomic
def foi_review_request(
    *, foi: FoIRequest, body: str, method: str, requested_on: datetime.date | None = None
) -> FoIRequest:
    """Ask the authority to review its handling; its reply is expected within 20 working days."""
    if foi.status in (Status.DRAFT, Status.CLARIFICATION, Status.INTERNAL_REVIEW, Status.COMPLAINT):
        raise FoIError("An internal review can be asked for once the authority has replied or the reply is late.")
    foi.review_body = body
    _require_filled(foi, LetterKind.INTERNAL_REVIEW)
    if method == SentBy.APP_EMAIL:
        if not foi.authority.foi_email:
            raise FoIError(f"{foi.authority} has no FoI email address. Add it to the authority, or post the letter.")
        requested_on = timezone.localdate()
    claimed = claims.claim(
        FoIRequest.objects.filter(status=foi.status, review_requested_on__isnull=True),
        pk=foi.pk,
        status=Status.INTERNAL_REVIEW,
        review_body=body,
        review_requested_on=requested_on or timezone.localdate(),
        review_sent_by=method,
    )
    if not claimed:
        raise FoIError("An internal review has already been requested.")
    foi.refresh_from_db()
    foi.refresh_due_dates()
    foi.save(update_fields=["review_due_on", "due_on"])
    if method == SentBy.APP_EMAIL:
        _email_authority("foi-review-request", foi, LetterKind.INTERNAL_REVIEW)
    return foi


def foi_complaint_record(*, foi: FoIRequest, body: str, made_on: datetime.date) -> FoIRequest:
    if foi.is_draft:
        raise FoIError("This request has not been sent yet.")
    foi.complaint_body = body
    _require_filled(foi, LetterKind.COMPLAINT)
    foi.status = Status.COMPLAINT
    foi.complaint_made_on = made_on
    foi.save(update_fields=["status", "complaint_body", "complaint_made_on", "updated_at"])
    return foi


def renewal_decision_date(contract: Contract, today: datetime.date) -> datetime.date | None:
    """The next date the authority must decide the contract's future: an extension decision, else its end."""
    upcoming = [
        extension.decision_date
        for extension in contract.extensions.all()
        if extension.status == extension.Status.AVAILABLE
        and extension.decision_date
        and extension.decision_date > today
    ]
    if upcoming:
        return min(upcoming)
    return contract.end_date if contract.end_date and contract.end_date > today else None


def foi_repeat_schedule(*, foi: FoIRequest, contract: Contract, months_before: int, user: User) -> FoIRepeat:
    from dateutil.relativedelta import relativedelta

    today = timezone.localdate()
    decision = renewal_decision_date(contract, today)
    if decision is None:
        raise FoIError(f"{contract} has no future end date or extension decision to time a repeat against.")
    scheduled_for = decision - relativedelta(months=months_before)
    if scheduled_for <= today:
        raise FoIError(
            f"{months_before} months before {decision.day} {decision:%B %Y} has already passed: "
            "choose a shorter time, or send a new request now."
        )
    return FoIRepeat.objects.create(
        request=foi,
        contract=contract,
        decision_date=decision,
        months_before=months_before,
        scheduled_for=scheduled_for,
        created_by=user,
    )


def foi_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Overdue replies and due internal reviews, each reminded once; repeats due today become drafts.

    Each row is claimed (`insourcing.claims.claim`) inside a transaction that also sends the mail, so two
    concurrent runs cannot both send it, and a mail that fails rolls the claim back for the next run.
    """
    today = today or timezone.localdate()
    counts = {"overdue": 0, "review_due": 0, "repeats": 0}
    for pk in FoIRequest.objects.newly_overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            if claims.claim(
                FoIRequest.objects.newly_overdue(today),
                pk=pk,
                status=Status.OVERDUE,
                overdue_reminded_at=timezone.now(),
            ):
                # update() sends no signals: the dashboards show the new status.
                freshness.mark_changed(FoIRequest.objects.filter(pk=pk).values_list("branch", flat=True))
                _remind_owner("foi-overdue", pk, today)
                counts["overdue"] += 1
    for pk in FoIRequest.objects.review_reply_due(today).values_list("pk", flat=True):
        with transaction.atomic():
            if claims.claim(FoIRequest.objects.review_reply_due(today), pk=pk, review_reminded_at=timezone.now()):
                _remind_owner("foi-review-due", pk, today)
                counts["review_due"] += 1
    for pk in FoIRepeat.objects.due(today).values_list("pk", flat=True):
        with transaction.atomic():
            if claims.claim(FoIRepeat.objects.due(today), pk=pk, claimed_at=timezone.now()):
                _create_repeat(pk)
                counts["repeats"] += 1
    return counts


def _remind_owner(name: str, pk: int, today: datetime.date) -> None:
    foi = FoIRequest.objects.select_related("authority", "branch", "owner").get(pk=pk)
    if foi.owner and foi.owner.email and foi.owner.is_active:
        emails.send(name, to=[foi.owner.email], context={"foi": foi, "today": today})


def _create_repeat(pk: int) -> FoIRequest:
    repeat = FoIRepeat.objects.select_related("request__branch", "request__authority", "request__owner").get(pk=pk)
    original = repeat.request
    draft = FoIRequest.objects.create(
        branch=original.branch,
        authority=original.authority,
        owner=original.owner,
        subject=original.subject,
        body=original.body,
        asks=original.asks,
        repeat_of=original,
    )
    draft.contracts.set(original.contracts.all())
    repeat.created_request = draft
    repeat.save(update_fields=["created_request"])
    if original.owner and original.owner.email and original.owner.is_active:
        emails.send("foi-repeat-ready", to=[original.owner.email], context={"foi": draft, "repeat": repeat})
    return draft


def motion_create(*, branch: Branch, authority: PublicAuthority, user: User) -> InsourcingFirstMotion:
    body = letters.fill(letters.default_text("insourcing_first_motion"), {"Public authority": authority.name})
    return InsourcingFirstMotion.objects.create(
        branch=branch,
        authority=authority,
        title=f"Insourcing First motion for {authority.name}",
        body=body,
        created_by=user,
    )
