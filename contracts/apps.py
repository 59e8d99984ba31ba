from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self):
        from .comparisons import documents as comparison_documents  # noqa: F401  (register the document kinds)
        from .foi import documents as foi_documents  # noqa: F401
