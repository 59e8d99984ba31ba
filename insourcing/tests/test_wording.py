"""A branch's version of guide wording is kept one way for every kind (insourcing BranchWording, wording_for,
wording_save, wording_reset, WordingForm): a row only while it differs from the guide's, who changed it,
and the guide's back on blank or reset."""

import pytest

from campaigns.models import OrganisingWording, PlanStepTemplate
from campaigns.plans import guide as plan_guide
from contracts.models import ComparisonWording, FoILetterTemplate, LetterKind
from insourcing.forms import WordingForm
from insourcing.models import BranchWording
from insourcing.services import wording_for, wording_reset, wording_save

pytestmark = pytest.mark.django_db

KEYED = [
    pytest.param(ComparisonWording, "pay_rates", {"text": "Basic pay"}, id="comparison"),
    pytest.param(OrganisingWording, "recruitment.events", {"text": "Monthly breakfast stalls"}, id="organising"),
    pytest.param(
        FoILetterTemplate,
        LetterKind.INTERNAL_REVIEW,
        {"body": "Dear FoI Officer,\n\nPlease review our request."},
        id="foi-letter",
    ),
]


def test_every_kind_of_guide_wording_is_a_branch_wording():
    for model in (ComparisonWording, OrganisingWording, FoILetterTemplate, PlanStepTemplate):
        assert issubclass(model, BranchWording), model


@pytest.mark.parametrize(("model", "key", "texts"), KEYED)
def test_a_branch_starts_with_the_guides_wording_for_every_key(model, key, texts, branch_a):
    wording = wording_for(model=model, branch=branch_a)
    assert list(wording) == model.guide_keys()
    assert all(row.pk is None for row in wording.values())
    assert {name: getattr(wording[key], name) for name in model.TEXT_FIELDS} == model.guide_wording(key)


@pytest.mark.parametrize(("model", "key", "texts"), KEYED)
def test_own_wording_is_kept_with_who_changed_it_and_only_for_this_branch(
    model, key, texts, alice, branch_a, branch_a2
):
    assert wording_save(model=model, branch=branch_a, wording={key: texts}, user=alice) == 1
    row = model.objects.get(branch=branch_a)
    assert ({name: getattr(row, name) for name in texts}, row.wording_key, row.updated_by) == (texts, key, alice)
    assert wording_for(model=model, branch=branch_a)[key].pk == row.pk
    assert wording_for(model=model, branch=branch_a2)[key].pk is None


@pytest.mark.parametrize(("model", "key", "texts"), KEYED)
def test_blank_or_the_guides_own_text_goes_back_to_the_guide(model, key, texts, alice, branch_a):
    wording_save(model=model, branch=branch_a, wording={key: texts}, user=alice)
    assert wording_save(model=model, branch=branch_a, wording={key: dict.fromkeys(texts, "  ")}, user=alice) == 0
    wording_save(model=model, branch=branch_a, wording={key: texts}, user=alice)
    assert wording_save(model=model, branch=branch_a, wording={key: model.guide_wording(key)}, user=alice) == 0
    assert not model.objects.exists()


@pytest.mark.parametrize(("model", "key", "texts"), KEYED)
def test_the_form_shows_the_current_wording_and_gives_what_the_service_saves(model, key, texts, alice, branch_a):
    current = wording_for(model=model, branch=branch_a)
    if len(model.TEXT_FIELDS) > 1:
        current = {key: current[key]}
    form = WordingForm(model=model, current=current)
    name = key if len(model.TEXT_FIELDS) == 1 else "body"
    assert form[name].value() == getattr(current[key], next(iter(texts)))
    data = {field: form[field].value() for field in form.fields}
    data[name] = next(iter(texts.values()))
    form = WordingForm(data, model=model, current=current)
    assert form.is_valid(), form.errors
    wording_save(model=model, branch=branch_a, wording=form.wording(), user=alice)
    assert model.objects.get(branch=branch_a).wording_key == key


def test_a_request_letter_that_loses_its_list_is_refused_and_nothing_is_saved(alice, branch_a):
    current = {LetterKind.REQUEST: FoILetterTemplate.for_branch(branch_a, LetterKind.REQUEST)}
    form = WordingForm(
        {"body": "Dear FoI Officer,\n\n[Information requested]", "asks": ""}, model=FoILetterTemplate, current=current
    )
    assert not form.is_valid()
    assert "List at least one piece of information" in str(form.non_field_errors())
    assert not FoILetterTemplate.objects.exists()


def test_only_a_request_letter_has_a_list_of_asks_to_edit(branch_a):
    review = {LetterKind.INTERNAL_REVIEW: FoILetterTemplate.for_branch(branch_a, LetterKind.INTERNAL_REVIEW)}
    assert list(WordingForm(model=FoILetterTemplate, current=review).fields) == ["body"]


def test_reset_goes_back_to_the_guide_for_the_keys_named_or_all(alice, branch_a):
    wording_save(
        model=OrganisingWording,
        branch=branch_a,
        wording={"recruitment.events": {"text": "Stalls"}, "argument.private-profits": {"text": "Profits"}},
        user=alice,
    )
    assert wording_reset(model=OrganisingWording, branch=branch_a, keys=["recruitment.events"]) == 1
    assert list(OrganisingWording.objects.values_list("key", flat=True)) == ["argument.private-profits"]
    step = plan_guide.STEPS[0]
    PlanStepTemplate.objects.create(branch=branch_a, phase=step.phase, objective="Our own first step")
    assert wording_reset(model=PlanStepTemplate, branch=branch_a) == 1
    assert wording_reset(model=OrganisingWording, branch=branch_a) == 1
