from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "overview.api"
    label = "api"
    verbose_name = "Read API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import authentication  # noqa: F401  (registers the Bearer scheme with drf-spectacular)
