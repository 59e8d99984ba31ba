from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Watching Find a Tender and Contracts Finder for the branch: its own app label (`notices`), so its tables and
    migrations are its own, inside the contracts layer (it builds on the register and the OCDS reader)."""

    name = "contracts.notices"
    label = "notices"
    verbose_name = "Procurement notices"
    default_auto_field = "django.db.models.BigAutoField"
