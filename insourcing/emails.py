"""The one place mail is built: subject, text and HTML parts from templates/emails/<name>-*.

    send("foi-overdue", to=[officer.email], context={...})
renders emails/foi-overdue-subject.txt, emails/foi-overdue-body.txt and emails/foi-overdue-body.html.
Every template gets `union_name` and `site_url` (for links: `{{ site_url }}{{ obj.get_absolute_url }}`).
The HTML part is a fragment: build() wraps it in emails/_document.html, so every HTML part is a complete
document (doctype, language, charset, title) without each template repeating the shell.
"""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def site_url() -> str:
    """The site's address for links in mail: SITE_URL, else https:// and the first allowed host."""
    if settings.SITE_URL:
        return settings.SITE_URL
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return f"https://{hosts[0]}" if hosts else "http://localhost:8000"


def site_domain() -> str:
    """The site's host name, for Message-IDs, List-Ids and calendar UIDs that must be unique to this install."""
    return urlsplit(site_url()).hostname or "localhost"


def absolute_url(path: str) -> str:
    return site_url() + path


def build(
    name: str,
    *,
    to: list[str],
    context: dict,
    reply_to: list[str] | None = None,
    unsubscribe_url: str = "",
    list_name: str = "",
) -> EmailMultiAlternatives:
    """The message for template `name`. Mail people can switch off (reminders, digests) passes `unsubscribe_url`
    and `list_name`: it then carries List-Id and RFC 8058 one-click List-Unsubscribe headers."""
    context = {"union_name": settings.UNION_NAME, "site_url": site_url(), **context}
    if unsubscribe_url:
        context.setdefault("unsubscribe_url", unsubscribe_url)
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(
        "emails/_document.html",
        {"subject": subject, "body": mark_safe(render_to_string(f"emails/{name}-body.html", context))},  # noqa: S308
    )
    domain = site_domain()
    # Django would take the Message-ID domain from the server's host name, which may be an internal name.
    headers = {"Message-ID": make_msgid(domain=domain)}
    if unsubscribe_url:
        label = list_name or name
        headers["List-Id"] = f"{settings.UNION_NAME} Insourcing {label.replace('-', ' ')} <{label}.{domain}>"
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def send(
    name: str,
    *,
    to: list[str],
    context: dict,
    reply_to: list[str] | None = None,
    attachments=(),
    unsubscribe_url: str = "",
    list_name: str = "",
) -> None:
    message = build(
        name, to=to, context=context, reply_to=reply_to, unsubscribe_url=unsubscribe_url, list_name=list_name
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
