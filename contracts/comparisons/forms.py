from django import forms
from django.conf import settings

from insourcing import uploads
from insourcing.forms import error_items
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

    def __init__(self, *args, branch: Branch | None, contract=None, contracts=None, **kwargs):
        """`contracts`, when given instead of a contract, are offered as a first field: the comparison list's
        "Add a comparison" starts with no contract chosen (the pay points are then those of the contracts' branches)."""
        super().__init__(*args, **kwargs)
        self.contract = contract or (self.instance.contract if self.instance.contract_id else None)
        if contracts is not None:
            self.fields = {"contract": self._contract_field(contracts), **self.fields}
        points = (
            PayPoint.objects.filter(branch__in=[branch] if branch else contracts.values("branch"))
            .order_by("scheme", "point")
            .values_list("scheme", "point")
        )
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
        self._clean_staff(cleaned)
        scheme, _, point = (cleaned.get("comparable") or "").partition("|")
        cleaned["pay_scheme"], cleaned["pay_point"] = scheme, point
        return cleaned

    @staticmethod
    def _contract_field(contracts):
        field = forms.ModelChoiceField(
            queryset=contracts.select_related("authority").order_by("authority__name", "service", "pk"),
            label="Contract",
            empty_label="Choose the contract",
            help_text="The outsourced contract whose staff's terms you compare.",
        )
        field.label_from_instance = lambda c: f"{c.service} – {c.authority.name}"
        return field

    def _clean_staff(self, cleaned):
        """Staff transferred under TUPE and new starters are the two tiers of the staff compared."""
        self.contract = self.contract or cleaned.get("contract")
        tupe, new = cleaned.get("transferred_staff"), cleaned.get("new_starter_staff")
        staff = cleaned.get("staff_count")
        if staff is None and self.contract is not None:
            staff = self.contract.staff_count
        if staff is None or (tupe is None and new is None) or (tupe or 0) + (new or 0) <= staff:
            return
        whose = "in this comparison" if cleaned.get("staff_count") is not None else "the contract employs"
        self.add_error(
            "new_starter_staff" if new else "transferred_staff",
            f"Staff transferred under TUPE and new starters add up to {(tupe or 0) + (new or 0):,}, more than the "
            f"{staff:,} staff {whose}. Correct the figures, or the number of staff in this comparison.",
        )

    def comparison_fields(self) -> dict:
        names = [f for f in self.Meta.fields if f != "comparable"] + ["pay_scheme", "pay_point"]
        return {name: self.cleaned_data[name] for name in names}


# What a working week, a pension or a premium can be: a figure outside these is a typing slip (200 hours, 150%),
# and saved it would value the gap wrongly. (lowest, highest, whether the lowest itself is allowed, the message.)
TERMS_BOUNDS = {
    "hourly_rate": (0, 200, False, "Enter an hourly rate above £0 and at most £200."),
    "weekly_hours": (
        0,
        60,
        False,
        "Enter weekly hours above 0 and at most 60 (the legal average is 48 a week unless a worker opts out).",
    ),
    "annual_leave_days": (0, 70, True, "Enter annual leave between 0 and 70 days (a year has about 260 working days)."),
    "sick_full_weeks": (0, 52, True, "Enter between 0 and 52 weeks of full sick pay."),
    "sick_half_weeks": (0, 52, True, "Enter between 0 and 52 weeks of half sick pay."),
    "employer_pension_pct": (
        0,
        40,
        True,
        "Enter the employer's contribution as a percentage of pay, between 0 and 40 (the Local Government "
        "Pension Scheme's employer rate is usually 15 to 25%).",
    ),
    "unsocial_premium_pct": (
        0,
        100,
        True,
        "Enter a premium between 0 and 100% (time and a half is 50%, double time 100%).",
    ),
    "unsocial_hours_weekly": (0, 60, True, "Enter unsocial hours between 0 and 60 a week."),
}


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

    def clean(self):
        cleaned = super().clean()
        for name, (low, high, low_allowed, message) in TERMS_BOUNDS.items():
            value = cleaned.get(name)
            if value is not None and (value > high or value < low or (value == low and not low_allowed)):
                self.add_error(name, message)
        hours, unsocial = cleaned.get("weekly_hours"), cleaned.get("unsocial_hours_weekly")
        if None not in (hours, unsocial) and unsocial > hours and "unsocial_hours_weekly" not in self.errors:
            self.add_error("unsocial_hours_weekly", "Unsocial hours cannot be more than the weekly hours.")
        return cleaned


class PayPointForm(forms.ModelForm):
    weekly_hours = forms.DecimalField(
        label="Standard weekly hours",
        required=False,
        min_value=0.5,
        max_value=60,  # as the comparison's weekly hours (TERMS_BOUNDS)
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


def error_summary(*forms) -> list[dict]:
    """Every error on the page, each linking to its field, for the summary at the top."""
    return error_items(*forms)
