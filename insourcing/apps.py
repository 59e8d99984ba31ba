from django.apps import AppConfig


class InsourcingConfig(AppConfig):
    name = "insourcing"
    verbose_name = "Insourcing"

    def ready(self):
        from . import documents  # noqa: F401  (registers the branch sheet document)
