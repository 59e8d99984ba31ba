import datetime

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from contracts.models import Contract
from contracts.register import rules
from insourcing import validators
from insourcing.models import Branch, User

from . import workdays
from .models import Campaign, MembershipSnapshot, PlanRow, PlanStepTemplate, TeamMember


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


READING_LATER = "Record the figures you have today or earlier, and add a new reading when the day comes."


def not_in_future(day, then: str = READING_LATER):
    return validators.not_in_future(day, then)


# A campaign may be entered a little ahead of its launch (at next month's branch meeting, say), never further:
# its baseline is the register's figures today, and its plan counts forward from the start.
START_AHEAD_DAYS = 31


def start_not_far_ahead(day):
    latest = timezone.localdate() + datetime.timedelta(days=START_AHEAD_DAYS)
    if day and day > latest:
        raise forms.ValidationError(
            f"A campaign can start at most a month ahead (by {latest:%-d %B %Y}). Start it here nearer the time: "
            "its baseline records the membership figures as they are today."
        )
    return day


class ContractCheckboxes(forms.CheckboxSelectMultiple):
    """Ticks rather than a ctrl-click list; campaigns-plans.js adds a filter box above a long list."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"data-contract-filter": "1"}, **kwargs)


def branch_contracts(user, branch):
    """The contracts a campaign of `branch` may target: that branch's only (it owns its authorities' contracts),
    soonest ending first; every branch the officer edits while no branch is chosen yet."""
    contracts = Contract.objects.editable_by(user).select_related("authority", "branch")
    if branch is not None:
        contracts = contracts.filter(branch=branch)
    return contracts.order_by(F("end_date").asc(nulls_last=True), "service", "pk")


def contract_label(contract, *, with_branch=False) -> str:
    ends = f"ends {contract.end_date:%-d %b %Y}" if contract.end_date else "end date unknown"
    branch = f" ({contract.branch.name})" if with_branch else ""
    return f"{contract.service} – {contract.authority.name}{branch} · {ends}"


class CampaignStartForm(forms.ModelForm):
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), empty_label="Choose the branch")
    target_contracts = forms.ModelMultipleChoiceField(
        queryset=Contract.objects.none(),
        required=False,
        help_text="The contracts to bring back in-house. Plan deadlines count back from their end or "
        "extension decision dates.",
    )
    seed_from_guide = forms.BooleanField(
        label="Offer the guide's steps as draft plan rows", required=False, initial=True
    )
    start_anyway = forms.BooleanField(
        label="Start it anyway (a second campaign on the same contract)", required=False, widget=forms.HiddenInput()
    )

    class Meta:
        model = Campaign
        fields = ["branch", "name", "target_contracts", "goal", "started_on"]
        widgets = {"started_on": DateInput(), "goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.editable_by(user)
        branches = list(self.fields["branch"].queryset[:2])
        if len(branches) == 1:
            # An officer of one branch has nothing to choose. The field is disabled, so Django takes its value from
            # `initial` and ignores the post: set it here, because the empty instance's `branch: None` in
            # `self.initial` would otherwise win over a field initial and leave a hidden field the officer
            # cannot fill ("Branch: This field is required").
            self.initial["branch"] = branches[0].pk
            self.fields["branch"].disabled = True
            self.fields["branch"].widget = forms.HiddenInput()
        # Only the chosen branch's contracts: a region's officer would otherwise scroll every authority's list.
        chosen = self.data.get("branch") if self.is_bound else self.initial.get("branch")
        branch = self.fields["branch"].queryset.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
        field = self.fields["target_contracts"]
        field.widget = ContractCheckboxes()  # before the queryset, which hands the widget its choices
        field.queryset = branch_contracts(user, branch)
        field.label_from_instance = lambda c: contract_label(c, with_branch=branch is None)

    def clean_started_on(self):
        return start_not_far_ahead(self.cleaned_data.get("started_on"))

    def clean(self):
        cleaned = super().clean()
        branch, contracts = cleaned.get("branch"), cleaned.get("target_contracts") or []
        if branch and any(c.branch_id != branch.pk for c in contracts):
            self.add_error("target_contracts", "Choose contracts of the campaign's own branch.")
        elif contracts and not cleaned.get("start_anyway"):
            self._refuse_a_second_campaign(contracts)
        return cleaned

    def _refuse_a_second_campaign(self, contracts):
        """Two campaigns on one contract split the work and, before the dashboards counted contracts once, doubled
        its staff: say which campaign exists, link to it, and let the officer start a second one knowingly."""
        existing = (
            Campaign.objects.active().filter(target_contracts__in=contracts).distinct().order_by("started_on", "pk")
        )
        if not existing:
            return
        links = format_html_join(", ", '<a href="{}">{}</a>', ((c.get_absolute_url(), c.name) for c in existing))
        self.add_error(
            "target_contracts",
            format_html(
                "This contract already has a campaign under way: {}. Work in that campaign, or tick "
                "“Start it anyway” and submit again.",
                links,
            ),
        )
        self.fields["start_anyway"].widget = forms.CheckboxInput()


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "target_contracts", "goal", "status", "phase", "lead", "reminder_days_before", "alarm_days"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3}), "target_contracts": ContractCheckboxes()}
        help_texts = {"target_contracts": "The contracts to bring back in-house: your branch's contracts only."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = self.instance.team.all()
        self.fields["target_contracts"].queryset = branch_contracts(user, self.instance.branch)
        self.fields["target_contracts"].label_from_instance = contract_label


class TargetsForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "target_density",
            "target_activists",
            "target_date",
            "baseline_on",
            "baseline_staff",
            "baseline_members",
            "baseline_other_union_members",
            "baseline_activists",
        ]
        widgets = {"target_date": DateInput(), "baseline_on": DateInput()}
        help_texts = {"baseline_staff": "Leave blank if unknown."}

    def clean_baseline_on(self):
        return not_in_future(self.cleaned_data.get("baseline_on"))

    def clean(self):
        cleaned = super().clean()
        counts = {f: cleaned.get(f) for f in ("baseline_members", "baseline_other_union_members", "baseline_activists")}
        for name, problem in rules.headcount_problems(cleaned.get("baseline_staff"), counts).items():
            self.add_error(name, problem)
        target, baseline = cleaned.get("target_date"), cleaned.get("baseline_on")
        if target and baseline and target <= baseline:
            self.add_error("target_date", "Targets are met after the baseline: choose a date after the baseline's.")
        elif target and target < timezone.localdate() and "target_date" in self.changed_data:
            # Only a newly entered date: a campaign whose target date has passed can still have its figures edited.
            self.add_error("target_date", "This date has passed: targets to be met by are set for the future.")
        return cleaned


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "email", "user", "reminders_enabled"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(officer_roles__branch=campaign.branch_id).order_by("email")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user") and not cleaned.get("email"):
            cleaned["email"] = cleaned["user"].email
        return cleaned


def without_moved_note(notes: str) -> str:
    """The seeding's "Moved from <date>, a weekend, …" sentence describes the old deadline: once the deadline is
    set by hand it is stale, so it goes (anything else in the notes stays)."""
    lines = [line for line in notes.splitlines() if not line.startswith((workdays.NOTE_START, workdays.OLD_NOTE_START))]
    return "\n".join(lines).strip()


class PlanRowForm(forms.ModelForm):
    class Meta:
        model = PlanRow
        fields = ["phase", "objective", "task", "responsible", "deadline", "status", "done_on", "notes", "is_follow_up"]
        widgets = {
            "deadline": DateInput(),
            "done_on": DateInput(),
            "task": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = campaign.team.all()
        self.fields["responsible"].label = "Responsibility"

    def clean_done_on(self):
        return not_in_future(
            self.cleaned_data.get("done_on"), "Enter the day the task was done, or leave it blank for today."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == PlanRow.Status.DONE and not cleaned.get("done_on"):
            cleaned["done_on"] = timezone.localdate()
        if cleaned.get("status") in (PlanRow.Status.TODO, PlanRow.Status.DOING):
            cleaned["done_on"] = None
        if self.instance.pk and "deadline" in self.changed_data and "notes" in self.fields:
            cleaned["notes"] = without_moved_note(cleaned.get("notes") or "")
        return cleaned


class QuickRowForm(PlanRowForm):
    """The one-line "add a row" form under each phase."""

    class Meta(PlanRowForm.Meta):
        fields = ["phase", "objective", "task", "responsible", "deadline"]
        widgets = {**PlanRowForm.Meta.widgets, "phase": forms.HiddenInput()}


class SnapshotForm(forms.ModelForm):
    class Meta:
        model = MembershipSnapshot
        fields = ["taken_on", "staff", "members", "other_union_members", "activists"]
        widgets = {"taken_on": DateInput()}
        help_texts = {"staff": "Leave any figure blank if unknown."}

    def clean_taken_on(self):
        return not_in_future(self.cleaned_data.get("taken_on"))

    def clean(self):
        cleaned = super().clean()
        figures = ("staff", "members", "other_union_members", "activists")
        if all(cleaned.get(f) is None for f in figures) and not any(f in self.errors for f in figures):
            raise forms.ValidationError("Enter at least one figure: a reading with every figure blank records nothing.")
        counts = {f: cleaned.get(f) for f in ("members", "other_union_members", "activists")}
        for name, problem in rules.headcount_problems(cleaned.get("staff"), counts).items():
            self.add_error(name, problem)
        return cleaned


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["lessons_learned", "recommendations"]
        widgets = {
            "lessons_learned": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 6}),
        }


class PlanFilterForm(forms.Form):
    SHOW = [("", "All rows"), ("mine", "Mine"), ("overdue", "Overdue"), ("phase", "This phase")]
    show = forms.ChoiceField(choices=SHOW, required=False, label="Show")


PlanStepFormSet = forms.modelformset_factory(
    PlanStepTemplate,
    fields=["phase", "step", "objective", "task", "months_before", "position"],
    extra=1,
    can_delete=True,
    # Objectives run to a sentence: a box as wide as its column that grows to two lines, like the task's.
    widgets={"objective": forms.Textarea(attrs={"rows": 2}), "task": forms.Textarea(attrs={"rows": 3})},
    max_num=200,
    absolute_max=200,
)
