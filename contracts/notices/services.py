"""The watch's workflows: seeding a watch list, applying or dismissing a notice, the officers' daily alert."""

import datetime
import logging

from django.db import transaction
from django.db.models import Count, Exists, Q
from django.urls import reverse
from django.utils import timezone

from contracts.register.extensions import extensions_from_terms, extensions_taken_by_new_end
from contracts.register.models import Contract, FigureSource, Provider, PublicAuthority
from contracts.register.supply_chain import normalise_cpv
from insourcing import claims, emails, freshness, outbox, unsubscribe
from insourcing.models import Branch, BranchOfficer, User

from .matching import branch_notices_for, new_tenders, service_prefixes, stored_notices_of
from .models import AlertOptOut, BranchNotice, FollowedAuthority, NoticeAlert, NoticeDigest, NoticeKind

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notices.alerts.unsubscribe"


class NoticeError(Exception):
    pass


def watch_list_seed(*, branch: Branch) -> list[FollowedAuthority]:
    """Follow every authority in the branch's register that the watch list lacks (matched by name); the notices
    already stored from them are matched in the background (`notices_rematch`)."""
    followed = {a.casefold() for a in FollowedAuthority.objects.filter(branch=branch).values_list("name", flat=True)}
    linked = set(FollowedAuthority.objects.filter(branch=branch).values_list("authority_id", flat=True))
    added = []
    with transaction.atomic():
        for authority in PublicAuthority.objects.filter(branch=branch).order_by("name"):
            if authority.pk in linked or authority.name.casefold() in followed:
                continue
            added.append(FollowedAuthority.objects.create(branch=branch, authority=authority, name=authority.name))
        _rematch_later(added)
    return added


def watch_list_save(
    *, branch: Branch, saved: list[FollowedAuthority], deleted: list[FollowedAuthority]
) -> list[FollowedAuthority]:
    """Save the watch list's new and edited rows and delete the removed ones. A new or edited row (another name,
    more identifiers) may follow notices already stored: they are matched in the background."""
    with transaction.atomic():
        for followed in deleted:
            if followed.pk:
                followed.delete()
        for followed in saved:
            followed.branch = branch
            followed.save()
        _rematch_later(saved)
    return saved


def _rematch_later(followed: list[FollowedAuthority]) -> None:
    # Off the request: a few hundred thousand notices are stored within a few years, and each candidate is
    # compared with the branch's contracts. The task takes ids, as every task does.
    if followed:
        from .tasks import rematch_notices

        outbox.enqueue(rematch_notices, [f.pk for f in followed])


REMATCH_BATCH = 500


def notices_rematch(*, followed_ids: list[int]) -> int:
    """Put the stored notices of newly followed authorities into their branches' review queues, by the read job's
    own rules (`branch_notices_for`). A notice the branch already has (waiting, applied, dismissed or for
    information) is left as it is, so running this twice, or after the read job, adds nothing twice."""
    made = 0
    for entry in FollowedAuthority.objects.filter(pk__in=followed_ids).select_related("authority").order_by("pk"):
        known = BranchNotice.objects.filter(branch_id=entry.branch_id).values("notice")
        candidates = stored_notices_of(entry).exclude(pk__in=known).order_by("pk")
        last = 0
        while batch := list(candidates.filter(pk__gt=last)[:REMATCH_BATCH]):
            last = batch[-1].pk
            with transaction.atomic():
                created = BranchNotice.objects.bulk_create(branch_notices_for(batch, [entry]), ignore_conflicts=True)
                if created:
                    freshness.mark_changed([entry.branch_id])  # bulk_create sends no signal
            made += len(created)
    return made


def _from_notice(notice) -> str:
    """The history's reason for a change (at most 100 characters): the notice's address when it has one, so the
    history page can link it."""
    for text in (f"Applied from {notice.label}: {notice.url}", f"Applied from {notice.url}"):
        if notice.url and len(text) <= 100:
            return text
    return f"Applied from {notice.label}"[:100]


def _source(contract: Contract, fields, notice, user) -> None:
    contract.record_figure_sources(
        fields=fields,
        kind=FigureSource.Kind.CONTRACTS_FINDER,
        as_of=timezone.localtime(notice.published).date(),
        detail=notice.source_detail(),
        user=user,
    )


