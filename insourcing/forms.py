import logging

from django import forms
from django.contrib.auth import forms as auth_forms
from django.urls import reverse

from . import emails
from .models import Branch, BranchWording

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


class WordingForm(forms.Form):
    """The branch's version of guide wording, one field per text; blank goes back to the guide's.

    Fields are named by key when the model has one text per key (every comparison label on one page), and by
    text field when one key has several (a letter's body and its list of asks). `wording()` gives what
    `insourcing.services.wording_save` takes.
    """

    def __init__(self, *args, model: type[BranchWording], current: dict[str, BranchWording], **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        by_field = len(model.TEXT_FIELDS) > 1
        if by_field and len(current) != 1:
            raise ValueError(f"{model.__name__} has several texts per key: edit one key at a time.")
        self.names: dict[str, tuple[str, str]] = {}  # form field name -> (key, text field)
        for key, row in current.items():
            for name in model.text_fields_for(key):
                field_name = name if by_field else key
                model_field = model._meta.get_field(name)
                rows = model.TEXTAREA_ROWS.get(name)
                self.fields[field_name] = forms.CharField(
                    label=model.wording_label(key, name),
                    required=False,
                    max_length=model_field.max_length,
                    initial=getattr(row, name),
                    widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
                    help_text=model_field.help_text or "Leave empty to use the guide's wording.",
                )
                self.names[field_name] = (key, name)

    def wording(self) -> dict[str, dict[str, str]]:
        wording: dict[str, dict[str, str]] = {}
        for field_name, (key, name) in self.names.items():
            wording.setdefault(key, {})[name] = self.cleaned_data.get(field_name, "")
        return wording

    def clean(self):
        data = super().clean()
        if not self.errors:
            for key, texts in self.wording().items():
                if any(texts.values()):
                    self.model.validate_wording(key, texts)
        return data


ERROR_SUMMARY_HEADING = "There is a problem"


def error_items(*parts) -> list[dict]:
    """Every error of the given forms and formsets as {"href": link to its field, "text": what to do}, for the one
    error summary every form page shows (`{% error_summary %}`, templates/partials/error_summary.html).

    A formset's rows are told apart by the row form's `error_prefix` (e.g. "Argument 9", a contract's service)
    or by their number; `None` parts are skipped, so a page can pass forms it shows only sometimes."""
    items: list[dict] = []
    for part in parts:
        if part is None or not getattr(part, "is_bound", False):
            continue
        if isinstance(part, forms.BaseFormSet):
            items += [{"href": "", "text": str(error)} for error in part.non_form_errors()]
            for number, row in enumerate(part.forms, start=1):
                items += _form_items(row, getattr(row, "error_prefix", "") or f"Row {number}")
        else:
            items += _form_items(part, "")
    return items


def _form_items(form, prefix: str) -> list[dict]:
    items = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is None:  # non-field errors
            items += [{"href": "", "text": f"{prefix}: {e}" if prefix else str(e)} for e in errors]
            continue
        label = str(field.label or name.replace("_", " ").capitalize())
        where = f"{prefix} – {label}" if prefix else label
        bound = form[name]
        # Radio buttons and ticks have no one input to label (Django labels their fieldset): link to the first.
        target = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id and bound.subwidgets else "")
        href = f"#{target}" if target else ""
        items += [{"href": href, "text": f"{where}: {error}"} for error in errors]
    return items
