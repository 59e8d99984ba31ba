from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self):
        from . import documents  # noqa: F401  (registers the campaign PDF kinds)
