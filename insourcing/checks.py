"""Deployment checks of our own settings, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set, so links in emails use https:// and the first of ALLOWED_HOSTS, which may not "
            "be the address people use.",
            hint="Set SITE_URL to the public address, e.g. https://insourcing.example.org.",
            id="insourcing.W001",
        )
    ]
