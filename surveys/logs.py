"""Keep survey members' addresses out of Django's own logs.

Django attaches the request (and runserver the socket) to log records for 4xx/5xx responses, CSRF failures
and each request line. A handler such as AdminEmailHandler would print the request's META, client address
included. For /s/ paths we drop that attachment before any handler sees the record.
"""

import logging

MEMBER_PREFIX = "/s/"
LOGGERS = ("django.request", "django.server", "django.security.csrf", "django.security.DisallowedHost")


class MemberAddressFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _is_member_record(record):
            for attribute in ("request", "client_address"):
                if hasattr(record, attribute):
                    delattr(record, attribute)
        return True


def _is_member_record(record: logging.LogRecord) -> bool:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if isinstance(path, str):
        return path.startswith(MEMBER_PREFIX)
    # runserver's records carry the socket, and the request line as the first argument.
    line = record.args[0] if isinstance(record.args, tuple) and record.args else ""
    return isinstance(line, str) and f" {MEMBER_PREFIX}" in line


def keep_member_addresses_out_of_logs() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MemberAddressFilter) for f in logger.filters):
            logger.addFilter(MemberAddressFilter())
