"""Link checkers, chat apps and mail scanners send HEAD before GET: the member survey link must answer it."""

import pytest
from django.urls import reverse

from surveys.models import Response
from surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


def test_the_member_link_answers_head_like_get_and_records_nothing(client, branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    url = reverse("surveys:member_start", kwargs={"token": survey.token})
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == client.get(url)["Content-Type"]
    assert head.content == b""
    assert not Response.objects.exists()
    assert client.head(reverse("surveys:member_start", kwargs={"token": "not-a-real-token"})).status_code == 404
