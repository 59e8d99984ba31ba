from django import forms
from django.conf import settings

from insourcing import uploads
from insourcing.models import Branch

from .models import ROWS, Comparison, ComparisonTerms, PayPoint, PayScheme
from .paypoints import parse_pay_points_csv

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ComparisonForm(forms.ModelForm):
    comparable = forms.ChoiceField(
        label="Comparable pay point",
        required=False,
        help_text="From the branch's pay points: the rate in force on the “as at” date is used.",
    )

    class Meta:
        model = Comparison
        fields = [
            "title",
            "as_at",
            "two_tier",
            "living_wage_area",
            "comparable",
            "staff_count",
            "transferred_staff",
            "new_starter_staff",
            "sources",
            "notes",
        ]
        widgets = {
            "as_at": DATE,
            "sources": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        points = PayPoint.objects.filter(branch=branch).order_by("scheme", "point").values_list("scheme", "point")
        labels = dict(PayScheme.choices)
        choices = [("", "None chosen")] + [
            (f"{scheme}|{point}", f"{labels[scheme]} – {point}") for scheme, point in dict.fromkeys(points)
        ]
        current = f"{self.instance.pay_scheme}|{self.instance.pay_point}"
        if self.instance.pay_point and current not in dict(choices):
            choices.append((current, f"{labels.get(self.instance.pay_scheme, '')} – {self.instance.pay_point}"))
        self.fields["comparable"].choices = choices
        # The callable default would add a hidden "initial-as_at" input, and Django gives it the help text's
        # aria-describedby, which is invalid on a hidden input (Nu HTML Checker); nothing here reads has_changed.
        self.fields["as_at"].show_hidden_initial = False
        if self.instance.pay_point:
            self.initial.setdefault("comparable", current)

    def clean(self):
        cleaned = super().clean()
        scheme, _, point = (cleaned.get("comparable") or "").partition("|")
        cleaned["pay_scheme"], cleaned["pay_point"] = scheme, point
        return cleaned

    def comparison_fields(self) -> dict:
        names = [f for f in self.Meta.fields if f != "comparable"] + ["pay_scheme", "pay_point"]
        return {name: self.cleaned_data[name] for name in names}


class TermsForm(forms.ModelForm):
    class Meta:
        model = ComparisonTerms
        fields = ComparisonTerms.TEXT_FIELDS + [
            "hourly_rate",
            "weekly_hours",
            "annual_leave_days",
            "sick_full_weeks",
            "sick_half_weeks",
            "employer_pension_pct",
            "unsocial_premium_pct",
            "unsocial_hours_weekly",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ComparisonTerms.TEXT_FIELDS}

    def __init__(self, *args, labels: dict[str, str], heading: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.heading = heading
        for key, _ in ROWS:
            self.fields[key].label = f"{labels[key]} ({heading})"
        for name in self.Meta.fields[len(ComparisonTerms.TEXT_FIELDS) :]:
            self.fields[name].label = f"{self.fields[name].label[:1].upper()}{self.fields[name].label[1:]} ({heading})"


class PayPointForm(forms.ModelForm):
    weekly_hours = forms.DecimalField(
        label="Standard weekly hours",
        required=False,
        min_value=0.5,
        max_digits=4,
        decimal_places=2,
        help_text="Leave empty for the scheme's standard week: NJC and SJC 37, Agenda for Change 37.5.",
    )

    class Meta:
        model = PayPoint
        fields = ["branch", "scheme", "point", "effective_from", "annual_salary", "weekly_hours", "source"]
        widgets = {"effective_from": DATE}

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        if self.instance.pk:
            del self.fields["branch"]
        elif branches.count() == 1:
            self.initial.setdefault("branch", branches.first().pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("weekly_hours") is None and cleaned.get("scheme"):
            hours = PayScheme(cleaned["scheme"]).standard_weekly_hours
            if hours is None:
                self.add_error("weekly_hours", "Give the standard weekly hours for this scheme.")
            cleaned["weekly_hours"] = hours
        return cleaned


class PayPointImportForm(forms.Form):
    branch = forms.ModelChoiceField(queryset=Branch.objects.none())
    default_scheme = forms.ChoiceField(
        label="Pay scheme for rows that do not name one",
        choices=[("", "Every row names its scheme")] + PayScheme.choices,
        required=False,
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: scheme, point, effective from, annual salary, and optionally weekly hours and source.",
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is made, so the limit shown is the one that settings enforce.
        self.fields["file"].help_text += f" Up to {uploads.limit_text()}."
        self.fields["branch"].queryset = branches
        if branches.count() == 1:
            self.initial.setdefault("branch", branches.first().pk)
        self.rows = []

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(uploads.too_large(upload.size))
        self.rows, errors = parse_pay_points_csv(upload.read(), default_scheme=cleaned.get("default_scheme") or "")
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def error_summary(*forms) -> list[tuple[str, str]]:
    """(link to the field, message) for every error on the page, for the summary at the top."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        items += [("", error) for error in form.non_field_errors()]
        for field in form:
            items += [(f"#{field.id_for_label}", f"{field.label}: {error}") for error in field.errors]
    return items
