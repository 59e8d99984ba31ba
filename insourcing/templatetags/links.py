"""`{% path "name" arg %}`: `{% url %}` for the links repeated on each row of a table (a branch's Contracts,
Campaigns and Surveys on the dashboards), reversed once per process rather than once per row: 193 `reverse`
calls were a third of the organiser dashboard's first load after a change (issue #21)."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _reverse(viewname: str, args: tuple, urlconf, root_urlconf, prefix) -> str:
    # The URL configuration and script prefix are part of the key, so a test or deployment that changes them
    # never gets another configuration's URL.
    return reverse(viewname, args=args, urlconf=urlconf)


@register.simple_tag
def path(viewname, *args):
    return _reverse(viewname, tuple(str(a) for a in args), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
