"""The API tokens page: a token is shown once, only its hash is kept, and its owner alone can revoke it."""

import pytest
from django.urls import reverse

from overview.api.models import ApiToken, hash_key

pytestmark = pytest.mark.django_db


def test_making_a_token_shows_it_once_and_stores_only_its_hash(alice_client, alice):
    response = alice_client.post(reverse("api:tokens"), {"name": "Regional spreadsheet"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    raw = response.context["new_token"]
    assert raw.startswith("ins_") and raw in response.content.decode()
    assert token.key_hash == hash_key(raw) and raw not in (token.key_hash, token.hint)
    assert raw not in alice_client.get(reverse("api:tokens")).content.decode()


def test_a_token_needs_a_name(alice_client, alice):
    response = alice_client.post(reverse("api:tokens"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_page_lists_only_my_tokens(alice_client, alice, bob):
    ApiToken.issue(user=alice, name="Mine")
    ApiToken.issue(user=bob, name="Bob's")
    body = alice_client.get(reverse("api:tokens")).content.decode()
    assert "Mine" in body and "Bob" not in body


def test_revoking_my_token(alice_client, alice, client):
    token, raw = ApiToken.issue(user=alice, name="Tool")
    response = alice_client.post(reverse("api:token_revoke"), {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(reverse("api:contracts"), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_revoking_someone_elses_token_is_refused(alice_client, bob):
    token, _ = ApiToken.issue(user=bob, name="Bob's")
    assert alice_client.post(reverse("api:token_revoke"), {"token": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_changes_nothing(alice_client, alice):
    token, _ = ApiToken.issue(user=alice, name="Tool")
    token.revoke()
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    alice_client.post(reverse("api:token_revoke"), {"token": token.pk})
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_revoke_refuses_get(alice_client):
    assert alice_client.get(reverse("api:token_revoke")).status_code == 405


def test_tokens_page_needs_login(client):
    assert client.get(reverse("api:tokens"))["Location"].startswith("/accounts/login/")
