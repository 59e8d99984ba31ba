"""`{% path "name" arg %}`: `{% url %}` for the links repeated on each row of a table (a branch's Contracts,
Campaigns and Surveys on the dashboards), reversed once per process rather than once per row: 193 `reverse`
calls were a third of the organiser dashboard's first load after a change (issue #21).

`{% branch_links branch %}`: partials/dashboard_branch_links.html (each app's links for one branch) rendered once
per process and branch, not on every row of every dashboard: four includes a row were a tenth of the organiser
dashboard's first load after a change (issue #21)."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _reverse(viewname: str, args: tuple, urlconf, root_urlconf, prefix) -> str:
    # The URL configuration and script prefix are part of the key, so a test or deployment that changes them
    # never gets another configuration's URL.
    return reverse(viewname, args=args, urlconf=urlconf)


@register.simple_tag
def path(viewname, *args):
    return _reverse(viewname, tuple(str(a) for a in args), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())


_BRANCH_LINKS: dict[tuple, str] = {}


@register.simple_tag
def branch_links(branch):
    # Keyed by what the links show (the branch's id, slug and name: all the partials may use) and by what reverses
    # them, so a renamed branch gets new links at once and a test's URL configuration never sees another's.
    reversing = (get_urlconf(), settings.ROOT_URLCONF, get_script_prefix(), get_language())
    key = (branch.pk, branch.slug, branch.name, *reversing)
    html = _BRANCH_LINKS.get(key)
    if html is None:
        if len(_BRANCH_LINKS) >= 4096:
            _BRANCH_LINKS.clear()
        html = _BRANCH_LINKS[key] = render_to_string("partials/dashboard_branch_links.html", {"branch": branch})
    return html
