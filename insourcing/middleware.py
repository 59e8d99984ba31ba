import logging
import time

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from . import scoping, uploads

logger = logging.getLogger("insourcing.security")
REFRESHED = "_expiry_refreshed_at"  # in the session: when its expiry was last moved on (Unix time)


class UploadLimitMiddleware:
    """Refuse bodies over MAX_REQUEST_BYTES before Django reads them, with a page that says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(request, "errors/413.html", {"too_large": uploads.too_large(length)}, status=413)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """During a database outage answer 503 with a plain page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", type(exception).__name__)
            response = render(request, "errors/503.html", status=503)
            response["Retry-After"] = "30"
            response.database_unavailable = True
            return response
        return None


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, with a sliding expiry that writes the session at most once a minute, and that leaves the
    session alone on the database-outage page.

    SESSION_COOKIE_AGE of inactivity ends a session. Django's SESSION_SAVE_EVERY_REQUEST would keep that exact
    with a database write on every page view (a third of a cached dashboard's time); instead the expiry (in the
    database and on the cookie) is moved on when it was last moved SESSION_REFRESH_SECONDS ago or more, so
    inactivity is measured to within that.

    During an outage the session cannot be loaded or saved: the 503 page leaves the cookie as it is, so the
    user is still signed in once the database is back.
    """

    def process_response(self, request, response):
        if getattr(response, "database_unavailable", False):
            return response
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED] = now  # marks it modified: Django saves it and sets the cookie's new expiry
        return super().process_response(request, response)


def session_refreshed_at_login(sender, request, user, **kwargs):
    """Login saves the session with a fresh expiry: the next request need not save it again."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED] = int(time.time())


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, whose `request.user` reads its branch scope once per request (`insourcing.scoping`).

    Still loaded lazily and once (Django's `get_user` keeps it on the request): a page that never looks at the
    user pays nothing. Each request loads the user afresh, so a role given or taken away applies from the next
    request on.
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: scoping.read_once_per_request(auth_middleware.get_user(request)))
