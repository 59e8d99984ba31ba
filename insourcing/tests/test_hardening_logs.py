"""Security events reach the log; survey members' addresses never do, whatever logger a record goes through."""

import logging

import pytest
from django.urls import reverse

from insourcing.tests.factories import PASSWORD
from surveys.services import survey_close, survey_new_link
from surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db
ADDRESS = "198.51.100.23"


@pytest.fixture
def every_record():
    """Every record any logger emits, whatever its level: a handler on the root logger sees them all."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield seen
    root.removeHandler(handler)
    root.setLevel(previous)


def _security(records) -> list[str]:
    return [r.getMessage() for r in records if r.name == "insourcing.security"]


def test_login_success_and_failure_are_logged_without_the_typed_email(client, alice, every_record):
    client.post(reverse("login"), {"username": "alice@example.org", "password": "not-it"}, REMOTE_ADDR=ADDRESS)
    client.post(reverse("login"), {"username": "alice@example.org", "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert _security(every_record) == ["login failed", f"login user_id={alice.pk}"]
    assert not any("not-it" in repr(r.__dict__) for r in every_record)


def test_an_organiser_refused_an_edit_is_logged(olive_client, branch_a, every_record):
    assert olive_client.get(reverse("branch_edit", kwargs={"slug": branch_a.slug})).status_code == 403
    assert any("refused read-only" in m and "insourcing.Branch" in m for m in _security(every_record))


@pytest.mark.parametrize("state", ["withdrawn", "closed", "unknown"])
def test_refused_member_links_log_no_client_address(client, branch_a, alice, every_record, state):
    survey = make_survey(branch_a, alice, open_it=True)
    token = survey.token
    if state == "withdrawn":
        survey_new_link(survey=survey)
    elif state == "closed":
        survey_close(survey=survey)
    else:
        token = "no-such-token"
    response = client.get(reverse("surveys:member_start", kwargs={"token": token}), REMOTE_ADDR=ADDRESS)
    assert response.status_code == (404 if state == "unknown" else 410)
    assert any(r.name == "django.request" for r in every_record)  # Django did log the refusal
    for record in every_record:
        assert ADDRESS not in repr(record.__dict__), record.getMessage()
        assert not hasattr(record, "request"), record.getMessage()
