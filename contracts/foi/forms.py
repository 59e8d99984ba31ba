"""Forms for FoI requests, their letters and the Insourcing First motion. They validate; services act."""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from contracts.register import rules
from contracts.register.models import Contract, Nation, PublicAuthority
from insourcing import uploads, validators

from . import letters
from .compose import fill_known
from .models import FoIRequest, InsourcingFirstMotion
from .services import ANSWER_FIELDS, Event

SentBy = FoIRequest.SentBy
REPLY_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".rtf",
    ".txt",
    ".eml",
    ".msg",
    ".xls",
    ".xlsx",
    ".ods",
    ".csv",
    ".zip",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(value: datetime.date | None) -> None:
    validators.not_in_future(value)


class DeadlineForm(forms.Form):
    received = forms.DateField(label="Day the authority received the request", widget=DateInput())
    nation = forms.ChoiceField(
        label="Where the authority is",
        choices=Nation.choices,
        initial=Nation.ENGLAND,
        help_text="Scottish authorities answer under FOISA; all others under FOIA.",
    )


PICKER_LIMIT = 30


@dataclass
class ContractPicker:
    """The "contracts it concerns" checkboxes: the authority's contracts only, the ticked ones first, then those
    matching the search, soonest ending first, at most PICKER_LIMIT (an authority can have hundreds)."""

    authority: PublicAuthority | None
    shown: list[Contract]
    selected: set[int]
    search: str
    total: int
    matching: int


def contract_picker(queryset, *, authority, selected, search: str = "") -> ContractPicker:
    search = " ".join((search or "").split())
    selected = {int(pk) for pk in selected if str(pk).isdigit()}
    if authority is None:
        return ContractPicker(None, [], selected, search, 0, 0)
    mine = queryset.filter(authority=authority).select_related("provider")
    order = [F("end_date").asc(nulls_last=True), "service", "pk"]
    ticked = list(mine.filter(pk__in=selected).order_by(*order))
    found = mine.exclude(pk__in=selected)
    if search:
        found = found.filter(
            Q(service__icontains=search) | Q(reference__icontains=search) | Q(provider__name__icontains=search)
        )
    matching = found.count()
    shown = ticked + list(found.order_by(*order)[: max(PICKER_LIMIT - len(ticked), 0)])
    return ContractPicker(authority, shown, {c.pk for c in ticked}, search, mine.count(), matching + len(ticked))


def picker_from(data, queryset, *, authorities=None, authority=None) -> ContractPicker:
    """The picker as the submitted (or, with htmx, the current) form has it: authority, ticks and search.
    `authority` fixes it (a draft's); otherwise it is read from `data` among `authorities`."""
    if authority is None and authorities is not None and str(data.get("authority", "")).isdigit():
        authority = authorities.filter(pk=data["authority"]).first()
    return contract_picker(
        queryset, authority=authority, selected=data.getlist("contracts"), search=data.get("contract_search", "")
    )


