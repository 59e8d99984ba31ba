from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from . import documents  # noqa: F401  (registers the survey poster)
        from .logs import keep_member_addresses_out_of_logs

        keep_member_addresses_out_of_logs()
