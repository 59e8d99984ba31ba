from django.db import models
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet


class CampaignQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def active(self):
        return self.exclude(status__in=[Campaign.Status.WON, Campaign.Status.LOST, Campaign.Status.CLOSED])


class Campaign(models.Model):
    """An insourcing campaign following the guide's Five Phases to Win."""

    class Phase(models.IntegerChoices):
        RESEARCH = 1, "1 – Research and campaign development"
        BASE_BUILDING = 2, "2 – Base building"
        LAUNCH = 3, "3 – Insourcing campaign launch and escalate"
        CRISIS = 4, "4 – Win insourcing or create crisis"
        WIN = 5, "5 – Win, celebrate, review and sustain"

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        WON = "won", "Won – insourced"
        LOST = "lost", "Not won"
        CLOSED = "closed", "Closed"

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="campaigns")
    target_contracts = models.ManyToManyField(Contract, related_name="campaigns", blank=True)
    name = models.CharField(max_length=300)
    goal = models.TextField(
        blank=True, help_text="What winning looks like, e.g. the service back in-house on NJC terms."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    phase = models.PositiveSmallIntegerField(choices=Phase.choices, default=Phase.RESEARCH)
    started_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", kwargs={"pk": self.pk})