class FoIRequestCreateForm(forms.Form):
    authority = forms.ModelChoiceField(queryset=PublicAuthority.objects.none(), label="Public authority")
    # Rendered as a searchable checkbox list (contracts/foi/_contract_picker.html), not this widget.
    contracts = forms.ModelMultipleChoiceField(
        queryset=Contract.objects.none(), required=False, label="Contracts it concerns"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = PublicAuthority.objects.editable_by(user).select_related("branch")
        self.fields["contracts"].queryset = Contract.objects.editable_by(user).select_related("authority")
        # With htmx, choosing the authority lists its contracts at once; without, the Find button does.
        self.fields["authority"].widget.attrs.update(
            {
                "data-hx-get": reverse("contracts:foi_create"),
                "data-hx-trigger": "change",
                "data-hx-include": "this, #id_contract_search, [name='contracts']:checked",
                "data-hx-select": "#foi-contract-picker",
                "data-hx-target": "#foi-contract-picker",
                "data-hx-swap": "outerHTML",
            }
        )
        self.fields["authority"].label_from_instance = lambda a: (
            f"{a.name} ({a.branch.name})" if user.is_officer and len(user.officer_branch_ids) > 1 else a.name
        )

    def clean(self):
        data = super().clean()
        authority, contracts = data.get("authority"), data.get("contracts") or []
        wrong = [c for c in contracts if authority and c.authority_id != authority.pk]
        if wrong:
            raise forms.ValidationError(
                "These contracts belong to another authority: %(names)s. Choose only contracts of %(authority)s.",
                params={"names": ", ".join(c.service for c in wrong), "authority": authority},
            )
        return data


def _clean_letter(body: str, asks: str) -> None:
    letters.check_asks_marker(body, asks)


class FoIRequestEditForm(forms.ModelForm):
    class Meta:
        model = FoIRequest
        fields = ["subject", "body", "asks", "contracts"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "asks": forms.Textarea(attrs={"rows": 7}),
        }
        help_texts = {"body": f"{letters.ASKS_MARKER} marks where the list of information goes."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contracts"].queryset = Contract.objects.filter(
            branch=self.instance.branch_id, authority=self.instance.authority_id
        )
        self.fields["contracts"].required = False

    def clean(self):
        data = super().clean()
        _clean_letter(data.get("body", ""), data.get("asks", ""))
        return data


class FoISendForm(forms.Form):
    method = forms.ChoiceField(label="How", choices=SentBy.choices, widget=forms.RadioSelect, initial=SentBy.APP_EMAIL)
    sent_on = forms.DateField(
        label="Date sent (post or other)", required=False, widget=DateInput(), validators=[_not_in_future]
    )
    received_on = forms.DateField(
        label="Date the authority received it (post or other)",
        required=False,
        widget=DateInput(),
        validators=[_not_in_future],
        help_text="For a posted letter, allow for delivery. The 20 working days follow this day.",
    )

    def __init__(self, *args, foi: FoIRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.foi = foi

    def clean(self):
        data = super().clean()
        method = data.get("method")
        # As the letter will go: placeholders the app can answer (a reference given since) are filled.
        missing = letters.unfilled_placeholders(fill_known(self.foi.body, self.foi))
        if missing:
            raise forms.ValidationError(
                "The letter still has placeholders to fill in: %(names)s. Edit the letter first.",
                params={"names": ", ".join(missing)},
            )
        if method == SentBy.APP_EMAIL and not self.foi.authority.foi_email:
            self.add_error("method", f"{self.foi.authority} has no FoI email address: add it, or post the letter.")
        if method == SentBy.POST and not data.get("received_on"):
            self.add_error("received_on", "Enter the day the authority received the posted letter.")
        sent_on, received_on = data.get("sent_on"), data.get("received_on")
        if sent_on and received_on and received_on < sent_on:
            self.add_error("received_on", "The authority cannot receive it before it was sent.")
        return data


class FoIEventForm(forms.Form):
    event = forms.ChoiceField(label="What happened", choices=Event.CHOICES)
    on = forms.DateField(label="On", widget=DateInput(), validators=[_not_in_future])
    authority_reference = forms.CharField(label="Authority's reference (if given)", max_length=100, required=False)
    details = forms.CharField(
        label="What the authority asked", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FoIReplyForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the reply",
        choices=[(s, FoIRequest.Status(s).label) for s in FoIRequest.ANSWERS],
        widget=forms.RadioSelect,
    )
    replied_on = forms.DateField(label="Date of the reply", widget=DateInput(), validators=[_not_in_future])
    reply_file = forms.FileField(
        label="The reply (file)",
        required=False,
        help_text="PDF, Word, spreadsheet, email or zip.",
    )
    exemptions_cited = forms.CharField(
        label="Exemptions cited",
        max_length=500,
        required=False,
        help_text="e.g. section 43 (commercial interests). Needed when the reply refused or partly answered: a "
        "refusal notice must name the exemptions for what it withholds (section 17). Write “none given” if it named "
        "none.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, foi: FoIRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.foi = foi
        self.fields["reply_file"].help_text = f"PDF, Word, spreadsheet, email or zip; up to {uploads.limit_text()}."

    def clean_reply_file(self):
        upload = self.cleaned_data.get("reply_file")
        if not upload:
            return upload
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "%(too_large)s Save a smaller copy (e.g. a PDF of the letter without its attachments) and upload that.",
                params={"too_large": uploads.too_large(upload.size)},
            )
        if Path(upload.name).suffix.lower() not in REPLY_EXTENSIONS:
            raise forms.ValidationError(
                "This kind of file cannot be attached. Use one of: %(kinds)s.",
                params={"kinds": ", ".join(sorted(REPLY_EXTENSIONS))},
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("outcome") in (FoIRequest.Status.REFUSED, FoIRequest.Status.PARTLY_ANSWERED) and not data.get(
            "exemptions_cited"
        ):
            self.add_error("exemptions_cited", "Say which exemptions the authority cited (or “none given”).")
        if self.foi is not None and (problem := self.foi.reply_date_problem(data.get("replied_on"))):
            self.add_error("replied_on", problem)
        return data


_ANSWER_FORM_FIELDS = forms.fields_for_model(
    Contract,
    fields=ANSWER_FIELDS,
    widgets={
        "end_date": DateInput(),
        "latest_end_date": DateInput(),
        "termination_terms": forms.Textarea(attrs={"rows": 2}),
    },
    labels={"value": "Contract value (£)", "staff_count": "Staff employed"},
)


class ContractAnswerForm(forms.Form):
    """What the reply says about one contract. Blank means the reply did not say, and changes nothing."""

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.error_prefix = contract.service
        for name, field in _ANSWER_FORM_FIELDS.items():
            field = copy.deepcopy(field)
            field.required = False
            current = getattr(contract, name)
            # Form help text is shown unescaped (Django's convention): the register's values must be escaped.
            field.help_text = format_html("In the register now: {}", _show(current))
            self.fields[name] = field

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def clean(self):
        """The register's rules on the contract as the reply would leave it: only problems the reply's figures
        bring are refused (a contract already wrong in the register is not this form's to block)."""
        data = super().clean()
        current = {name: getattr(self.contract, name) for name in rules.CONTRACT_FIELDS}
        reading = self.contract.campaign_members_reading()
        if reading:
            current["campaign_members"] = reading[0]
        before = rules.contract_problems(current)
        after = rules.contract_problems(current | self.answers())
        for name, problem in after.items():
            if before.get(name) == problem:
                continue
            if name in self.fields:
                if name not in self.errors:
                    self.add_error(name, problem)
            else:
                # e.g. UNISON members recorded in the register, or by the campaign's latest reading, outnumber
                # the staff the reply gives.
                register = getattr(self.contract, name)
                if name == "union_members" and reading and (register is None or reading[0] > register):
                    members, taken_on = reading
                    where = f"The campaign's latest reading ({taken_on.day} {taken_on:%B %Y}) has {members:,} members."
                else:
                    where = f"The register has {register:,} {rules.HEADCOUNTS[name]}."
                self.add_error("staff_count", f"{problem} {where}")
        return data


def _show(value) -> str:
    if value in (None, ""):
        return "unknown"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


class BaseContractAnswerFormSet(forms.BaseFormSet):
    def __init__(self, *args, contracts: list[Contract], **kwargs):
        self.contracts = contracts
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.contracts)

    def get_form_kwargs(self, index):
        return {"contract": self.contracts[index]}


ContractAnswerFormSet = forms.formset_factory(
    ContractAnswerForm, formset=BaseContractAnswerFormSet, extra=0, max_num=500, absolute_max=500
)


class NewContractForm(forms.Form):
    """A contract the reply names that is not in the register yet. A blank row adds nothing."""

    service = forms.CharField(label="Contracted service", max_length=500, required=False)
    reference = forms.CharField(label="Authority's reference", max_length=200, required=False)
    provider_name = forms.CharField(label="Supplier", max_length=300, required=False)
    value = forms.DecimalField(label="Contract value (£)", max_digits=16, decimal_places=2, min_value=0, required=False)
    value_basis = forms.ChoiceField(
        label="The value is", choices=Contract.ValueBasis.choices, initial=Contract.ValueBasis.UNKNOWN
    )
    start_date = forms.DateField(label="Start date", required=False, widget=DateInput())
    end_date = forms.DateField(label="End date", required=False, widget=DateInput())
    latest_end_date = forms.DateField(label="Latest possible end date", required=False, widget=DateInput())
    extension_terms = forms.CharField(label="Extension options", max_length=300, required=False)
    staff_count = forms.IntegerField(label="Staff employed", min_value=0, required=False)

    def has_changed(self):
        # The value basis always has a choice: a row counts as filled in only when something else is.
        return any(name != "value_basis" and self.data.get(self.add_prefix(name)) for name in self.fields)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("service"):
            self.add_error("service", "Enter the service the reply names, or clear this row.")
        for name, problem in rules.contract_problems(data).items():
            if name not in self.errors:
                self.add_error(name, problem)
        return data


class BaseNewContractFormSet(forms.BaseFormSet):
    """Refuses a contract the register already has, so a reply never makes a duplicate."""

    def __init__(self, *args, foi: FoIRequest, **kwargs):
        self.foi = foi
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.error_prefix = f"New contract {i + 1}"  # as its legend says
        return form

    def clean(self):
        existing = Contract.objects.filter(branch=self.foi.branch_id, authority=self.foi.authority_id)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not form.has_changed() or not data.get("service"):
                continue
            reference, service = data.get("reference", "").strip(), data["service"].strip()
            same = (
                existing.filter(reference__iexact=reference)
                if reference
                else existing.filter(service__iexact=service, reference="")
            )
            if same.exists():
                form.add_error(
                    "reference" if reference else "service",
                    f"“{service}” is already in the register for {self.foi.authority}: link it to this request and "
                    "enter its figures there.",
                )


NewContractFormSet = forms.formset_factory(
    NewContractForm, formset=BaseNewContractFormSet, extra=3, max_num=50, absolute_max=50
)


class FoIFollowUpForm(forms.Form):
    """An internal review request (sent or recorded) or a complaint to the regulator."""

    body = forms.CharField(label="Letter", widget=forms.Textarea(attrs={"rows": 18}))
    method = forms.ChoiceField(label="How", choices=SentBy.choices, widget=forms.RadioSelect, initial=SentBy.POST)
    on = forms.DateField(
        label="Date sent (post or other)", required=False, widget=DateInput(), validators=[_not_in_future]
    )

    def __init__(self, *args, foi: FoIRequest, allow_email: bool, complaint: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.foi = foi
        if not allow_email:
            self.fields["method"].choices = [c for c in SentBy.choices if c[0] != SentBy.APP_EMAIL]
        if complaint and self.review_not_due(timezone.localdate()):
            # The regulators expect the authority's internal review to have run its course first.
            due = foi.review_due_on
            self.fields["complain_early"] = forms.BooleanField(
                label=f"Record the complaint although the internal review outcome is not due until "
                f"{due.day} {due:%B %Y}",
                required=False,
            )

    def review_not_due(self, day: datetime.date) -> bool:
        return bool(self.foi.review_due_on) and day < self.foi.review_due_on

    def clean(self):
        data = super().clean()
        missing = letters.unfilled_placeholders(fill_known(data.get("body", ""), self.foi))
        if missing:
            self.add_error("body", "Fill in or remove these placeholders: " + ", ".join(missing))
        if data.get("method") == SentBy.APP_EMAIL and not self.foi.authority.foi_email:
            self.add_error("method", f"{self.foi.authority} has no FoI email address: add it, or post the letter.")
        if data.get("method") in (SentBy.POST, SentBy.OUTSIDE) and not data.get("on"):
            self.add_error("on", "Enter the date it was sent.")
        made_on = data.get("on") or timezone.localdate()
        if "complain_early" in self.fields and self.review_not_due(made_on) and not data.get("complain_early"):
            due = self.foi.review_due_on
            self.add_error(
                "complain_early",
                f"The internal review outcome is not due until {due.day} {due:%B %Y}, and the regulator usually "
                "expects the review to finish first. Tick the box to record the complaint anyway.",
            )
        return data


class FoIRepeatForm(forms.Form):
    contract = forms.ModelChoiceField(queryset=Contract.objects.none(), label="Contract")
    months_before = forms.TypedChoiceField(
        label="How long before its renewal decision",
        coerce=int,
        choices=[(m, f"{m} months") for m in (3, 6, 9, 12, 18, 24)],
        initial=12,
    )

    def __init__(self, *args, foi: FoIRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = foi.contracts.all()


class MotionCreateForm(forms.Form):
    authority = forms.ModelChoiceField(queryset=PublicAuthority.objects.none(), label="Public authority")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = PublicAuthority.objects.editable_by(user)


class MotionForm(forms.ModelForm):
    class Meta:
        model = InsourcingFirstMotion
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}
        help_texts = {"body": "Lines starting with “-” print as a bulleted list."}
