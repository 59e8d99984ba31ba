"""Deployment checks of our own settings, run by `manage.py check --deploy`."""

from email.utils import parseaddr

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


# Domains that can never receive or vouch for mail (RFC 2606, RFC 6761): mail servers refuse a sender there.
RESERVED_MAIL_DOMAINS = (
    "invalid",
    "example",
    "test",
    "localhost",
    "local",
    "example.com",
    "example.org",
    "example.net",
)


@register(Tags.security, deploy=True)
def default_from_email_is_real(app_configs, **kwargs):
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2].lower().rstrip(".")
    reserved = any(domain == d or domain.endswith("." + d) for d in RESERVED_MAIL_DOMAINS)
    if "@" in address and "." in domain and not reserved:
        return []
    return [
        Error(
            f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, which is not a real address: mail servers "
            "refuse mail from it, so reminders, FoI requests and password resets would not arrive.",
            hint="Set DEFAULT_FROM_EMAIL to an address at a domain you send mail for, e.g. "
            '"Insourcing <insourcing@your-branch.org.uk>".',
            id="insourcing.E002",
        )
    ]
