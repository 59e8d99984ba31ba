"""Guard over every kind of email: each template in templates/emails/ is sent through its real call site, then
the message is parsed back as a mail client would and checked: multipart, headers, a complete HTML document,
links only to SITE_URL, no unfilled placeholder, and a SpamAssassin score (local rules) of at most 1.0."""

import datetime
import email
import email.policy
import mailbox
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.plans import services as plans
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from contracts.foi import services as foi_services
from contracts.foi.compose import compose
from contracts.models import FoIRepeat, FoIRequest, LetterKind
from contracts.notices.services import notice_alerts_send
from contracts.tests.factories import make_answered_foi, make_foi, make_sent_foi
from contracts.tests.notices_helpers import make_award_for, make_change_for
from insourcing import emails

SITE_URL = "https://insourcing.example.org"
FROM = "Insourcing <insourcing@unison-branch.org.uk>"
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
MAX_SPAM_SCORE = 1.0
# What an unfilled or broken template leaves behind: template syntax, a Python None or object repr, a guide
# placeholder such as "[say why: ...]" or "[Name]", and the stand-in for a missing authority reference.
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|<\w+ object at|\[[^\]\n]{2,}\]|none given")
# The kinds people can switch off: each carries List-Id and RFC 8058 one-click List-Unsubscribe headers and a
# visible "Stop these …" (or "Switch off …") link in both parts; every other kind (a letter, a password reset)
# carries neither.
UNSUBSCRIBABLE = {"campaign-reminder", "campaign-digest", "notices-daily"}
URL = re.compile(r"(?:https?|webcal)://[^\s<>\"')]+")


def every_kind() -> set[str]:
    return {path.name.removesuffix("-subject.txt") for path in TEMPLATES.glob("*-subject.txt")}


@pytest.fixture
def built(monkeypatch, settings):
    """Every message the real call sites build, by template name."""
    settings.SITE_URL = SITE_URL
    settings.DEFAULT_FROM_EMAIL = FROM
    real = emails.build
    made: dict[str, list] = {}

    def spy(name, **kwargs):
        message = real(name, **kwargs)
        made.setdefault(name, []).append(message)
        return message

    monkeypatch.setattr(emails, "build", spy)
    return made


REVIEW_LETTER = (
    "Dear Demo City Council,\n\nPlease carry out an internal review of your reply to our request. It withheld "
    "the contract's annual value, which no exemption covers.\n\nYours faithfully,\n\nAlice Officer"
)


