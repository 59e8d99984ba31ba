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
    newly_shown: bool = False  # its follow-up (post, contact details) has just appeared
    pending: bool = False  # its follow-up is sent hidden and disabled, for surveys.js to reveal
    trigger: int | None = None  # the option that shows the follow-up

    @property
    def errors(self) -> bool:
        bound = [self.field, self.detail, *self.contact, *(bf for _, bf in self.rows)]
        return any(bf.errors for bf in bound if bf is not None)


REQUIRED = {"required": _("Answer this question")}


def _radio_field(choices, label, required=False):
    return forms.TypedChoiceField(
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        label=label,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=REQUIRED,
    )


class QuestionsForm(forms.Form):
    """One page of questions.

    A follow-up (the post of a union official, the contact details after "Yes") appears only once its answer is
    chosen. Without JavaScript that means after pressing the button: the page comes back with the follow-up
    showing (`newly_shown`) instead of moving on. Officers keying in paper forms see every follow-up at once.
    """

    def __init__(
        self,
        *args,
        questions: list[Question],
        text: SurveyText,
        numbers: dict[int, int],
        all_follow_ups: bool = False,
        contact_fields: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.text = text
        self.numbers = numbers
        self.all_follow_ups = all_follow_ups
        # Paper entry has no contact fields: the details come on a separate slip, keyed in apart (ContactSlipForm).
        self.contact_fields = contact_fields
        self.newly_shown: set[int] = set()
        self.pending: set[int] = set()  # questions whose follow-up is sent hidden, for JavaScript to reveal
        self.triggers: dict[int, int] = {}  # question id: the option id that shows its follow-up
        for q in questions:
            name = f"q{q.pk}"
            label = text.question(q)
            if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN):
                choices = [(o["id"], text.option(q, o)) for o in q.options]
                self.fields[name] = _radio_field(choices, label, q.required)
                if q.detail_option:
                    self.fields[f"{name}_detail"] = forms.CharField(
                        label=_("Your post (optional)"), required=False, max_length=200
                    )
                    self._pend_unless_shown(q, q.detail_option, [f"{name}_detail"])
                yes = q.option_by_key("yes") if q.kind == Question.Kind.JOIN else None
                if yes and contact_fields:
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
                    self._pend_unless_shown(q, yes["id"], [f"{name}_{part}" for part in ("name", "email", "phone")])
            elif q.kind == Question.Kind.MULTI:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    choices=[(o["id"], text.option(q, o)) for o in q.options],
                    coerce=int,
                    required=q.required,
                    label=label,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    error_messages=REQUIRED,
                )
            elif q.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=q.required,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={
                        **REQUIRED,
                        "max_length": _("Keep your answer to %(limit_value)d characters or fewer"),
                    },
                )
            elif q.kind == Question.Kind.MATRIX:
                for row in q.rows:
                    choices = [(o["id"], text.option(q, o)) for o in q.options]
                    self.fields[f"{name}_r{row['id']}"] = _radio_field(choices, text.row(q, row), q.required)
            elif q.kind == Question.Kind.RANKED:
                for index, row in enumerate(q.rows):
                    self.fields[f"{name}_r{row['id']}"] = forms.CharField(
                        label=_("Issue %(number)s") % {"number": row["label"]},
                        required=q.required and index == 0,
                        max_length=ISSUE_MAX,
                        error_messages={
                            **REQUIRED,
                            "max_length": _("Keep each issue to %(limit_value)d characters or fewer"),
                        },
                    )
        for form_field in self.fields.values():
            if not isinstance(form_field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                form_field.widget.attrs.setdefault("class", "form-control")

    def _pend_unless_shown(self, question: Question, trigger: int, names: list[str]) -> None:
        """A follow-up not yet shown is still sent, disabled and hidden, for surveys.js to reveal as soon as its
        answer is chosen. Disabled, its fields are not posted and their data is ignored, so without JavaScript
        the page behaves as before: the follow-up appears after pressing the button."""
        self.triggers[question.pk] = trigger
        if not self._follow_up(question, trigger):
            self.pending.add(question.pk)
            for name in names:
                self.fields[name].disabled = True

    def _follow_up(self, question: Question, trigger: int) -> bool:
        """Whether the follow-up to `trigger` shows; notes it in `newly_shown` if the member has not seen it yet."""
        if self.all_follow_ups:
            return True
        name = self.add_prefix(f"q{question.pk}")
        chosen = self.data.get(name) if self.is_bound else self.initial.get(f"q{question.pk}")
        if str(chosen) != str(trigger):
            return False
        follow_up = "detail" if question.kind != Question.Kind.JOIN else "name"
        if self.is_bound and self.add_prefix(f"q{question.pk}_{follow_up}") not in self.data:
            self.newly_shown.add(question.pk)
        return True

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            if q.kind != Question.Kind.JOIN or q.pk in self.newly_shown or not self.contact_fields:
                continue
            name = f"q{q.pk}"
            yes = q.option_by_key("yes")
            wants_contact = yes is not None and cleaned.get(name) == yes["id"]
            gave_details = any(cleaned.get(f"{name}_{part}") for part in ("name", "email", "phone"))
            if wants_contact:
                if not cleaned.get(f"{name}_name"):
                    self.add_error(f"{name}_name", _("Enter your name so the branch knows who to contact"))
                # A mistyped email has its own message already; "enter an email or a phone" would contradict it.
                mistyped = f"{name}_email" in self.errors
                if not mistyped and not cleaned.get(f"{name}_email") and not cleaned.get(f"{name}_phone"):
                    self.add_error(f"{name}_email", _("Enter an email address or a phone number"))
            elif gave_details and cleaned.get(name) is not None:
                self.add_error(name, _("Choose Yes if you would like the branch to contact you"))
        return cleaned

    def blocks(self) -> list[Block]:
        blocks = []
        for q in self.questions:
            name = f"q{q.pk}"
            block = Block(
                q,
                self.numbers.get(q.pk, 0),
                self.text.question(q),
                newly_shown=q.pk in self.newly_shown,
                pending=q.pk in self.pending,
                trigger=self.triggers.get(q.pk),
            )
            if name in self.fields:
                block.field = self[name]
            if f"{name}_detail" in self.fields:
                block.detail = self[f"{name}_detail"]
            if f"{name}_name" in self.fields:
                block.contact = [self[f"{name}_{part}"] for part in ("name", "email", "phone")]
                block.contact_prompt = self.text.contact_prompt(q)
            if q.kind in (Question.Kind.MATRIX, Question.Kind.RANKED):
                block.rows = [(self.fields[f"{name}_r{r['id']}"].label, self[f"{name}_r{r['id']}"]) for r in q.rows]
            blocks.append(block)
        return blocks

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary, in the order the fields appear."""
        links = []
        # In the order of the fields on the page, not the order the errors were found (clean() adds its own last).
        for name in self.fields:
            errors = self.errors.get(name)
            if not errors:
                continue
            bound = self[name]
            choices = isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            anchor = f"{bound.auto_id}_0" if choices else bound.auto_id
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
            elif q.kind == Question.Kind.MULTI:
                answers.extend(
                    AnswerData(q.pk, row=option_id, choice=1) for option_id in sorted(set(data.get(name, [])))
                )
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
