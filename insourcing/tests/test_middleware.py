import logging

import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import RequestFactory

from insourcing.middleware import DatabaseUnavailableMiddleware


def test_an_oversized_upload_is_refused_with_the_limit_and_nothing_saved(alice_client, branch_a, settings):
    settings.MAX_REQUEST_BYTES = 1024
    settings.MAX_UPLOAD_BYTES = 2048
    response = alice_client.post(
        f"/branches/{branch_a.slug}/edit/", data={"name": "x" * 5000, "address": "y"}, content_type="text/plain"
    )
    assert response.status_code == 413
    # The page states the file limit, the one the forms state, not the larger request limit.
    assert b"This file is 5 KB, and files can be at most 2 KB. Nothing was saved." in response.content
    assert b"CSV" not in response.content
    branch_a.refresh_from_db()
    assert branch_a.name == "Demo City"


@pytest.mark.django_db
def test_a_database_outage_answers_503_and_logs_no_detail(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    dead = DatabaseWrapper({**connection.settings_dict, "PORT": 9}, alias="dead")

    def view(request):
        with dead.cursor() as cursor:
            cursor.execute("SELECT 1")

    middleware = DatabaseUnavailableMiddleware(view)
    request = RequestFactory().get("/contracts/")
    with caplog.at_level(logging.ERROR, logger="insourcing.security"):
        try:
            view(request)
        except Exception as exc:
            response = middleware.process_exception(request, exc)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Nothing you sent has been lost" in response.content
    assert caplog.messages == ["Database unavailable: OperationalError"]


def test_refused_access_is_logged_without_data(alice_client, branch_b, caplog):
    with caplog.at_level(logging.WARNING, logger="insourcing.security"):
        assert alice_client.get(f"/branches/{branch_b.slug}/").status_code == 404
    assert any("refused not-found-or-out-of-scope" in m and "insourcing.Branch" in m for m in caplog.messages)


def test_a_signed_in_user_gets_the_503_page_during_an_outage_and_stays_signed_in(alice_client, monkeypatch):
    """The session cannot be read while the database is down; the page must still be the 503, not a 500."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def database_down(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "_get_session_from_db", database_down)
    response = alice_client.get("/dashboard/")
    assert response.status_code == 503
    assert b"Nothing you sent has been lost" in response.content
    assert "sessionid" not in response.cookies  # neither refreshed nor deleted: still signed in afterwards
    monkeypatch.undo()
    assert alice_client.get("/dashboard/").status_code == 200


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


@pytest.mark.django_db
def test_session_expiry_moves_on_at_most_once_a_minute(client, alice, time_machine):
    time_machine.move_to("2026-06-15 09:00:00+00:00", tick=False)
    client.force_login(alice)
    alice_client = client
    alice_client.get("/dashboard/")
    first = _expiry(alice_client)
    time_machine.move_to("2026-06-15 09:00:50+00:00", tick=False)
    response = alice_client.get("/dashboard/")
    assert "sessionid" not in response.cookies  # nothing saved
    assert _expiry(alice_client) == first
    time_machine.move_to("2026-06-15 09:02:00+00:00", tick=False)
    response = alice_client.get("/dashboard/")
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    assert (_expiry(alice_client) - first).total_seconds() == 120


@pytest.mark.django_db
def test_an_active_session_lasts_and_an_idle_one_ends_after_the_cookie_age(client, alice, time_machine):
    time_machine.move_to("2026-06-15 09:00:00+00:00", tick=False)
    client.force_login(alice)  # expires 17:00
    time_machine.move_to("2026-06-15 09:30:00+00:00", tick=False)
    assert client.get("/dashboard/").status_code == 200  # moves the expiry on to 17:30
    time_machine.move_to("2026-06-15 17:15:00+00:00", tick=False)
    assert client.get("/dashboard/").status_code == 200  # and on to 01:15
    time_machine.move_to("2026-06-16 01:16:00+00:00", tick=False)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
