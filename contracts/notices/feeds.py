"""Reading the two public OCDS feeds page by page, remembering where each got to.

What the APIs' own documentation says (read December 2026):

Find a Tender, `GET /api/1.0/ocdsReleasePackages`
(https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages):
- `updatedFrom` / `updatedTo`: when the notice was last updated, `YYYY-MM-DDTHH:MM:SS` (19 characters);
- `limit`: 1 to 100, default 100; `cursor`: `[A-Za-z0-9=]*`, at most 300 characters, "where more results are
  available, use this token to get the next set of results"; `stages`: planning, tender, award;
- the answer is an OCDS release package; the next page is the package's `links.next` (which carries `cursor=`);
- "When the user has submitted too many requests, no further requests should be made until after the number of
  seconds specified in the Retry-After header value" (HTTP 429). Harvesters report the limit as 12 requests in
  2 minutes, and 429s since late 2025 that carry no Retry-After at all, and 503/504 under load: without the header
  we wait two minutes, and 5xx backs off exponentially.

Contracts Finder, `GET /Published/Notices/OCDS/Search`
(https://www.contractsfinder.service.gov.uk/apidocumentation/Notices/1/GET-Published-Notice-OCDS-Search):
- `publishedFrom` / `publishedTo`: ISO 8601, "latest edit and first publication in current stage";
- `stages`: comma-separated planning, tender, award, implementation; `limit`: 1 to 100, default 100;
  `cursor`: `[A-Za-z0-9=]{0,300}`; the answer is an OCDS release package with `links.next` for the next page.

Each pass reads a fixed window (from where the last pass ended to when this one began), so a cursor stays valid
while paging. The state (window, cursor) is saved in the same transaction as each page's notices: a run that
fails resumes at the page it stopped on, and a page already stored is never asked for again.
"""

import datetime
import email.utils
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from insourcing import claims, freshness

from .matching import branch_notices_for
from .models import BranchNotice, FeedState, FollowedAuthority, Notice, Source
from .reader import BadRelease, read_release

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_PAGES_PER_RUN = 50
TIMEOUT_SECONDS = 30
DEFAULT_RETRY_AFTER = 120  # Find a Tender's "12 requests in 2 minutes", when a 429 gives no Retry-After
MAX_BACKOFF = 6 * 60 * 60
STALE_RUN = datetime.timedelta(minutes=30)  # a run this old was lost with its worker: another may start
CF_STAGES = "planning,tender,award,implementation"
USER_AGENT = "Insourcing (a trade-union contracts register) python-urllib"


@dataclass
class Outcome:
    status: str  # "off", "busy", "waiting", "done", "more", "rate-limited", "failed"
    pages: int = 0
    notices: int = 0
    detail: str = ""


