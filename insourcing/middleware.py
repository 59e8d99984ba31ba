import logging

from django.conf import settings
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
            return response
        return None
