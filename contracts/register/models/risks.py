"""What an officer decided about a supply-chain risk the register suggested from a contract's CPV code."""

from django.conf import settings
from django.db import models

from .contracts import Contract, ContractPartQuerySet, ContractRiskFlag

__all__ = ["RiskSuggestionDecision"]


class RiskSuggestionDecision(models.Model):
    """One decision per contract and flag, so a suggestion is asked once: a dismissed one does not come back, and
    neither does a confirmed one whose flag an officer later removes from the contract by hand."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="risk_decisions")
    flag = models.CharField(max_length=30, choices=ContractRiskFlag.Flag.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    cpv_code = models.CharField("CPV code that suggested it", max_length=20)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = ContractPartQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "flag"]
        constraints = [models.UniqueConstraint(fields=["contract", "flag"], name="unique_risk_decision")]

    def __str__(self):
        return f"{self.get_flag_display()}: {self.get_decision_display()}"
