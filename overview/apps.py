from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = "Overview"

    def ready(self):
        # Here rather than in the base: the receivers name the feature apps' models, and the base imports no feature.
        from .dashboards import signals

        signals.connect()
