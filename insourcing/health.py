"""/healthz: database, broker and worker status as JSON; 200 when all are up, 503 otherwise."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker() -> str:
    replies = app.control.ping(timeout=1.0) or []
    if not replies:
        raise RuntimeError("no worker answered")
    return f"ok ({len(replies)})"


CHECKS = {"database": _database, "broker": _broker, "worker": _worker}


@never_cache
@require_GET
def healthz(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports every failure rather than raising
            results[name] = f"down: {type(exc).__name__}: {exc}"[:300]
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "down", **results}, status=200 if healthy else 503)