class FeedError(Exception):
    def __init__(self, reason: str, *, retry_after: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _stamp(when: datetime.datetime) -> str:
    """The APIs take a date and time without a zone: we send UTC."""
    return timezone.localtime(when, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def page_url(state: FeedState) -> str:
    """The next page's address for this state."""
    if state.source == Source.FIND_A_TENDER:
        base = f"{settings.NOTICES_FIND_A_TENDER_URL}/api/1.0/ocdsReleasePackages"
        params = {"updatedFrom": _stamp(state.window_from), "updatedTo": _stamp(state.window_to)}
    else:
        base = f"{settings.NOTICES_CONTRACTS_FINDER_URL}/Published/Notices/OCDS/Search"
        params = {
            "publishedFrom": _stamp(state.window_from),
            "publishedTo": _stamp(state.window_to),
            "stages": CF_STAGES,
        }
    params["limit"] = PAGE_SIZE
    if state.cursor:
        params["cursor"] = state.cursor
    return f"{base}?{urllib.parse.urlencode(params, safe=':,')}"


def _retry_after(value: str | None) -> int:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    if value.isdigit():
        return max(int(value), 1)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    return max(int((when - timezone.now()).total_seconds()), 1)


def get_page(url: str) -> dict:
    """One page as JSON, or FeedError saying why not (with the wait a 429 asks for)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  (http(s) only)
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 429:
            raise FeedError("HTTP 429 Too Many Requests", retry_after=_retry_after(error.headers.get("Retry-After")))
        raise FeedError(f"HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FeedError(f"Could not reach the feed: {getattr(error, 'reason', error)}") from None
    try:
        package = json.loads(body)
    except ValueError:
        raise FeedError("The page is not JSON (a malformed package)") from None
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise FeedError("The page is not an OCDS release package (it has no list of releases)")
    return package


def next_cursor(package: dict) -> str:
    """The cursor of `links.next`, or "" on the last page."""
    links = package.get("links")
    following = links.get("next") if isinstance(links, dict) else None
    if not following:
        return ""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(str(following)).query)
    return (query.get("cursor") or [""])[0][:300]


def store_page(state: FeedState, package: dict) -> list[Notice]:
    """Save the page's new notices and each following branch's copy; releases already stored are skipped."""
    fields, problems = [], 0
    for release in package["releases"]:
        try:
            fields.append(read_release(state.source, release, package_published=package.get("publishedDate")))
        except BadRelease as error:
            problems += 1
            logger.warning("Skipped a release from %s: %s", state.source, error)
    if problems:
        logger.warning("%s release(s) of a %s page could not be read", problems, state.source)
    known = set(
        Notice.objects.filter(source=state.source, release_id__in=[f["release_id"] for f in fields]).values_list(
            "release_id", flat=True
        )
    )
    fresh = {f["release_id"]: f for f in fields if f["release_id"] not in known}  # a page may repeat a release
    Notice.objects.bulk_create([Notice(**f) for f in fresh.values()], ignore_conflicts=True)
    notices = list(Notice.objects.filter(source=state.source, release_id__in=list(fresh)))
    followed = list(FollowedAuthority.objects.select_related("authority").order_by("branch_id", "pk"))
    made = branch_notices_for(notices, followed)
    BranchNotice.objects.bulk_create(made, ignore_conflicts=True)
    if made:
        freshness.mark_changed({b.branch_id for b in made})  # bulk_create sends no signals: the dashboards count them
    return notices


def _state(source: str) -> FeedState:
    state, _ = FeedState.objects.get_or_create(source=source)
    return state


def _fail(state: FeedState, error: FeedError, outcome: Outcome) -> Outcome:
    now = timezone.now()
    if error.retry_after is not None:
        wait, status = error.retry_after, "rate-limited"
    else:
        state.failures += 1
        wait, status = min(60 * 2 ** min(state.failures, 12), MAX_BACKOFF), "failed"
    state.not_before = now + datetime.timedelta(seconds=wait)
    state.last_error = f"{now:%Y-%m-%d %H:%M} {error.reason}"[:500]
    state.save(update_fields=["failures", "not_before", "last_error"])
    logger.warning("%s: %s; next try in %s s", state.source, error.reason, wait)
    outcome.status, outcome.detail = status, error.reason
    return outcome


def feed_read(*, source: str, max_pages: int = MAX_PAGES_PER_RUN, pause: float | None = None) -> Outcome:
    """Read pages of one feed until it is up to date, it asks us to wait, it fails or `max_pages` are read."""
    if not settings.NOTICES_FETCH_ENABLED:
        return Outcome("off")
    state = _state(source)
    now = timezone.now()
    if state.not_before and state.not_before > now:
        return Outcome("waiting", detail=f"not before {state.not_before:%H:%M:%S}")
    # Claim the feed: two runs (beat overlapping a slow run, a redelivered task) never read the same page.
    free = FeedState.objects.filter(Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_RUN))
    if not claims.claim(free, pk=state.pk, running_since=now):
        return Outcome("busy")
    pause = settings.NOTICES_PAGE_PAUSE_SECONDS if pause is None else pause
    outcome = Outcome("more")
    try:
        for page in range(max_pages):
            state.refresh_from_db()
            if state.window_to is None:
                state.window_from = state.next_from or now - datetime.timedelta(days=settings.NOTICES_FIRST_DAYS)
                state.window_to = timezone.now()
                state.cursor = ""
                state.save(update_fields=["window_from", "window_to", "cursor"])
            if page and pause:
                time.sleep(pause)
            try:
                package = get_page(page_url(state))
            except FeedError as error:
                return _fail(state, error, outcome)
            with transaction.atomic():
                notices = store_page(state, package)
                cursor = next_cursor(package)
                state.pages_read += 1
                state.failures = 0
                state.last_error = ""
                if cursor:
                    state.cursor = cursor
                else:
                    state.next_from, state.window_from, state.window_to, state.cursor = state.window_to, None, None, ""
                    state.last_success_at = timezone.now()
                state.save()
            outcome.pages += 1
            outcome.notices += len(notices)
            if not cursor:
                outcome.status = "done"
                return outcome
        return outcome
    finally:
        FeedState.objects.filter(pk=state.pk).update(running_since=None)
