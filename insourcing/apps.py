from django.apps import AppConfig


class InsourcingConfig(AppConfig):
    name = "insourcing"
    verbose_name = "Insourcing"

    def ready(self):
        from . import checks, documents, security_log  # noqa: F401  (register checks and the branch sheet; log signals)
