"""The form for one page of questions (members online) or for a whole paper form (officers keying it in)."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import forms
from django.utils.translation import gettext_lazy as _

from .languages import SurveyText
from .models import Question
from .services import AnswerData, ContactData

TEXT_MAX = 1000
ISSUE_MAX = 300


@dataclass
class Block:
    """One question as the template shows it: its legend and its bound fields."""

    question: Question
    number: int
    text: str
    field: forms.BoundField | None = None
    rows: list[tuple[str, forms.BoundField]] = dataclass_field(default_factory=list)
    detail: forms.BoundField | None = None
    contact: list[forms.BoundField] = dataclass_field(default_factory=list)
    contact_prompt: str = ""

    @property
    def errors(self) -> bool:
        bound = [self.field, self.detail, *self.contact, *(bf for _, bf in self.rows)]
        return any(bf.errors for bf in bound if bf is not None)


def _radio_field(choices, label):
    return forms.TypedChoiceField(
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        label=label,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


class QuestionsForm(forms.Form):
    def __init__(self, *args, questions: list[Question], text: SurveyText, numbers: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.text = text
        self.numbers = numbers
        for q in questions:
            name = f"q{q.pk}"
            label = text.question(q)
            if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN):
                self.fields[name] = _radio_field([(o["id"], text.option(q, o)) for o in q.options], label)
                if q.detail_option:
                    self.fields[f"{name}_detail"] = forms.CharField(
                        label=_("Your post (optional)"), required=False, max_length=200
                    )
                if q.kind == Question.Kind.JOIN:
                    self.fields[f"{name}_name"] = forms.CharField(label=_("Your name"), required=False, max_length=200)
                    self.fields[f"{name}_email"] = forms.EmailField(
                        label=_("Email address"),
                        required=False,
                        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                    )
                    self.fields[f"{name}_phone"] = forms.CharField(
                        label=_("Phone number"),
                        required=False,
                        max_length=40,
                        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                    )
            elif q.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={"max_length": _("Keep your answer to %(limit_value)d characters or fewer")},
                )
            elif q.kind == Question.Kind.MATRIX:
                for row in q.rows:
                    choices = [(o["id"], text.option(q, o)) for o in q.options]
                    self.fields[f"{name}_r{row['id']}"] = _radio_field(choices, text.row(q, row))
            elif q.kind == Question.Kind.RANKED:
                for row in q.rows:
                    self.fields[f"{name}_r{row['id']}"] = forms.CharField(
                        label=_("Issue %(number)s") % {"number": row["label"]},
                        required=False,
                        max_length=ISSUE_MAX,
                        error_messages={"max_length": _("Keep each issue to %(limit_value)d characters or fewer")},
                    )
        for form_field in self.fields.values():
            if not isinstance(form_field.widget, forms.RadioSelect):
                form_field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            if q.kind != Question.Kind.JOIN:
                continue
            name = f"q{q.pk}"
            yes = q.option_by_key("yes")
            wants_contact = yes is not None and cleaned.get(name) == yes["id"]
            gave_details = any(cleaned.get(f"{name}_{part}") for part in ("name", "email", "phone"))
            if wants_contact:
                if not cleaned.get(f"{name}_name"):
                    self.add_error(f"{name}_name", _("Enter your name so the branch knows who to contact"))
                if not cleaned.get(f"{name}_email") and not cleaned.get(f"{name}_phone"):
                    self.add_error(f"{name}_email", _("Enter an email address or a phone number"))
            elif gave_details and cleaned.get(name) is not None:
                self.add_error(name, _("Choose Yes if you would like the branch to contact you"))
        return cleaned

    def blocks(self) -> list[Block]:
        blocks = []
        for q in self.questions:
            name = f"q{q.pk}"
            block = Block(q, self.numbers.get(q.pk, 0), self.text.question(q))
            if name in self.fields:
                block.field = self[name]
            if f"{name}_detail" in self.fields:
                block.detail = self[f"{name}_detail"]
            if q.kind == Question.Kind.JOIN:
                block.contact = [self[f"{name}_{part}"] for part in ("name", "email", "phone")]
                block.contact_prompt = self.text.contact_prompt(q)
            if q.kind in (Question.Kind.MATRIX, Question.Kind.RANKED):
                block.rows = [(self.fields[f"{name}_r{r['id']}"].label, self[f"{name}_r{r['id']}"]) for r in q.rows]
            blocks.append(block)
        return blocks

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary, in the order the fields appear."""
        links = []
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if isinstance(bound.field.widget, forms.RadioSelect) else bound.auto_id
            links.extend((anchor, str(message)) for message in errors)
        return links

    def answers(self) -> list[AnswerData]:
        data = self.cleaned_data
        answers = []
        for q in self.questions:
            name = f"q{q.pk}"
            if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN):
                if data.get(name) is not None:
                    detail = data.get(f"{name}_detail", "") if data[name] == q.detail_option else ""
                    answers.append(AnswerData(q.pk, choice=data[name], text=detail.strip()))
            elif q.kind == Question.Kind.TEXT:
                if data.get(name, "").strip():
                    answers.append(AnswerData(q.pk, text=data[name].strip()))
            elif q.kind == Question.Kind.MATRIX:
                answers.extend(
                    AnswerData(q.pk, row=r["id"], choice=data[f"{name}_r{r['id']}"])
                    for r in q.rows
                    if data.get(f"{name}_r{r['id']}") is not None
                )
            elif q.kind == Question.Kind.RANKED:
                answers.extend(
                    AnswerData(q.pk, row=r["id"], text=data[f"{name}_r{r['id']}"].strip())
                    for r in q.rows
                    if data.get(f"{name}_r{r['id']}", "").strip()
                )
        return answers

    def contact(self) -> ContactData | None:
        data = self.cleaned_data
        for q in self.questions:
            name = f"q{q.pk}"
            yes = q.option_by_key("yes") if q.kind == Question.Kind.JOIN else None
            if yes and data.get(name) == yes["id"] and data.get(f"{name}_name"):
                return ContactData(
                    name=data[f"{name}_name"].strip(),
                    email=data.get(f"{name}_email", "").strip(),
                    phone=data.get(f"{name}_phone", "").strip(),
                )
        return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your survey code"),
        max_length=20,
        error_messages={"required": _("Enter your survey code")},
        help_text=_("The code printed on the slip you were given, for example KX4M7PQ2."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_code(self):
        from .services import code_is_valid, normalise_code

        code = normalise_code(self.cleaned_data["code"])
        if not code_is_valid(survey=self.survey, code=code):
            raise forms.ValidationError(_("This code is not recognised or has already been used"))
        return code
