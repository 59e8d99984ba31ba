"""Unsubscribe links for mail people can switch off (campaign reminders and digests, the daily notices email).

One way for every kind: the link carries a signed token (django.core.signing, salted per kind, so a token made for
one kind means nothing to another, and nobody can write one for someone else's id); GET only asks, so the link
scanners that mail providers run change nothing; POST switches the mail off. `insourcing.emails.build(...,
unsubscribe_url=..., list_name=...)` puts the same address in the RFC 8058 List-Unsubscribe headers.
"""

import functools

from django.core import signing
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods


def make_token(value, *, salt: str) -> str:
    # No timestamp: the link in an old email keeps working.
    return signing.Signer(salt=salt).sign_object(value)


def read_token(token: str, *, salt: str):
    """The value signed into the token, or None when it was not made here with this salt (tampered, cut short)."""
    try:
        return signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None


def is_one_click(request) -> bool:
    """A mail client's RFC 8058 one-click unsubscribe: a POST whose body is `List-Unsubscribe=One-Click`."""
    return request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click"


def one_click_view(view):
    """An unsubscribe view, public by design (the signed token in its URL identifies the person): GET and POST
    only. A one-click POST comes from the mail provider, not our page, so it carries no CSRF token and skips the
    check: the signed token is what authenticates it. Any other POST (the page's own button) is CSRF-checked."""
    protected = csrf_protect(view)

    @csrf_exempt
    @require_http_methods(["GET", "POST"])
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_one_click(request):
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapped
