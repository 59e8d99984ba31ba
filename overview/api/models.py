"""Per-user API tokens. Only a hash is stored: the token itself is shown once, when it is made."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "ins_"  # recognisable in a leaked file or a secret scanner's report


def hash_key(raw: str) -> str:
    # The token has 256 random bits, so a fast hash is enough: there is nothing to guess by brute force.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    """A token is its owner's alone: read and revoked only by them (organisers included)."""

    def for_user(self, user):
        return self.filter(user=user) if getattr(user, "is_authenticated", False) else self.none()

    def editable_by(self, user):
        return self.for_user(user)

    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “Regional spreadsheet”.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False, help_text="The token's first characters.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token and its secret, which is not stored and cannot be shown again."""
        raw = PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_key(raw), hint=raw[: len(PREFIX) + 4]), raw

    @classmethod
    def authenticate(cls, raw: str) -> "ApiToken | None":
        return cls.objects.active().select_related("user").filter(key_hash=hash_key(raw), user__is_active=True).first()

    def revoke(self) -> bool:
        """True if this call revoked it (a second call, or a race, changes nothing)."""
        now = timezone.now()
        done = ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now)
        if done:
            self.revoked_at = now
        return bool(done)

    def mark_used(self) -> None:
        """At most one write a minute per token, so a busy reporting tool does not write on every request."""
        now = timezone.now()
        ApiToken.objects.filter(pk=self.pk).filter(
            models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lt=now - datetime.timedelta(minutes=1))
        ).update(last_used_at=now)
