"""Surveys of a contract's workforce, their questions, and anonymous answers.

Anonymity is a property of the schema, not of good behaviour: the answer tables (Response, Answer) have no
column for an IP address, user agent, account, session or time finer than a date, and contact details
(SurveyContact) live in a table with no key, date or order shared with the answers. `test_anonymity` fails if
that ever changes.
"""

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contracts.models import Contract
from insourcing.scoping import ScopedQuerySet

from . import links
from .model_survey import Kind, Section

TOKEN_BYTES = 18  # 144 bits: 24 URL-safe characters, unguessable however many links exist


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True)
class Discontent:
    """Share of respondents who see their pay and conditions as worse than the authority's own staff."""

    share: float | None  # None when too few answered to say without exposing a small group
    n: int


@dataclass(frozen=True)
class Evidence:
    text: str
    share: float
    n: int
    survey: "Survey"


class SurveyQuerySet(ScopedQuerySet):
    branch_path = "contract__branch"

    def with_names(self):
        return self.select_related("contract__authority", "contract__provider", "contract__branch", "campaign")

    def latest_first(self):
        return self.order_by("-created_on", "-pk")


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="surveys")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys")
    title = models.CharField(max_length=200)
    intro = models.TextField("introduction", help_text="Shown to members before the first question.")
    privacy_statement = models.TextField(
        "data-protection statement", help_text="Shown before the first question. Say who holds the data and why."
    )
    profile_intro = models.TextField("profile section introduction", blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The link members type from the poster (links.py). Nullable only so that the release adding it is safe to
    # roll out while the previous code still creates surveys without it; every survey has one once migrated
    # (0007 fills existing ones), and a survey without one falls back to the long link.
    short_code = models.CharField(
        max_length=links.LENGTH, unique=True, null=True, default=links.new_short_code, editable=False
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True, help_text="Leave empty to open as soon as you open it.")
    closes_on = models.DateField(null=True, blank=True)
    requires_code = models.BooleanField(
        "require a single-use code",
        default=False,
        help_text="Each member needs one of the printed codes; each code works once.",
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep raw answers for (months after closing)",
        default=6,
        help_text="After this, answers and contact details are deleted and only the published results are kept.",
    )
    link_base = models.URLField(
        blank=True, editable=False, help_text="The site address officers use, printed on the poster before the link."
    )
    raw_deleted_on = models.DateField(null=True, blank=True, editable=False)
    created_on = models.DateField(default=timezone.localdate, editable=False)
    # Changed by officers' edits only: storing answers never saves the survey, so this says nothing about when
    # anyone answered. db_default fills existing rows when the column is added, without rewriting the table.
    updated_at = models.DateTimeField(auto_now=True, db_index=True, db_default=Now())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey_detail", kwargs={"pk": self.pk})

    def member_path(self) -> str:
        return reverse("surveys:member_start", kwargs={"token": self.token})

    @property
    def short_link_code(self) -> str | None:
        return links.display(self.short_code) if self.short_code else None

    def short_path(self) -> str:
        """The path printed on posters and paper forms: short and unambiguous to type."""
        if not self.short_code:
            return self.member_path()
        return reverse("surveys:member_short", kwargs={"code": self.short_link_code})

    @property
    def branch(self):
        return self.contract.branch

    @property
    def is_editable(self) -> bool:
        """Questions change only before the survey opens, so no member sees them change part-way."""
        return self.status == self.Status.DRAFT

    def accepts_answers_on(self, day) -> bool:
        return (
            self.status == self.Status.OPEN
            and (self.opens_on is None or self.opens_on <= day)
            and (self.closes_on is None or day <= self.closes_on)
        )

    def has_closed_by(self, day) -> bool:
        return self.status == self.Status.CLOSED or (self.closes_on is not None and self.closes_on < day)

    def retention_ends_on(self):
        from dateutil.relativedelta import relativedelta

        if self.closes_on is None:
            return None
        return self.closes_on + relativedelta(months=self.retention_months)

    def response_rate(self, responses: int) -> float | None:
        staff = self.contract.staff_count
        return responses / staff if staff else None


class RevokedLink(models.Model):
    """A link an officer withdrew: members following it get a polite "no longer in use" page, not a 404.

    `token` holds a withdrawn long token or a withdrawn short code (stored form, links.py): they never share a
    length, so neither can be mistaken for the other.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="revoked_links")
    token = models.CharField(max_length=64, unique=True)


class SurveyPartQuerySet(ScopedQuerySet):
    """Rows that belong to a survey are scoped through it."""

    branch_path = "survey__contract__branch"


class QuestionQuerySet(SurveyPartQuerySet):
    def asked(self):
        return self.filter(dropped=False)

    def in_member_order(self):
        """The order members meet the questions: page by page, then position on the page."""
        return self.order_by("page", "position", "pk")


def question_numbers(questions) -> dict[int, int]:
    """{question id: number}: the one numbering every page, document and export shows.

    Asked questions are numbered in the order members meet them (page, then position), whether or not a condition
    hides one from a given member, so "question 7" means the same question online, on paper, in the results, the
    translations and the CSV. Removed questions have no number.
    """
    asked = sorted((q for q in questions if not q.dropped), key=lambda q: (q.page, q.position, q.pk))
    return {q.pk: number for number, q in enumerate(asked, start=1)}


class Question(models.Model):
    """One question. Its id, and the ids of its options and rows, never change, so answers survive edits."""

    class Kind(models.TextChoices):
        SINGLE = Kind.SINGLE, "Single choice"
        TEXT = Kind.TEXT, "Free text"
        MATRIX = Kind.MATRIX, "Rows of choices (matrix)"
        RANKED = Kind.RANKED, "Ranked free-text answers"
        GRID = Kind.GRID, "Single choice in columns"
        JOIN = Kind.JOIN, "Join or get involved, with contact details"
        MULTI = Kind.MULTI, "Choose all that apply"

    class Section(models.TextChoices):
        VIEWS = Section.VIEWS, "Your experiences and views"
        PROFILE = Section.PROFILE, "Profile"

    CHOICE_KINDS = (Kind.SINGLE, Kind.GRID, Kind.JOIN, Kind.MATRIX, Kind.MULTI)
    TEXT_KINDS = (Kind.TEXT, Kind.RANKED)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    page = models.PositiveSmallIntegerField(default=1, help_text="Questions with the same page number show together.")
    section = models.CharField(max_length=10, choices=Section.choices, default=Section.VIEWS)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField()
    # [{"id": 1, "key": "worse", "label": "Worse than ... staff"}]; ids are never reused within a question.
    options = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    detail_option = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_prompt = models.TextField(blank=True)
    role = models.CharField(max_length=30, blank=True, help_text="The model question this is, for results.")
    guide_number = models.PositiveSmallIntegerField(null=True, blank=True)
    dropped = models.BooleanField(default=False)
    # Database defaults let PostgreSQL add these columns without rewriting the table.
    required = models.BooleanField(default=False, db_default=False, help_text="Members must answer it before going on.")
    # Asked only of members whose answer to an earlier page's question is one of these options (server-side, so
    # it works without JavaScript). Null: asked of everyone.
    # No index: only a survey's own questions point here, and they are read together.
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="show only if",
        db_index=False,
    )
    show_if_options = models.JSONField(default=list, db_default=[], blank=True)
    previous_texts = models.JSONField(default=list, blank=True, help_text="Earlier wordings, oldest first.")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_profile(self) -> bool:
        return self.section == self.Section.PROFILE

    def shown_for(self, answers: dict[int, set[int]], reached: set[int], page_of: dict[int, int]) -> bool:
        """Whether a member with these answers sees this question.

        `answers` maps question ids to the option ids chosen; `reached` holds the pages the member has already
        answered; `page_of` maps question ids to their page. A condition on a page not yet reached counts as met,
        so "Page 2 of 8" never undercounts; by the time the member gets here it is decided.
        """
        if self.show_if_question_id is None:
            return True
        source_page = page_of.get(self.show_if_question_id)
        if source_page is None or source_page not in reached:
            return True  # the question it depended on was removed, or is not answered yet
        return bool(answers.get(self.show_if_question_id, set()) & set(self.show_if_options))

    def option_by_key(self, key: str) -> dict | None:
        return next((o for o in self.options if o.get("key") == key), None)

    def option_label(self, option_id: int) -> str:
        return next((o["label"] for o in self.options if o["id"] == option_id), "")


def this_week() -> datetime.date:
    """The Monday of this week: the finest time kept about an answer."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


class Response(models.Model):
    """One person's submitted answers. Deliberately no IP, user agent, account, session or time of day."""

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form keyed in by the branch"

    # A random key: a sequence would give the order people answered in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    # Only the week: a day would narrow who answered to those at work that day, and order responses finely.
    submitted_on = models.DateField(default=this_week, help_text="The Monday of the week it was sent.")

    class Meta:
        indexes = [models.Index(fields=["survey", "source"])]


class Answer(models.Model):
    """One answer to one question (or one row of a matrix / one ranked issue).

    A "choose all that apply" question stores one row per option chosen: `row` is the option id and `choice` 1,
    so the running counts treat it like a matrix row and never pair it in a cross-tab.
    """

    # A random key, like the response's: a sequence would number responses in the order people answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    row = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            # Results count choices with an index-only scan; cross-tabs join answers on response.
            models.Index(fields=["survey", "question", "row", "choice"], name="survey_answer_counts"),
            models.Index(fields=["question", "response"], include=["choice"], name="survey_answer_crosstab"),
        ]


