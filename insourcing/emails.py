"""The one place mail is built: subject, text and HTML parts from templates/emails/<name>-*.

    send("foi-overdue", to=[officer.email], context={...})
renders emails/foi-overdue-subject.txt, emails/foi-overdue-body.txt and emails/foi-overdue-body.html.
Every template gets `union_name` and `site_url` (for links: `{{ site_url }}{{ obj.get_absolute_url }}`).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url() -> str:
    """The site's address for links in mail: SITE_URL, else https:// and the first allowed host."""
    if settings.SITE_URL:
        return settings.SITE_URL
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return f"https://{hosts[0]}" if hosts else "http://localhost:8000"


def absolute_url(path: str) -> str:
    return site_url() + path


def build(name: str, *, to: list[str], context: dict, reply_to: list[str] | None = None) -> EmailMultiAlternatives:
    context = {"union_name": settings.UNION_NAME, "site_url": site_url(), **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, *, to: list[str], context: dict, reply_to: list[str] | None = None, attachments=()) -> None:
    message = build(name, to=to, context=context, reply_to=reply_to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
