"""The one place mail is built: subject, text and HTML parts from templates/emails/<name>-*.

    send("foi-overdue", to=[officer.email], context={...})
renders emails/foi-overdue-subject.txt, emails/foi-overdue-body.txt and emails/foi-overdue-body.html.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def build(name: str, *, to: list[str], context: dict, reply_to: list[str] | None = None) -> EmailMultiAlternatives:
    context = {"union_name": settings.UNION_NAME, **context}
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
