from django import forms
from django.conf import settings

from contracts.register.models import PublicAuthority

from . import limits
from .synonyms import TARGETS, is_personal, match_header

NOT_IMPORTED = ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] or [single(None, initial)]
        return [single(data, initial)]


class AuthorityFields(forms.Form):
    """The authority every row goes under: chosen on upload, and again on the column matching (a file in a zip, or
    one uploaded without it, may have no column naming its authority)."""

    authority = forms.ModelChoiceField(
        queryset=PublicAuthority.objects.none(),
        required=False,
        empty_label="The authority named in each row",
        label="Authority",
        help_text="Choose one to put every row under it, and to reuse its saved column mapping.",
    )
    new_authority = forms.CharField(
        max_length=300, required=False, label="Or a new authority", help_text="e.g. Norfolk County Council"
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = PublicAuthority.objects.filter(branch=branch)

    def clean(self):
        data = super().clean()
        data["new_authority"] = " ".join(data.get("new_authority", "").split())
        if data.get("authority") and data["new_authority"]:
            raise forms.ValidationError("Choose an existing authority or type a new one, not both.")
        return data

    def names_an_authority(self) -> bool:
        return bool(self.cleaned_data.get("authority") or self.cleaned_data.get("new_authority"))


class UploadForm(AuthorityFields):
    file = MultipleFileField(
        label="Contract registers or Contracts Finder files",
        help_text="One file or several: CSV or Excel (.xlsx) registers, OCDS JSON from Contracts Finder or Find a "
        "Tender, the Contracts Finder CSV export, or a zip of any of these. Each file is reported on its own.",
    )
    field_order = ["file", "authority", "new_authority"]

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, branch=branch, **kwargs)
        self.fields["file"].help_text += " " + limits.describe()

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        too_big = next((u for u in uploads if u.size > settings.MAX_UPLOAD_BYTES), None)
        if too_big is not None:
            raise forms.ValidationError(
                f"{too_big.name} is {limits.over_text(too_big.size, settings.MAX_UPLOAD_BYTES)}. {limits.describe()}"
            )
        if len(uploads) > settings.IMPORT_MAX_FILES:
            raise forms.ValidationError(f"You chose {len(uploads)} files. {limits.describe()}")
        total = sum(u.size for u in uploads)
        if total > settings.MAX_REQUEST_BYTES:
            raise forms.ValidationError(
                f"The files come to {limits.over_text(total, settings.MAX_REQUEST_BYTES)}. {limits.describe()}"
            )
        return uploads


class MappingForm(AuthorityFields):
    """The authority, then one select per column of the file: which contract field it fills, if any."""

    def __init__(self, *args, headers: list[str], keys: list[str], mapping: dict, branch, **kwargs):
        super().__init__(*args, branch=branch, **kwargs)
        choices = [(NOT_IMPORTED, "— not imported —")] + [(name, t.label) for name, t in TARGETS.items()]
        self.keys = keys
        for index, (header, key) in enumerate(zip(headers, keys, strict=False)):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                initial=mapping.get(key, NOT_IMPORTED),
                label=header or f"Column {index + 1}",
                help_text=_hint(key) if key not in mapping else "",
            )

    def columns(self):
        return [self[f"column_{index}"] for index in range(len(self.keys))]

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for index, key in enumerate(self.keys):
            field = data.get(f"column_{index}")
            if not field:
                continue
            if field in chosen.values():
                self.add_error(f"column_{index}", f"“{TARGETS[field].label}” is already chosen for another column.")
            chosen[key] = field
        self.mapping = chosen
        if "service" not in chosen.values() and "reference" not in chosen.values():
            raise forms.ValidationError("Choose the column with the contract title or the contract reference.")
        if "authority" not in chosen.values() and not self.names_an_authority():
            # Every row would fail the dry run with "No authority is named in this row".
            self.add_error(
                "authority", "No column names the authority: choose the authority for every row, or type a new one."
            )
        return data


def _hint(key: str) -> str:
    """Why a column was left unmatched, so the officer decides what we would not guess."""
    if is_personal(key):
        return "Personal data: not imported unless you choose a field"
    could_be = match_header(key).could_be
    if could_be:
        return "Could be " + " or ".join(f"“{TARGETS[name].label}”" for name in could_be) + ": we did not guess"
    return ""


class ApplyForm(forms.Form):
    mode = forms.ChoiceField(
        label="How to apply",
        widget=forms.RadioSelect,
        initial="all",
        choices=[
            ("all", "All or nothing: apply only if no row has an error"),
            ("good", "Apply the good rows and leave out the rows with errors"),
        ],
    )
