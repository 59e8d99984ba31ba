import re

from django import forms

from contracts.register.models import PublicAuthority

from .models import FollowedAuthority, normalise_identifier

# An authority's name as notices spell it: letters (any alphabet), digits, spaces and the punctuation of names
# such as "St Helens Council", "Barking & Dagenham", "King's Lynn and West Norfolk" or "NHS Lothian (Health Board)".
NAME = re.compile(r"[\w\s&'’.,()/:–—-]+")
# The schemes the page names, each with the form of its ids: an LAE register code ("GB-LAE:LDS"), an NHS ODS code
# ("GB-NHS:RBA", "GB-NHS:00L"), a Companies House number ("GB-COH:01234567", "GB-COH:SC123456").
SCHEMES = {
    "GB-LAE": (re.compile(r"[A-Z]{3,4}"), "a council's three or four letter code, e.g. GB-LAE:LDS"),
    "GB-NHS": (re.compile(r"[A-Z0-9]{3,6}"), "an NHS organisation code, e.g. GB-NHS:RBA"),
    "GB-COH": (re.compile(r"(\d{8}|[A-Z]{2}\d{6})"), "an eight-character company number, e.g. GB-COH:01234567"),
}
SCHEME_PREFIX = re.compile(r"^(GB[-\s]?(?:LAE|NHS|COH))(?:[-:\s/]+(.*))?$", re.IGNORECASE)
# Any other identifier is the buyer's id as a notice gives it ("GB-LAC-E09000003", "GB-FTS-12345", a Contracts
# Finder party id such as "6f7556a3368c205bd02b"): letters, digits, hyphens, dots and colons, with a digit in it.
PARTY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.:_-]{3,99}")


def canonical_identifier(raw: str) -> str:
    """How the watch list stores a valid identifier: upper-cased, a scheme id as `GB-LAE:LDS` whichever way it was
    typed (`gb lae lds`, `GB-LAE-LDS`), a notice's own buyer id as given but upper-cased (matching ignores case)."""
    if match := SCHEME_PREFIX.match(raw):
        return f"GB-{match[1][-3:].upper()}:{(match[2] or '').strip().upper()}"
    return raw.upper()


def split_identifiers(text: str) -> tuple[list[str], list[str]]:
    """The identifiers in what was typed, and the problems. Commas, semicolons or new lines separate them; so do
    spaces, when every piece is an identifier on its own (`GB-LAE:LDS GB-NHS:RBA`) and the whole is not one
    (`GB-LAE LDS` is one identifier). Repeats (however typed) are kept once."""
    found, problems = [], []
    for part in (p.strip() for p in re.split(r"[,;\n]", text)):
        if not part:
            continue
        pieces = part.split()
        if not identifier_problem(part):
            found.append(part)
        elif len(pieces) > 1 and not any(identifier_problem(piece) for piece in pieces):
            found.extend(pieces)
        else:
            problems.append(identifier_problem(part))
    unique = {}
    for identifier in found:
        unique.setdefault(normalise_identifier(identifier), canonical_identifier(identifier))
    return list(unique.values()), problems


def identifier_problem(raw: str) -> str:
    """Why `raw` cannot be one of the watch list's identifiers, or "" when it can."""
    if match := SCHEME_PREFIX.match(raw):
        scheme = "GB-" + match[1][-3:].upper()
        pattern, form = SCHEMES[scheme]
        number = (match[2] or "").strip().upper()
        if not number:
            return f"“{raw}” names the scheme {scheme} but no id after it: write {form}."
        if not pattern.fullmatch(number):
            return f"“{raw}” is not a {scheme} id: write {form}."
        return ""
    if PARTY_ID.fullmatch(raw) and re.search(r"\d", raw):
        return ""
    return (
        f"“{raw}” is not an identifier notices use: write GB-LAE:LDS for a council, GB-NHS:RBA for an NHS body, "
        "GB-COH:01234567 for a company, or the buyer's id exactly as a notice gives it (letters, digits and "
        "hyphens, no spaces)."
    )


