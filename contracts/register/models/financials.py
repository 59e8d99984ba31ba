"""Provider financials for the guide's arguments: profits, dividends, staff costs against pay, top pay."""

from django.db import models
from simple_history.models import HistoricalRecords

from .contracts import Provider, ProviderQuerySet

__all__ = ["ProviderFinancials"]


class ProviderFinancialsQuerySet(ProviderQuerySet):
    """Published accounts are public, shared like the providers they describe."""


class ProviderFinancials(models.Model):
    class Source(models.TextChoices):
        COMPANIES_HOUSE = "companies-house", "Companies House accounts"
        CHARITY_REGISTER = "charity-register", "Charity Register"
        MUTUALS_REGISTER = "mutuals-register", "Mutuals Register (FCA)"
        OTHER = "other", "Other"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="financials")
    year = models.PositiveSmallIntegerField(help_text="The year the accounts' financial year ends, e.g. 2024.")
    turnover = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    profit = models.DecimalField(
        "profit before tax", max_digits=16, decimal_places=2, null=True, blank=True, help_text="Negative for a loss."
    )
    dividends = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    staff_costs = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    highest_paid_director = models.DecimalField(
        "highest-paid director's pay", max_digits=16, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.COMPANIES_HOUSE)
    source_url = models.URLField("link to the accounts", blank=True)
    notes = models.TextField(blank=True)

    objects = ProviderFinancialsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "-year"]
        verbose_name_plural = "provider financials"
        constraints = [models.UniqueConstraint(fields=["provider", "year"], name="unique_financials_per_year")]

    def __str__(self):
        return f"{self.provider} {self.year}"
