import logging

from django import forms
from django.contrib.auth import forms as auth_forms
from django.urls import reverse

from . import emails
from .models import Branch

logger = logging.getLogger(__name__)


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["name", "address", "email", "phone", "signatory_name", "signatory_position"]
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the email built like every other (insourcing.emails): text and HTML parts,
    and the link on SITE_URL rather than the Host header the request happened to carry."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        try:
            emails.send(
                "password-reset",
                to=[to_email],
                context={"email": context["email"], "reset_url": emails.absolute_url(path)},
            )
        except Exception:
            # As Django does: a failure must not tell the asker whether the address has an account.
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
