import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from insourcing.tests.factories import PASSWORD


def _login(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_officer_logs_in_and_lands_on_the_dashboard(client, alice):
    response = _login(client, "alice@example.org")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Demo City" in response.content


def test_login_rotates_the_session_key(client, alice):
    client.get(reverse("login"))
    client.session["pre_login"] = "x"
    before = client.session.session_key
    _login(client, "alice@example.org")
    assert client.session.session_key != before
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_the_session_from_before_login_is_deleted_on_the_server(client, alice):
    """Session fixation: a session id planted before login must not become, or stay, a valid session."""
    session = client.session
    session["pre_login"] = "x"
    session.save()
    planted = session.session_key
    _login(client, "alice@example.org")
    assert not Session.objects.filter(session_key=planted).exists()
    client.cookies["sessionid"] = planted
    assert client.get(reverse("dashboard")).status_code == 302


def test_logout_ends_the_session_on_the_server(client, alice):
    _login(client, "alice@example.org")
    key = client.session.session_key
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_logout_by_get_is_refused(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405


def test_five_failures_lock_the_account_then_cool_off_after_15_minutes(client, alice):
    with time_machine.travel("2026-11-20 10:00 +0000", tick=False) as traveller:
        for _ in range(4):
            assert _login(client, "alice@example.org", "wrong-password").status_code == 200
        locked = _login(client, "alice@example.org", "wrong-password")
        assert locked.status_code == 429
        # Even the right password is refused while locked.
        assert _login(client, "alice@example.org").status_code == 429
        assert b"Too many failed log-in attempts" in locked.content
        # A person reads the wait in words, not ISO 8601 ("PT15M").
        text = " ".join(locked.content.decode().split())
        assert "Try again in 15 minutes," in text
        assert "PT15M" not in text
        traveller.shift(15 * 60 + 1)
        assert _login(client, "alice@example.org").status_code == 302


def test_password_reset_sends_a_working_link(client, alice, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-brand-new-passphrase")


def test_password_reset_for_unknown_address_sends_nothing(client, mailoutbox, db):
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert mailoutbox == []


def test_user_without_role_is_told_what_to_do(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("home"))
    assert b"no branch yet" in response.content


def test_the_login_page_says_how_long_a_session_lasts_in_hours(client, settings):
    body = client.get(reverse("login")).content.decode()
    assert "Sessions end after 8\xa0hours of inactivity." in body
    assert "seconds" not in body
