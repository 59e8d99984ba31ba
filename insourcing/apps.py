from django.apps import AppConfig


class InsourcingConfig(AppConfig):
    name = "insourcing"
    verbose_name = "Insourcing"

    def ready(self):
        from . import documents, security_log  # noqa: F401  (register the branch sheet; connect log signals)
        from .dashboards import signals

        signals.connect()
