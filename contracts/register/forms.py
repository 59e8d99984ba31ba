"""Register forms: they validate and normalise; views save inside one transaction."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.html import format_html

from insourcing.forms import error_items
from insourcing.models import Branch
from insourcing.validators import not_in_future

from . import rules
from .models import (
    Contract,
    ContractEvent,
    ContractExtension,
    ContractPriority,
    ContractRiskFlag,
    FigureSource,
    PriorityWeights,
    Provider,
    ProviderFinancials,
    PublicAuthority,
    Workplace,
    normalise_company_number,
)
from .models.prioritisation import FACTORS


def _https_urls(db_field, **kwargs):
    """Web addresses typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SUGGESTIONS = 20


class ProviderSearchInput(forms.TextInput):
    """A text box whose suggestions (a native datalist, so keyboard and screen readers need nothing extra) are
    fetched with htmx as the officer types; without JavaScript the typed name or number is resolved on save."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs.update(
            {
                "list": f"{attrs['id']}-suggestions",
                "autocomplete": "off",
                "data-hx-get": reverse("contracts:provider_search"),
                "data-hx-trigger": "input changed delay:250ms",
                "data-hx-target": f"#{attrs['id']}-suggestions",
                "data-hx-sync": "this:replace",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        list_id = f"{self.build_attrs(self.attrs, attrs)['id']}-suggestions"
        return html + format_html('<datalist id="{}"></datalist>', list_id)


def provider_label(provider: Provider) -> str:
    """How a provider is shown and typed: "Name (02165763)", the number telling same-named companies apart."""
    return f"{provider.name} ({provider.company_number})" if provider.company_number else provider.name


class ProviderField(forms.Field):
    """A provider typed as text: a Companies House number, a name, or a suggestion's "Name (number)"."""

    widget = ProviderSearchInput
    _LABELLED = re.compile(r"(.+?)\s*\(([^()]+)\)")

    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        # Set by the form when the officer ticked "add as a new provider": an unknown name then becomes an
        # unsaved Provider, which the view saves with the contract.
        self.allow_new = False
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return provider_label(value) if isinstance(value, Provider) else value

    def to_python(self, value) -> Provider | None:
        text = " ".join(str(value or "").split())
        if not text:
            return None
        # has_changed() resolves the same text again after clean(): remember it (each form has its own field copy).
        if getattr(self, "_resolved", (None,))[0] == text:
            return self._resolved[1]
        self._resolved = (text, self._resolve(text))
        return self._resolved[1]

    def _resolve(self, text: str) -> Provider:
        labelled = self._LABELLED.fullmatch(text)
        name, number = (labelled[1], labelled[2]) if labelled else (text, text)
        if number := normalise_company_number(number):
            found = self.queryset.filter(company_number=number).first()
            if found is not None:
                return found
        named = list(self.queryset.filter(name__iexact=name)[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                f"More than one provider is called “{name}”: choose one from the suggestions or type its "
                "Companies House number."
            )
        if self.allow_new:
            # "Name (number)" keeps the number apart; anything else in brackets is part of the name.
            number = normalise_company_number(number) if labelled else ""
            return Provider(name=name if number else text, company_number=number)
        alike = [provider_label(p) for p in self.queryset.matching(name)[:3]]
        hint = f" Did you mean {' or '.join(f'“{a}”' for a in alike)}?" if alike else ""
        raise ValidationError(
            f"No provider is called “{text}”.{hint} To add it, tick “Add it as a new provider” and save again."
        )

    def has_changed(self, initial, data) -> bool:
        try:
            provider = self.to_python(data)
        except ValidationError:
            return True
        initial_pk = initial.pk if isinstance(initial, Provider) else initial
        if provider is not None and provider.pk is None:
            return True
        return (provider.pk if provider else None) != (initial_pk or None)


TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ContractForm(forms.ModelForm):
    """The guide's two templates in one form, plus where the key figures came from."""

    figures_source = forms.ChoiceField(
        label="Source of the figures you changed",
        choices=[("", "Choose a source")] + FigureSource.Kind.choices,
        required=False,
        help_text="Required when you change a value, date, staff or member count, or the provider.",
    )
    figures_as_of = forms.DateField(
        label="Figures as of",
        required=False,
        widget=DATE,
        validators=[lambda day: not_in_future(day, "Give the date the figures were true, today or earlier.")],
    )
    provider = ProviderField(
        queryset=Provider.objects.all(),
        required=False,
        help_text="Type part of the name or the Companies House number, then choose a suggestion.",
    )
    figures_detail = forms.CharField(
        label="Source detail", required=False, max_length=500, help_text="e.g. the FoI reference or the file"
    )
    new_provider = forms.BooleanField(
        label="Add it as a new provider",
        required=False,
        help_text="When the provider you typed is not on the list yet: it is added when you save the contract.",
    )
    new_provider_company_number = forms.CharField(
        label="New provider's Companies House number (optional)",
        required=False,
        max_length=20,
        help_text="e.g. 02165763. It tells companies with the same name apart.",
    )

    class Meta:
        model = Contract
        fields = [
            "authority",
            "provider",
            "reference",
            "service",
            "description",
            "service_category",
            "cpv_code",
            "value",
            "value_basis",
            "original_tender_date",
            "start_date",
            "end_date",
            "latest_end_date",
            "extension_terms",
            "termination_notice_months",
            "termination_terms",
            "termination_penalty",
            "national_bargaining",
            "two_tier",
            "two_tier_notes",
            "pension_scheme",
            "staff_count",
            "union_members",
            "other_union_members",
            "activists",
            "union_recognised",
            "docas",
            "notes",
        ]
        widgets = {
            "original_tender_date": DATE,
            "start_date": DATE,
            "end_date": DATE,
            "latest_end_date": DATE,
            "description": TEXTAREA,
            "termination_terms": TEXTAREA,
            "two_tier_notes": TEXTAREA,
            "notes": TEXTAREA,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        authorities = PublicAuthority.objects.editable_by(user)
        if self.instance.pk:
            # A contract stays in its branch: moving it would carry its FoI and campaign history along.
            authorities = authorities.filter(branch=self.instance.branch_id)
        self.fields["authority"].queryset = authorities
        self.fields["provider"].allow_new = self["new_provider"].value() in (True, "on", "true", "True", "1")
        if self.instance.provider_id:
            self.initial["provider"] = self.instance.provider
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "The contract",
                "authority",
                "provider",
                "new_provider",
                "new_provider_company_number",
                "service",
                "reference",
                "description",
                "service_category",
                "cpv_code",
            ),
            Fieldset("Value", "value", "value_basis"),
            Fieldset(
                "Dates",
                "original_tender_date",
                "start_date",
                "end_date",
                "extension_terms",
                "latest_end_date",
            ),
            Fieldset("Early termination", "termination_notice_months", "termination_terms", "termination_penalty"),
            Fieldset(
                "Terms and conditions",
                "national_bargaining",
                "two_tier",
                "two_tier_notes",
                "pension_scheme",
            ),
            Fieldset(
                "Staff and members",
                "staff_count",
                "union_members",
                "other_union_members",
                "activists",
                "union_recognised",
                "docas",
            ),
            Fieldset("Source of these figures", "figures_source", "figures_as_of", "figures_detail"),
            Fieldset("Notes", "notes"),
        )

    def changed_figures(self) -> list[str]:
        return [f for f in FigureSource.FIELDS if f in self.changed_data]

    def clean_new_provider_company_number(self):
        return normalise_company_number(self.cleaned_data["new_provider_company_number"])

    def _clean_new_provider(self, cleaned):
        """A provider typed but not found, to be added: its number, and not a company already listed."""
        provider = cleaned.get("provider")
        if provider is None or provider.pk is not None:
            return
        number = cleaned.get("new_provider_company_number") or provider.company_number
        existing = Provider.objects.filter(company_number=number).first() if number else None
        if existing is not None:
            self.add_error(
                "new_provider_company_number",
                f"Companies House number {number} is already “{provider_label(existing)}”: type that in the "
                "provider box instead.",
            )
        provider.company_number = number

    def clean(self):
        cleaned = super().clean()
        self._clean_new_provider(cleaned)
        if self.changed_figures() and not cleaned.get("figures_source"):
            self.add_error(
                "figures_source",
                "Say where the figures you changed came from (choose Estimate if it is a guess).",
            )
        for name, problem in rules.contract_problems(cleaned).items():
            if name not in self.errors:
                self.add_error(name, problem)
        return cleaned


