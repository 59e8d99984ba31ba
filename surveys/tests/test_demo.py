import io

import pytest

from contracts.tests.factories import ContractFactory
from insourcing.demo import seed_tenancy
from surveys.demo import ANSWERS, seed_demo
from surveys.models import Response, Survey


@pytest.mark.django_db
def test_demo_opens_a_survey_with_answers_and_prints_its_link_once(settings):
    settings.SITE_URL = "https://demo.example.org"
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01", service="Office cleaning")
    out = io.StringIO()
    seed_demo(tenancy, out)
    seed_demo(tenancy, out)
    survey = Survey.objects.get()
    assert survey.status == "open"
    assert Response.objects.filter(survey=survey).count() == ANSWERS
    assert out.getvalue().count(f"https://demo.example.org/s/{survey.short_link_code}/") == 2  # the short link
    assert "127.0.0.1" not in out.getvalue()


@pytest.mark.django_db
def test_demo_skips_quietly_without_the_demo_contract():
    out = io.StringIO()
    seed_demo(seed_tenancy(), out)
    assert not Survey.objects.exists() and out.getvalue() == ""
