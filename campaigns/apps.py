from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self):
        # Registers the campaign PDF kinds, and the organising tools' sheets in the campaign XLSX.
        from .organising import exports  # noqa: F401
        from .plans import documents  # noqa: F401
