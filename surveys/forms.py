from crispy_forms.helper import FormHelper
from django import forms

from campaigns.models import Campaign

from .languages import TRANSLATABLE, placeholders
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


def short_question(text: str, limit: int = 70) -> str:
    """A question's text for a list of its answers: whole if short, else cut at the last word that fits, with an
    ellipsis (issue 15: "compared to equivalent s" was cut mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"


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
    required = forms.BooleanField(
        label="Members must answer this question", required=False, help_text="Leave unticked to keep it optional."
    )
    show_if = forms.MultipleChoiceField(
        label="Ask only those who gave one of these answers",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to ask everyone. Pick answers of one question on an earlier page: the "
        "survey then skips this question for everyone else, with or without JavaScript.",
    )

    def __init__(self, *args, question: Question | None = None, survey: Survey | None = None, **kwargs):
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
                    "required": question.required,
                    "show_if": [f"{question.show_if_question_id}:{o}" for o in question.show_if_options],
                },
            )
        super().__init__(*args, **kwargs)
        survey = survey or question.survey
        self.sources = {
            q.pk: q
            for q in survey.questions.asked().order_by("page", "position", "pk")
            if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN) and q != question
        }
        self.fields["show_if"].choices = [
            (f"{q.pk}:{o['id']}", f"Page {q.page}: {short_question(q.text)} – {o['label']}")
            for q in self.sources.values()
            for o in q.options
        ]
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
        cleaned["show_if"] = self._condition(cleaned.get("show_if", []), cleaned.get("page"))
        if self.question is not None and len(cleaned["options"]) < len(self.question.options):
            kept = len(cleaned["options"])
            lost = [o for o in self.question.options[kept:] if o["id"] in answered_option_ids(self.question)]
            if lost:
                self.add_error(
                    "options",
                    f"People have already chosen “{lost[0]['label']}”: reword it instead of removing it.",
                )
        return cleaned

    def _condition(self, picked: list[str], page: int | None) -> tuple[Question | None, list[int]]:
        pairs = [tuple(int(part) for part in value.split(":")) for value in picked]
        if not pairs:
            return None, []
        source_ids = {question_id for question_id, _ in pairs}
        if len(source_ids) > 1:
            self.add_error("show_if", "Pick answers of one question only.")
            return None, []
        source = self.sources[source_ids.pop()]
        if page is not None and source.page >= page:
            self.add_error(
                "show_if",
                f"That question is on page {source.page}: put this one on a later page, so the survey knows the "
                "answer before it gets here.",
            )
        return source, [option_id for _, option_id in pairs]


class CodesForm(_Crispy):
    count = forms.IntegerField(
        label="How many codes", min_value=1, max_value=2000, help_text="One for each person you will give a slip to."
    )


class ContactSlipForm(_Crispy):
    """One paper contact slip, keyed in apart from any questionnaire."""

    name = forms.CharField(max_length=200, error_messages={"required": "Enter the name written on the slip"})
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        # Only when the email box holds nothing at all: a mistyped email already has its own message.
        if "email" not in self.errors and not cleaned.get("email") and not cleaned.get("phone", "").strip():
            self.add_error("email", "Enter the email address or the phone number written on the slip")
        return cleaned


class TranslationLanguageForm(_Crispy):
    language = forms.ChoiceField(choices=TRANSLATABLE)


class TranslationForm(forms.Form):
    """One field per string a member sees, shown beside the English it translates (see translation_form.html)."""

    live_when_incomplete = forms.BooleanField(
        label="Offer this language to members while some strings still show in English",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text="Left unticked, members see this language only once every string is translated and current.",
    )

    def __init__(self, *args, sources: list[tuple[str, str, str]], current: dict, stale: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        self.stale = stale
        for index, (key, what, english) in enumerate(sources):
            self.fields[f"s{index}"] = forms.CharField(
                label=what,
                required=False,
                initial=current.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 3 if len(english) > 80 else 1, "class": "form-control"}),
            )

    def rows(self):
        """(bound field, English, what changed in the English if the translation is stale) for the template."""
        for index, (key, _, english) in enumerate(self.sources):
            yield self[f"s{index}"], english, self.stale.get(key)

    def clean(self):
        cleaned = super().clean()
        for index, (_, _, english) in enumerate(self.sources):
            text = cleaned.get(f"s{index}", "")
            if text.strip() and placeholders(text) != placeholders(english):
                names = ", ".join(f"%({name})s" for name in sorted(placeholders(english))) or "none"
                self.add_error(f"s{index}", f"Keep the placeholders exactly as in the English ({names}).")
        return cleaned

    def strings(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"s{i}"] for i, (key, _, _) in enumerate(self.sources)}

    def english(self) -> dict[str, str]:
        return {key: english for key, _, english in self.sources}
