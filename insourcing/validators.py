"""Rules on values that every feature's forms share, so each is written once."""

from django import forms
from django.utils import timezone


def not_in_future(day, then: str = ""):
    """What has happened (a reading counted, a task done, a meeting held, a letter sent) cannot be dated after
    today: it would show as the latest, or as past when it has not happened. `then` says what to do instead."""
    if day and day > timezone.localdate():
        today = timezone.localdate()
        raise forms.ValidationError(f"This date is in the future (today is {today:%-d %B %Y}). {then}".strip())
    return day