def _send_foi_kinds(alice, branch_a, today):
    draft = make_foi(branch_a, alice)
    foi_services.foi_request_send(foi=draft, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    answered = make_answered_foi(branch_a, alice)
    foi_services.foi_review_request(foi=answered, body=REVIEW_LETTER, method=FoIRequest.SentBy.APP_EMAIL)
    make_sent_foi(branch_a, alice, sent_on=today - datetime.timedelta(days=60))  # its reply is overdue
    reviewed = make_sent_foi(branch_a, alice, sent_on=today - datetime.timedelta(days=120))
    foi_services.foi_review_request(
        foi=reviewed,
        body=REVIEW_LETTER,
        method=FoIRequest.SentBy.POST,
        requested_on=today - datetime.timedelta(days=60),
    )
    repeated = make_sent_foi(branch_a, alice)
    FoIRepeat.objects.create(
        request=repeated,
        contract=repeated.contracts.get(),
        decision_date=today + datetime.timedelta(days=180),
        months_before=6,
        scheduled_for=today,
    )
    foi_services.foi_reminders_send(today=today)


def _send_campaign_kinds(alice, branch_a, today):
    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back in-house", reminder_days_before=7)
    lead = TeamMemberFactory(campaign=campaign, name="Alice Officer", email=alice.email, user=alice)
    campaign.lead = lead
    campaign.save()
    # Sam has no account: the reminder carries his private task page instead of the plan.
    sam = TeamMemberFactory(campaign=campaign, name="Sam Steward", email="sam@example.org")
    for days, objective in [(-3, "Hold a members' meeting"), (0, "Book the hall"), (5, "Leaflet the depot")]:
        for person in (lead, sam):
            PlanRowFactory(
                campaign=campaign,
                responsible=person,
                objective=objective,
                task="Ask the stewards at the depot & the school kitchens.",
                deadline=today + datetime.timedelta(days=days),
            )
    plans.plan_reminders_send(today=today)
    plans.weekly_digests_send(today=today)


def _send_notice_kinds(branch_a, today):
    make_change_for(branch_a)
    make_award_for(branch_a)
    notice_alerts_send(today=today)


@pytest.fixture
def sent(built, client, alice, branch_a):
    today = timezone.localdate()
    _send_foi_kinds(alice, branch_a, today)
    _send_campaign_kinds(alice, branch_a, today)
    _send_notice_kinds(branch_a, today)
    client.post(reverse("password_reset"), {"email": alice.email})
    return built


def _parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def _parts(parsed):
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    return parts[0].get_content(), parts[1].get_content()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags, self.title, self._in_title = [], [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"
        self.links += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_the_guard_sends_every_kind_of_email(sent):
    assert set(sent) == every_kind(), "each template in templates/emails/ needs its call site in this guard"


def test_every_email_is_text_plus_a_complete_html_document(sent):
    for name, messages in sent.items():
        for message in messages:
            parsed = _parsed(message)
            text, html = _parts(parsed)
            assert text.strip(), name
            assert html.lstrip().lower().startswith("<!doctype html>"), name
            page = _Links()
            page.feed(html)
            tags = dict(page.tags)
            assert tags["html"].get("lang") == "en-GB", name
            assert "head" in tags and "body" in tags, name
            assert any(tag == "meta" and attrs.get("charset") == "utf-8" for tag, attrs in page.tags), name
            assert page.title.strip() == parsed["Subject"], name


def test_every_email_has_the_headers_mail_servers_and_clients_expect(sent):
    domain = "insourcing.example.org"
    for name, messages in sent.items():
        for message in messages:
            parsed = _parsed(message)
            assert parsed["From"] == FROM, name
            assert parsed["To"] and parsed["Date"], name
            assert parsed["Subject"] and "\n" not in parsed["Subject"], name
            assert parsed["Message-ID"].endswith(f"@{domain}>"), name
            if name in UNSUBSCRIBABLE:
                assert re.fullmatch(rf".+ <[a-z-]+\.{re.escape(domain)}>", parsed["List-Id"]), name
                unsubscribe = parsed["List-Unsubscribe"].strip()  # a long value is folded onto its own line
                assert unsubscribe.startswith(f"<{SITE_URL}/") and unsubscribe.endswith(">"), name
                assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", name
                # The same address is a visible link in both parts, for readers whose client shows no button.
                text, html = _parts(parsed)
                address = unsubscribe[1:-1]
                assert re.search(rf"(Stop|Switch off) [^\n]*: {re.escape(address)}", text), name
                assert re.search(rf'<a href="{re.escape(address)}">(Stop|Switch off) ', html), name
            else:
                assert parsed["List-Id"] is None and parsed["List-Unsubscribe"] is None, name


def test_every_link_is_absolute_and_on_the_site(sent):
    for name, messages in sent.items():
        for message in messages:
            text, html = _parts(_parsed(message))
            page = _Links()
            page.feed(html)
            for link in page.links + URL.findall(text):
                assert link.startswith(f"{SITE_URL}/") or link.startswith("mailto:"), (name, link)
            assert {link.rstrip(".,") for link in URL.findall(text)} <= set(page.links), name


def test_no_email_carries_an_unfilled_placeholder(sent):
    for name, messages in sent.items():
        for message in messages:
            parsed = _parsed(message)
            text, html = _parts(parsed)
            for where, content in [("subject", parsed["Subject"]), ("text", text), ("html", html)]:
                assert not LEFTOVERS.search(content), (name, where, LEFTOVERS.search(content).group())


def test_the_reminder_gives_someone_without_an_account_their_private_task_page(sent):
    [to_sam] = [m for m in sent["campaign-reminder"] if m.to == ["sam@example.org"]]
    [to_alice] = [m for m in sent["campaign-reminder"] if m.to == ["alice@example.org"]]
    assert "/campaigns/tasks/" in to_sam.body and "/accounts/" not in to_sam.body
    assert "/campaigns/tasks/" not in to_alice.body


def spam_scores(messages: dict[str, list]) -> dict[str, tuple[float, str]]:
    """The highest SpamAssassin score of each kind and the rules it hit, local rules only, in one run over an
    mbox (a few seconds). SpamAssassin does not keep the mbox order, so results are matched by Message-ID."""
    binary = shutil.which("spamassassin")
    assert binary, "SpamAssassin is not installed: run scripts/setup.sh test"
    folder = Path(settings.MEDIA_ROOT)
    kind_of, box = {}, mailbox.mbox(folder / "every-kind.mbox")
    for name, kind in messages.items():
        for message in kind:
            parsed = message.message()
            kind_of[parsed["Message-ID"]] = name
            box.add(mailbox.mboxMessage(parsed.as_bytes()))
    box.flush()
    box.close()
    with (folder / "every-kind.mbox").open("rb") as stdin:
        result = subprocess.run(
            # No Bayes learning: the score must not depend on (or change) what this machine learnt before.
            [binary, "-L", "-t", "--mbox", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0"],
            stdin=stdin,
            capture_output=True,
            check=True,
            timeout=120,
        )
    (folder / "scored.mbox").write_bytes(result.stdout)
    best: dict[str, tuple[float, str]] = {}
    for scored in mailbox.mbox(folder / "scored.mbox"):
        status = " ".join(scored["X-Spam-Status"].split())
        score = float(re.search(r"score=(-?[\d.]+)", status).group(1))
        name = kind_of.pop(scored["Message-ID"])
        if name not in best or score > best[name][0]:
            best[name] = (score, status)
    assert not kind_of, f"SpamAssassin did not score {sorted(set(kind_of.values()))}: {result.stderr[-2000:]!r}"
    (folder / "every-kind.mbox").unlink()
    (folder / "scored.mbox").unlink()
    return best


def test_every_kind_of_email_scores_at_most_1_with_spamassassin(sent):
    scores = spam_scores(sent)
    assert set(scores) == every_kind()
    too_high = {name: status for name, (score, status) in scores.items() if score > MAX_SPAM_SCORE}
    assert not too_high, too_high


@pytest.mark.parametrize(
    ("name", "kind"), [("foi-request", LetterKind.REQUEST), ("foi-review-request", LetterKind.INTERNAL_REVIEW)]
)
def test_an_foi_email_says_exactly_what_its_letter_says(sent, name, kind):
    """The council receives the approved letter: the email's text is the letter the print view and PDF show."""
    assert sent[name]
    for message in sent[name]:
        text, _html = _parts(_parsed(message))
        foi = next(f for f in FoIRequest.objects.all() if f.reference and f.reference in message.subject)
        letter = compose(foi, kind, by_email=True)  # it went by email, so it says so
        assert " ".join(text.split()) == " ".join(letter.text().split())
        assert foi.reference in text