class FollowedAuthorityForm(forms.ModelForm):
    class Meta:
        model = FollowedAuthority
        fields = ["name", "identifiers", "authority"]
        labels = {"authority": "In the register as"}
        # The page explains each column once, above the table: every row's box points at that text. (Left to
        # Django, each would point at a per-row help text the table does not show: a broken aria-describedby.)
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control form-control-sm", "aria-describedby": "watch-help"}),
            "identifiers": forms.TextInput(
                attrs={"class": "form-control form-control-sm", "aria-describedby": "watch-ids-help"}
            ),
            "authority": forms.Select(
                attrs={"class": "form-select form-select-sm", "aria-describedby": "watch-register-help"}
            ),
        }

    def __init__(self, *args, branch, authority_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        field.queryset = PublicAuthority.objects.filter(branch=branch).order_by("name")
        field.empty_label = "Not in the register yet"
        if authority_choices is not None:
            field.choices = authority_choices  # read once for the whole list, not once per row

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.pk and name == self.instance.name:
            return name  # a name already followed (perhaps as the register spells it) is not questioned again
        if not NAME.fullmatch(name) or len(re.findall(r"[^\W\d_]", name)) < 2:
            raise forms.ValidationError(
                f"“{name}” is not an authority's name as notices spell it: use letters, numbers, spaces and "
                "& ' . , ( ) - / only, e.g. Leeds City Council."
            )
        return name

    def clean_identifiers(self):
        identifiers, problems = split_identifiers(self.cleaned_data["identifiers"])
        if problems:
            raise forms.ValidationError(problems)
        return ", ".join(identifiers)


class BaseWatchListFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, branch, **kwargs):
        self.branch = branch
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if not hasattr(self, "_authority_choices"):
            authorities = PublicAuthority.objects.filter(branch=self.branch).order_by("name")
            self._authority_choices = [("", "Not in the register yet")] + [(a.pk, a.name) for a in authorities]
        return {**super().get_form_kwargs(index), "branch": self.branch, "authority_choices": self._authority_choices}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), branch=self.branch)
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        kept = [
            (number, f)
            for number, f in enumerate(self.forms, start=1)
            if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
        ]
        rows_by_name = {}
        for number, form in kept:
            rows_by_name.setdefault(form.cleaned_data["name"].casefold(), []).append((number, form))
        repeated = [rows for rows in rows_by_name.values() if len(rows) > 1]
        for rows in repeated:
            numbers = [str(number) for number, _form in rows]
            name = rows[0][1].cleaned_data["name"]
            where = ", ".join(numbers[:-1]) + " and " + numbers[-1]
            for _number, form in rows[1:]:  # the first row keeps the name; each repeat is marked
                form.add_error("name", f"Rows {where} both follow “{name}”: each authority can be followed once.")
        if repeated:
            raise forms.ValidationError("Each authority can be followed once: change or clear the rows marked.")
        kept = [f for _number, f in kept]
        # Rows already followed but not on this page's rows (another officer added one meanwhile, or a row's
        # hidden id was lost) would otherwise reach the database's unique constraint as a server error.
        shown = {f.instance.pk for f in self.forms if f.instance.pk}
        elsewhere = {
            name.casefold(): name
            for name in FollowedAuthority.objects.filter(branch=self.branch)
            .exclude(pk__in=shown)
            .values_list("name", flat=True)
        }
        for form in kept:
            if form.cleaned_data["name"].casefold() in elsewhere and not form.instance.pk:
                raise forms.ValidationError(
                    f"{elsewhere[form.cleaned_data['name'].casefold()]} is already on the watch list: "
                    "each authority can be followed once."
                )


WatchListFormSet = forms.modelformset_factory(
    FollowedAuthority, form=FollowedAuthorityForm, formset=BaseWatchListFormSet, extra=2, can_delete=True
)
