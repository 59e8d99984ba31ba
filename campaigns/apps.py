from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self):
        # Registers the campaign PDF kinds, and the organising tools' sheets in the campaign XLSX.
        from . import documents, exports_organising  # noqa: F401
