from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration_in_words(value):
    """A timedelta as a person says it ("15 minutes", "1 hour, 30 minutes"), not ISO 8601 ("PT15M")."""
    if not isinstance(value, timedelta):
        return ""
    now = timezone.now()
    return timeuntil(now + value, now)


@register.filter
def seconds_in_words(value):
    """A number of seconds as a person says it: 28800 is "8 hours" (settings hold seconds, people read hours)."""
    try:
        return duration_in_words(timedelta(seconds=int(value)))
    except (TypeError, ValueError):
        return ""