def _new_contract(item: BranchNotice, user) -> Contract:
    notice, values = item.notice, item.notice.values
    authority = item.followed.authority if item.followed and item.followed.authority_id else None
    if authority is None:
        name = (item.followed.name if item.followed else notice.buyer_name) or "Unknown authority"
        authority, _ = PublicAuthority.objects.get_or_create(branch=item.branch, name=name[:300])
        if item.followed:
            FollowedAuthority.objects.filter(pk=item.followed.pk).update(authority=authority)
    provider = None
    if notice.company_number:
        provider = Provider.objects.filter(company_number=notice.company_number).first()
    if provider is None and notice.supplier_name:
        provider = Provider.objects.filter(name__iexact=notice.supplier_name).order_by("pk").first()
        provider = provider or Provider.objects.create(name=notice.supplier_name, company_number=notice.company_number)
    fields = {
        "service": (notice.title or notice.ocid)[:500],
        "description": values.get("description", ""),
        "cpv_code": values.get("cpv_code", "")[:20],
        "reference": notice.ocid[:200],
        "extension_terms": values.get("extension_terms", "")[:300],
        "extension_terms_need_review": bool(values.get("extension_terms")),
    }
    for name in ("start_date", "end_date", "latest_end_date"):
        if values.get(name):
            fields[name] = datetime.date.fromisoformat(values[name])
    if values.get("value"):
        fields["value"] = values["value"]
        fields["value_basis"] = values.get("value_basis", Contract.ValueBasis.TOTAL)
    contract = Contract(
        branch=item.branch,
        authority=authority,
        provider=provider,
        notes=f"Added from {notice.label} of {timezone.localtime(notice.published):%d %B %Y}.",
        **fields,
    )
    contract._change_reason = _from_notice(notice)
    contract.save()
    extensions_from_terms(contract, reason=_from_notice(notice))
    sourced = [f for f in FigureSource.FIELDS if getattr(contract, "provider_id" if f == "provider" else f, None)]
    _source(contract, sourced, notice, user)
    return contract


def branch_notice_apply(*, item: BranchNotice, user: User) -> BranchNotice:
    """Do what the notice proposes, once: the review is claimed in the transaction that writes the register, so
    two officers applying at once (or a double click) never both apply it."""
    if item.proposal == BranchNotice.Proposal.NONE:
        raise NoticeError("This notice proposes no change to the register.")
    if item.proposal == BranchNotice.Proposal.END_DATE and item.contract_id is None:
        raise NoticeError("The contract this notice was matched to has been deleted from the register.")
    with transaction.atomic():
        won = claims.claim(
            BranchNotice.objects.waiting(),
            pk=item.pk,
            status=BranchNotice.Status.APPLIED,
            decided_by=user,
            decided_at=timezone.now(),
        )
        if not won:
            raise NoticeError(_already_decided(item, user))
        item.refresh_from_db()
        if item.proposal == BranchNotice.Proposal.ADD:
            item.contract = _new_contract(item, user)
            item.matched_by = "added from this notice"
            item.save(update_fields=["contract", "matched_by"])
        else:
            contract = Contract.objects.select_for_update().get(pk=item.contract_id)
            item.previous_end_date = contract.end_date
            item.save(update_fields=["previous_end_date"])
            contract.end_date = item.proposed_end_date
            sourced = ["end_date"]
            if latest := _notice_latest_end(item.notice, contract.end_date):
                contract.latest_end_date = latest  # the notice's own maximum extent wins over the register's
                sourced.append("latest_end_date")
            elif contract.latest_end_date and contract.latest_end_date < contract.end_date:
                contract.latest_end_date = None  # the old latest end is no longer possible
            contract._change_reason = _from_notice(item.notice)
            contract.save()  # a model save: the dashboards and the campaign's plan read the new date
            # A later end means the authority took an extension: the renewal clock must not offer it again.
            item.extensions_taken = extensions_taken_by_new_end(
                contract, previous_end=item.previous_end_date, reason=_from_notice(item.notice)
            )
            _source(contract, [f for f in sourced if f in FigureSource.FIELDS], item.notice, user)
        freshness.mark_changed([item.branch_id])  # the claim was an update(), which sends no signal
    return item


def branch_notice_dismiss(*, item: BranchNotice, user: User) -> BranchNotice:
    won = claims.claim(
        BranchNotice.objects.filter(status__in=[BranchNotice.Status.WAITING, BranchNotice.Status.NOTED]),
        pk=item.pk,
        status=BranchNotice.Status.DISMISSED,
        decided_by=user,
        decided_at=timezone.now(),
    )
    if not won:
        raise NoticeError(_already_decided(item, user))
    freshness.mark_changed([item.branch_id])
    item.refresh_from_db()
    return item


