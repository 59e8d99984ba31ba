from crispy_forms.helper import FormHelper
from django import forms
from django.utils.html import format_html

from campaigns.models import Campaign

from .languages import TRANSLATABLE
from .models import Question, Survey
from .services import answered_option_ids


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _Crispy(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SurveyCreateForm(_Crispy):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, help_text="Optional: the campaign this survey supports."
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(branch=contract.branch_id)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "campaign",
            "opens_on",
            "closes_on",
            "requires_code",
            "retention_months",
            "intro",
            "privacy_statement",
            "profile_intro",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "intro": forms.Textarea(attrs={"rows": 6}),
            "privacy_statement": forms.Textarea(attrs={"rows": 6}),
            "profile_intro": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(branch=self.instance.contract.branch_id)
        self.fields["retention_months"].validators.append(_between(1, 60))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date.")
        return cleaned


def _between(low, high):
    def validate(value):
        if not low <= value <= high:
            raise forms.ValidationError(f"Choose between {low} and {high} months.")

    return validate


class QuestionForm(_Crispy):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    options = forms.CharField(
        label="Answers to choose from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line. Answers people have already chosen cannot be removed, only reworded.",
    )
    rows = forms.CharField(
        label="Rows (matrix questions)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, for questions with rows of choices such as question 3.",
    )
    page = forms.IntegerField(min_value=1, max_value=50, help_text="Questions with the same page number show together.")
    section = forms.ChoiceField(choices=Question.Section.choices)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        self.question = question
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text": question.text,
                    "options": "\n".join(o["label"] for o in question.options),
                    "rows": "\n".join(r["label"] for r in question.rows),
                    "page": question.page,
                    "section": question.section,
                },
            )
        super().__init__(*args, **kwargs)
        if question is None:
            self.fields = {"kind": forms.ChoiceField(choices=Question.Kind.choices), **self.fields}

    @property
    def kind(self) -> str:
        return self.question.kind if self.question else self.cleaned_data.get("kind", "")

    def clean(self):
        cleaned = super().clean()
        cleaned["options"] = _lines(cleaned.get("options", ""))
        cleaned["rows"] = _lines(cleaned.get("rows", ""))
        kind = self.kind
        if kind in Question.CHOICE_KINDS and len(cleaned["options"]) < 2:
            self.add_error("options", "Give at least two answers to choose from, one per line.")
        if kind == Question.Kind.MATRIX and not cleaned["rows"]:
            self.add_error("rows", "Give at least one row, one per line.")
        if self.question is not None and len(cleaned["options"]) < len(self.question.options):
            kept = len(cleaned["options"])
            lost = [o for o in self.question.options[kept:] if o["id"] in answered_option_ids(self.question)]
            if lost:
                self.add_error(
                    "options",
                    f"People have already chosen “{lost[0]['label']}”: reword it instead of removing it.",
                )
        return cleaned


class CodesForm(_Crispy):
    count = forms.IntegerField(
        label="How many codes", min_value=1, max_value=2000, help_text="One for each person you will give a slip to."
    )


class TranslationLanguageForm(_Crispy):
    language = forms.ChoiceField(choices=TRANSLATABLE)


class TranslationForm(_Crispy):
    """One field per string of the survey, labelled with the English it translates."""

    def __init__(self, *args, sources: list[tuple[str, str, str]], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        for index, (key, what, english) in enumerate(sources):
            self.fields[f"s{index}"] = forms.CharField(
                label=what,
                help_text=format_html("English: {}", english),  # help text is shown unescaped
                required=False,
                initial=current.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 3 if len(english) > 80 else 1}),
            )

    def strings(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"s{i}"] for i, (key, _, _) in enumerate(self.sources)}
