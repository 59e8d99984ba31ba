from django.apps import AppConfig


class InsourcingConfig(AppConfig):
    name = "insourcing"
    verbose_name = "Insourcing"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, documents, security_log  # noqa: F401  (register checks and the branch sheet; log signals)
        from .middleware import session_refreshed_at_login

        user_logged_in.connect(session_refreshed_at_login, dispatch_uid="session-refreshed-at-login")