def branch_notice_reopen(*, item: BranchNotice, user: User) -> BranchNotice:
    """Undo a dismissal: the notice goes back to the review queue (or to the list for information when it
    proposes nothing), as if nobody had decided it."""
    back = BranchNotice.Status.NOTED if item.proposal == BranchNotice.Proposal.NONE else BranchNotice.Status.WAITING
    won = claims.claim(
        BranchNotice.objects.filter(status=BranchNotice.Status.DISMISSED),
        pk=item.pk,
        status=back,
        decided_by=None,
        decided_at=None,
    )
    if not won:
        raise NoticeError("This notice is not dismissed (another officer may have reopened it): nothing was changed.")
    freshness.mark_changed([item.branch_id])
    item.refresh_from_db()
    return item


def _already_decided(item: BranchNotice, user: User) -> str:
    """Who dealt with the notice first, and when: a second tab of the same officer is told it was them."""
    current = BranchNotice.objects.select_related("decided_by").get(pk=item.pk)
    if current.status == BranchNotice.Status.WAITING:
        return "This notice is waiting for review again: reload the page and try once more."
    what = {BranchNotice.Status.APPLIED: "applied", BranchNotice.Status.DISMISSED: "dismissed"}.get(
        current.status, "dealt with"
    )
    who = "you" if current.decided_by_id == user.pk else str(current.decided_by or "another officer")
    when = ""
    if current.decided_at:
        at = timezone.localtime(current.decided_at)
        same_day = at.date() == timezone.localdate()
        when = f", at {at:%H:%M}" if same_day else f", on {at.day} {at:%B %Y} at {at:%H:%M}"
    return f"This notice was already {what} (by {who}{when}): nothing was changed."


def _notice_latest_end(notice, new_end: datetime.date) -> datetime.date | None:
    """The latest possible end the notice itself gives (its contract period's maximum extent), when it is no
    earlier than the new end date."""
    text = notice.values.get("latest_end_date")
    latest = datetime.date.fromisoformat(text) if text else None
    return latest if latest and latest >= new_end else None


# ---------------------------------------------------------------- the daily alert


def _officers_with_news(since: datetime.datetime):
    fresh = BranchNotice.objects.filter(created_at__gte=since).exclude(status=BranchNotice.Status.DISMISSED)
    branch_ids = fresh.values("branch")
    return (
        User.objects.filter(is_active=True, officer_roles__branch__in=branch_ids)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def alerted_branch_ids(user: User) -> list[int]:
    """The branches whose notices the officer is emailed about: theirs, less those they switched off."""
    return list(
        BranchOfficer.objects.filter(user=user)
        .exclude(branch__in=AlertOptOut.objects.filter(user=user).values("branch"))
        .values_list("branch", flat=True)
    )


def notice_alerts_send(*, today: datetime.date | None = None, lookback_days: int = 14) -> int:
    """One email a day per officer listing the notices for their branches they have not been told about: those
    that arrived lately (an old notice matched when its authority is followed goes to the queue, not the email).

    The day's email is claimed (a row inserted) before sending and each notice in it claimed for that officer, so
    overlapping runs send one email and no notice twice. A failed send gives both claims back for the next run.
    """
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=lookback_days)
    sent = 0
    for user in _officers_with_news(since):
        candidates = list(
            BranchNotice.objects.filter(
                branch__in=alerted_branch_ids(user), created_at__gte=since, notice__fetched_at__gte=since
            )
            .exclude(status=BranchNotice.Status.DISMISSED)
            .exclude(alerts__user=user)
            .values_list("pk", flat=True)
        )
        if not candidates:
            continue
        with transaction.atomic():
            won = claims.claim_new(
                NoticeDigest, [{"user": user.pk, "day": today, "claimed_at": timezone.now()}], unique=("user", "day")
            )
            if not won:
                continue
            digest_id = won[0][0]
            rows = [{"user": user.pk, "branch_notice": pk, "digest": digest_id} for pk in candidates]
            claimed = [pk for (pk,) in claims.claim_new(NoticeAlert, rows, unique=("user", "branch_notice"))]
        if not claimed:
            NoticeDigest.objects.filter(pk=digest_id).delete()
            continue
        try:
            _alert_message(user, claimed).send()
        except Exception:
            NoticeDigest.objects.filter(pk=digest_id).delete()  # its alerts go with it: the next run tries again
            raise
        NoticeDigest.objects.filter(pk=digest_id).update(sent_at=timezone.now())
        sent += 1
    return sent


