from django import forms
from django.utils.html import escape

from campaigns.plans.forms import not_in_future

from . import guide
from .models import (
    Activity,
    Ally,
    AllyAction,
    BusinessCase,
    DecisionMeeting,
    KeyArgument,
    PowerMapContact,
    PowerMapPerson,
    WorkforceAction,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class DatesInOrderMixin:
    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date is before the start date.")
        return cleaned


class WorkforceActionForm(DatesInOrderMixin, forms.ModelForm):
    class Meta:
        model = WorkforceAction
        fields = ["category", "audience", "description", "starts_on", "due_on", "progress", "notes"]
        labels = {"category": "Row of the grid", "description": "Action"}
        widgets = {"description": SHORT_TEXT, "notes": SHORT_TEXT, "starts_on": DATE, "due_on": DATE}


class GridActionForm(WorkforceActionForm):
    """From the grid every action belongs in a cell, so it needs both a row and a column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].required = True
        self.fields["audience"].help_text = ""
        self.fields["audience"].choices = guide.Audience.choices


class ActivityActionForm(WorkforceActionForm):
    """An action of an activity takes its row from the activity; the grid column is optional."""

    class Meta(WorkforceActionForm.Meta):
        fields = ["description", "audience", "starts_on", "due_on", "progress", "notes"]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["category", "title", "notes"]
        labels = {"category": "Plan"}
        widgets = {"title": SHORT_TEXT, "notes": SHORT_TEXT}


class ActivityEditForm(ActivityForm):
    class Meta(ActivityForm.Meta):
        fields = ["title", "notes"]


class SuggestionForm(forms.Form):
    guide_key = forms.ChoiceField(label="Suggested activity", choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide_key"].choices = [
            (entry.key, entry.text) for entries in guide.ACTIVITY_SUGGESTIONS.values() for entry in entries
        ]


class KeyArgumentForm(forms.ModelForm):
    guide_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = KeyArgument
        fields = ["guide_key", "argument", "evidence", "source"]
        widgets = {
            "argument": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "source": SHORT_TEXT,
        }

    def clean_guide_key(self):
        key = self.cleaned_data["guide_key"]
        if self.instance.pk:
            return self.instance.guide_key  # a saved argument keeps its origin whatever the browser sends
        if key and key not in {a.key for a in guide.KEY_ARGUMENTS}:
            raise forms.ValidationError("Unknown guide argument.")
        return key

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset asks for the argument only on a row that has something in it, in words that say what to do
        # (Django's own check would say "This field is required" on a row the officer may mean to leave empty).
        self.fields["argument"].required = False


class BaseKeyArgumentFormSet(forms.BaseModelFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.error_prefix = f"Argument {i + 1}"  # as the row's legend says
        return form

    def clean(self):
        super().clean()
        keys = [f.cleaned_data.get("guide_key") for f in self.forms if getattr(f, "cleaned_data", None)]
        keys = [k for k in keys if k]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError("Each of the guide's arguments can appear only once.")
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if form.has_changed() and not data.get("DELETE") and not data.get("argument"):
                form.add_error(
                    "argument",
                    "Write the argument, or empty this row's evidence and source"
                    + (" and tick Delete." if form.instance.pk else "."),
                )


def key_argument_formset(*, extra: int):
    """The guide's arguments not yet saved come in as extra forms, plus one blank for the branch's own."""
    return forms.modelformset_factory(
        KeyArgument,
        form=KeyArgumentForm,
        formset=BaseKeyArgumentFormSet,
        extra=extra,
        can_delete=True,
        max_num=100,
        absolute_max=100,
    )


class AllyForm(forms.ModelForm):
    class Meta:
        model = Ally
        fields = ["broad_group", "specific_group", "target"]
        widgets = {"target": SHORT_TEXT}


class AllyActionForm(DatesInOrderMixin, forms.ModelForm):
    class Meta:
        model = AllyAction
        fields = ["description", "starts_on", "due_on", "progress", "notes"]
        labels = {"description": "Action"}
        widgets = {"description": SHORT_TEXT, "notes": SHORT_TEXT, "starts_on": DATE, "due_on": DATE}


class PowerMapPersonForm(forms.ModelForm):
    class Meta:
        model = PowerMapPerson
        fields = [
            "name",
            "role",
            "organisation",
            "party_or_body",
            "influence",
            "stance",
            "motivations",
            "self_interest",
            "influenced_by",
            "next_election_on",
        ]
        labels = {"influence": "Influence over the decision (1 to 5)", "influenced_by": "Who influences them"}
        widgets = {
            "motivations": SHORT_TEXT,
            "self_interest": SHORT_TEXT,
            "next_election_on": DATE,
            "influenced_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        others = campaign.power_map.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["influenced_by"].queryset = others
        self.fields["influence"].widget = forms.Select(choices=[(i, i) for i in range(1, 6)])


class PowerMapContactForm(forms.ModelForm):
    class Meta:
        model = PowerMapContact
        fields = ["date", "kind", "summary"]
        widgets = {"date": DATE, "summary": SHORT_TEXT}
        help_texts = {"date": "The day it happened. Plan a future meeting as a row in the campaign plan."}

    def clean_date(self):
        # A contact records what was said: dated ahead, it would be listed as a past meeting in the plan workbook.
        return not_in_future(
            self.cleaned_data.get("date"), "Record a contact once it has happened; plan future ones in the plan."
        )


class DecisionMeetingForm(forms.ModelForm):
    class Meta:
        model = DecisionMeeting
        fields = ["kind", "title", "date", "starts_at", "decides_contract", "notes", "members", "attendees"]
        widgets = {
            "date": DATE,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": SHORT_TEXT,
            "members": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.instance.campaign
        # Only this campaign's people can be chosen: a post naming another campaign's person is refused.
        self.fields["members"].queryset = campaign.power_map.all()
        self.fields["attendees"].queryset = campaign.team.all()


class BusinessCaseForm(forms.ModelForm):
    class Meta:
        model = BusinessCase
        fields = list(BusinessCase.DIMENSIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in BusinessCase.DIMENSIONS}

    def __init__(self, *args, wording, **kwargs):
        super().__init__(*args, **kwargs)
        for name in BusinessCase.DIMENSIONS:
            self.fields[name].help_text = escape(wording[f"business.{name}"])  # help text is shown unescaped
