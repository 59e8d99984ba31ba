import logging

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("insourcing.security")


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
            limit_mb = settings.MAX_REQUEST_BYTES / (1024 * 1024)
            return render(
                request,
                "errors/413.html",
                {"limit_mb": f"{limit_mb:g}", "size_mb": f"{length / (1024 * 1024):.1f}"},
                status=413,
            )
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
    """Django's, except that the database-outage page leaves the session alone.

    With SESSION_SAVE_EVERY_REQUEST Django loads the session after the view to refresh its expiry, which needs
    the database: during an outage that turned a signed-in user's 503 page into a 500. The cookie is left as it
    is, so the user is still signed in once the database is back.
    """

    def process_response(self, request, response):
        if getattr(response, "database_unavailable", False):
            return response
        return super().process_response(request, response)
