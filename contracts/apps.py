from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self):
        from . import documents, documents_comparisons  # noqa: F401  (register the contracts document kinds)