def _alert_message(user: User, alert_ids: list[int]):
    items = list(
        BranchNotice.objects.filter(alerts__pk__in=alert_ids)
        .select_related("notice", "branch", "contract", "decided_by")
        .order_by("branch__name", "-notice__published")
    )
    branches = {}
    for item in items:
        branches.setdefault(item.branch, []).append(item)
    waiting = sum(1 for i in items if i.status == BranchNotice.Status.WAITING)
    tenders = sum(1 for i in items if i.notice.kind == NoticeKind.TENDER)
    return emails.build(
        "notices-daily",
        to=[user.email],
        context={"user": user, "branches": branches, "count": len(items), "waiting": waiting, "tenders": tenders},
        unsubscribe_url=alerts_unsubscribe_url(user, list(branches)),
        list_name="procurement-notices",
    )


# ---------------------------------------------------------------- switching the daily email off and on


def alerts_unsubscribe_url(user: User, branches: list[Branch]) -> str:
    """The email's "Stop these emails" address: a signed token naming the officer and the branches it is about."""
    token = unsubscribe.make_token({"u": user.pk, "b": sorted(b.pk for b in branches)}, salt=UNSUBSCRIBE_SALT)
    return emails.absolute_url(reverse("notices:alerts_unsubscribe", kwargs={"token": token}))


def alerts_from_token(token: str) -> tuple[User, list[Branch]] | None:
    """The officer and branches an unsubscribe token names (only branches they are still an officer of)."""
    value = unsubscribe.read_token(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, dict) or not isinstance(value.get("u"), int) or not isinstance(value.get("b"), list):
        return None
    user = User.objects.filter(pk=value["u"]).first()
    if user is None:
        return None
    ids = [pk for pk in value["b"] if isinstance(pk, int)]
    branches = list(Branch.objects.filter(pk__in=ids, officers__user=user).order_by("name"))
    return (user, branches) if branches else None


def notice_alerts_stop(*, user: User, branches: list[Branch]) -> None:
    """No more daily notices email about these branches for this officer (a second click changes nothing)."""
    AlertOptOut.objects.bulk_create(
        [AlertOptOut(user=user, branch=branch) for branch in branches], ignore_conflicts=True
    )


def notice_alerts_resume(*, user: User, branch: Branch) -> None:
    AlertOptOut.objects.filter(user=user, branch=branch).delete()


def notice_alerts_state(*, user: User, branch: Branch) -> bool | None:
    """Whether the officer gets the branch's daily notices email; None when they are not its officer (one query)."""
    role = (
        BranchOfficer.objects.filter(user=user, branch=branch)
        .annotate(off=Exists(AlertOptOut.objects.filter(user=user, branch=branch)))
        .values_list("off", flat=True)
        .first()
    )
    return None if role is None else not role


# ---------------------------------------------------------------- the dashboard's lines and the tenders list

TENDER_DAYS = 30


def dashboard_lines(branch_ids) -> dict:
    """The officer dashboard's three lines for these branches, in three queries whatever the number of rows:
    notices waiting for review and contracts whose end date an applied notice moved (one), and new tenders from
    followed authorities or for the services in their register (the register's CPV codes, then the tenders)."""
    month_ago = timezone.now() - datetime.timedelta(days=TENDER_DAYS)
    moved = Q(status=BranchNotice.Status.APPLIED, proposal=BranchNotice.Proposal.END_DATE, decided_at__gte=month_ago)
    lines = BranchNotice.objects.filter(branch__in=branch_ids).aggregate(
        waiting=Count("pk", filter=Q(status=BranchNotice.Status.WAITING)),
        moved=Count("contract", filter=moved, distinct=True),
    )
    lines["tenders"] = new_tenders(branch_ids, service_prefixes(branch_ids), since=month_ago).count()
    return lines


def tenders_for_services(*, branch: Branch) -> dict:
    """The list behind the dashboard's tenders line: each new tender with why it is there (the buyer is followed,
    or its CPV code is in the class of these register contracts)."""
    since = timezone.now() - datetime.timedelta(days=TENDER_DAYS)
    prefixes = service_prefixes([branch.pk])
    tenders = list(new_tenders([branch.pk], prefixes, since=since).order_by("-published", "-pk"))
    longest_first = sorted(prefixes, key=len, reverse=True)
    for tender in tenders:
        code = normalise_cpv(tender.values.get("cpv_code", ""))
        tender.cpv = code
        tender.prefix = next((p for p in longest_first if code and code.startswith(p)), "")
        tender.services = prefixes.get(tender.prefix, [])
    # Said on the page: a contract with no CPV code follows no service, and the branch's own targets may be among them.
    without_cpv = list(
        Contract.objects.filter(branch=branch, cpv_code="").order_by("service").values_list("service", flat=True)[:6]
    )
    return {"tenders": tenders, "prefixes": prefixes, "days": TENDER_DAYS, "without_cpv": without_cpv}
