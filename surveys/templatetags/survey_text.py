from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def isolate(text):
    """Survey text in its own bidi island: English shown in place of a translation is marked as English.

    `<bdi>` keeps a label's punctuation with its own words when English sits inside right-to-left text (and the
    other way round); `lang="en"` lets screen readers switch voice.
    """
    if getattr(text, "fallback", False):
        return format_html('<bdi lang="en" dir="ltr">{}</bdi>', text)
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def lang_attrs(text):
    """` lang="en" dir="ltr"` for a block of English shown in place of a translation (the intro, the statement)."""
    if getattr(text, "fallback", False):
        return mark_safe(' lang="en" dir="ltr"')  # a constant; format_html wants arguments
    return ""