class SurveyContact(models.Model):
    """Contact details left at the join question, released in shuffled batches of ten (see contacts.py).

    No link to the answers: no shared key, no date, random id, and written in an order unrelated to theirs.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    objects = SurveyPartQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class PendingContact(models.Model):
    """Contact details waiting, sealed, until ten have been left (see contacts.py). Unreadable without the key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    objects = SurveyPartQuerySet.as_manager()


class SurveyCode(models.Model):
    """A single-use code. Only whether it was used is recorded, never which response used it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12)
    used = models.BooleanField(default=False)

    objects = SurveyPartQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="unique_survey_code")]


class SurveyTranslation(models.Model):
    """The survey's own text in another language, keyed like `q<id>.text`, `q<id>.o<option id>`."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    strings = models.JSONField(default=dict, blank=True)
    # The English each string was translated from, by key: when the English changes the translation is stale,
    # falls back to English, and the officer sees the old and new English side by side.
    sources = models.JSONField(default=dict, db_default={}, blank=True)
    live_when_incomplete = models.BooleanField(
        "offer to members although incomplete",
        default=False,
        db_default=False,
        help_text="Members can choose it while some strings still show in English.",
    )

    objects = SurveyPartQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["survey", "language"], name="unique_survey_language")]


class ResultSnapshot(models.Model):
    """Suppressed results saved before raw answers are deleted at the end of the retention period."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="snapshot")
    data = models.JSONField()
    made_on = models.DateField(default=timezone.localdate)


class AnswerCount(models.Model):
    """How many answers chose `choice` at `question` (and matrix `row`), kept up to date as answers arrive.

    Only a running total: no date, no order, nothing that points at a response. `row` 0 means "no row" and
    `choice` 0 counts written answers. Each key is spread over a few `shard`s so that people answering at the
    same moment do not queue for one row; the count is the sum over shards.
    """

    pk = models.CompositePrimaryKey("question_id", "row", "choice", "shard")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    row = models.PositiveSmallIntegerField()
    choice = models.PositiveSmallIntegerField()
    shard = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["survey"], name="survey_answercount_survey")]


class PairCount(models.Model):
    """How many responses chose `choice_a` at `question_a` and `choice_b` at `question_b` (question_a < question_b).

    The cross-tabs' cells, for every pair of single-choice questions; a running total like AnswerCount.
    """

    pk = models.CompositePrimaryKey("question_a_id", "choice_a", "question_b_id", "choice_b", "shard")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question_a = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice_a = models.PositiveSmallIntegerField()
    question_b = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice_b = models.PositiveSmallIntegerField()
    shard = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["survey"], name="survey_paircount_survey")]


class ResponseCount(models.Model):
    """How many responses came by each route; a running total like AnswerCount."""

    pk = models.CompositePrimaryKey("survey_id", "source", "shard")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Response.Source.choices)
    shard = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField()
