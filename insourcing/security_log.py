"""Security events in the log: log-ins, log-outs, failures and refused access. Never survey members' data."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("insourcing.security")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    logger.info("login user_id=%s", user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    logger.info("logout user_id=%s", getattr(user, "pk", None))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted email is not logged: a mistyped password is often typed into the email box.
    logger.warning("login failed")


def refused(user, *, model: str, reason: str) -> None:
    logger.warning("refused %s user_id=%s model=%s", reason, getattr(user, "pk", None), model)


class ForbiddenWithoutTraceback(logging.Filter):
    """Django logs a refused request (403) as a warning with the PermissionDenied traceback attached. A 403 is
    the access rules working, not a fault: keep the one-line warning (and `refused` above), drop the traceback
    so the server log is not full of stack traces that look like errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