class SharedChoicesFormSet(forms.BaseInlineFormSet):
    """Evaluates each select's options once for the whole formset instead of once per row."""

    shared_choice_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.shared_choice_fields:
            field = self.form.base_fields[name]
            choices = [("", "---------")] + [(obj.pk, str(obj)) for obj in field.queryset]
            for form in self.forms + [self.empty_form]:
                form.fields[name].choices = choices


class EventFormSet(SharedChoicesFormSet):
    shared_choice_fields = ("provider",)


WorkplaceFormSet = inlineformset_factory(
    Contract,
    Workplace,
    fields=["name", "address", "staff_count", "shift_patterns", "shift_times"],
    widgets={"address": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)
ExtensionFormSet = inlineformset_factory(
    Contract,
    ContractExtension,
    fields=["order", "months", "decision_date", "status"],
    widgets={"decision_date": DATE},
    labels={"months": "Extension (months)", "decision_date": "Decision due by"},
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)
EventFormSet = inlineformset_factory(
    Contract,
    ContractEvent,
    formset=EventFormSet,
    fields=["date", "kind", "provider", "notes"],
    widgets={"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)
RiskFlagFormSet = inlineformset_factory(
    Contract,
    ContractRiskFlag,
    fields=["flag", "notes"],
    widgets={"notes": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)

CONTRACT_FORMSETS = [
    ("workplaces", "Workplaces and shifts", WorkplaceFormSet),
    ("extensions", "Extension periods", ExtensionFormSet),
    ("events", "Retenders and changes of contractor", EventFormSet),
    ("risk_flags", "Supply-chain and ethical-procurement risks", RiskFlagFormSet),
]


class PublicAuthorityForm(forms.ModelForm):
    class Meta:
        model = PublicAuthority
        formfield_callback = _https_urls
        fields = ["branch", "name", "kind", "nation", "foi_email", "postal_address", "website", "notes"]
        widgets = {"postal_address": TEXTAREA, "notes": TEXTAREA}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Branch.objects.editable_by(user)
        self.fields["branch"].queryset = branches
        if self.instance.pk:
            # An authority stays with its branch: its contracts and FoI history belong there.
            del self.fields["branch"]
        elif len(branches) == 1:
            # One branch to choose from: no choice to show, and no hidden input to arrive empty (a model form's
            # empty instance overrides a field's initial, so a hidden branch input rendered with no value).
            del self.fields["branch"]
            self.instance.branch = branches[0]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        branch = self.cleaned_data.get("branch") or getattr(self.instance, "branch", None)
        clash = PublicAuthority.objects.filter(branch=branch, name__iexact=name).exclude(pk=self.instance.pk)
        if branch and clash.exists():
            raise forms.ValidationError("Your branch already has an authority with this name.")
        return name


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        formfield_callback = _https_urls
        fields = ["name", "kind", "company_number", "charity_number", "website", "notes"]
        widgets = {"notes": TEXTAREA}

    def clean_company_number(self):
        number = normalise_company_number(self.cleaned_data["company_number"])
        if number and Provider.objects.filter(company_number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another provider already has this Companies House number.")
        return number


FinancialsFormSet = inlineformset_factory(
    Provider,
    ProviderFinancials,
    formfield_callback=_https_urls,
    fields=[
        "year",
        "turnover",
        "profit",
        "dividends",
        "staff_costs",
        "highest_paid_director",
        "source",
        "source_url",
        "notes",
    ],
    widgets={"notes": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)


class ContractPriorityForm(forms.ModelForm):
    """The four factors only officers can judge, each 1 to 5 or not scored yet."""

    class Meta:
        model = ContractPriority
        fields = ["growth", "discontent", "allies", "flagship", "notes"]
        widgets = {"notes": TEXTAREA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for factor in FACTORS:
            if factor.key in self.fields:
                self.fields[factor.key] = forms.TypedChoiceField(
                    label=factor.label,
                    choices=[("", "Not scored")] + [(i, str(i)) for i in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=factor.help,
                )


class PriorityWeightsForm(forms.ModelForm):
    class Meta:
        model = PriorityWeights
        fields = ["density", "growth", "discontent", "allies", "time", "flagship"]
        help_texts = dict.fromkeys(fields, "0 leaves the factor out; 5 counts it five times as much as a 1.")


def error_summary(form, *formsets) -> list[dict]:
    """Every error on the page as a link to its field, for the summary at the top of long forms."""
    return error_items(form, *formsets)


class RiskSuggestionDecisionForm(forms.Form):
    """A Confirm or Dismiss button under a suggested risk: the button's value names the contract and the flag."""

    confirm = forms.CharField(required=False)
    dismiss = forms.CharField(required=False)
    back = forms.ChoiceField(choices=[("register", "risk page"), ("contract", "contract page")], required=False)

    def clean(self):
        cleaned = super().clean()
        chosen = [(name, cleaned.get(name)) for name in ("confirm", "dismiss") if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError("Choose Confirm or Dismiss for one suggested risk.")
        decision, value = chosen[0]
        contract_id, _, flag = value.partition(":")
        if not contract_id.isdigit() or flag not in ContractRiskFlag.Flag.values:
            raise forms.ValidationError("That suggested risk is not one the register knows; nothing was changed.")
        cleaned.update(decision=decision, contract_id=int(contract_id), flag=flag)
        return cleaned
