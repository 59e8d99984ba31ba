"""Security headers as production sends them: a strict CSP on every kind of page, HSTS for a year."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/dashboard/", "/robots.txt", "/s/no-such-token/"],
    ids=["login", "officer-page", "plain-text", "member-page"],
)
def test_every_page_carries_a_csp_without_inline_script(alice_client, path):
    policy = _policy(alice_client.get(path))
    script_src = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_production_settings_send_hsts_for_a_year_and_the_same_csp():
    """A fresh process with the production settings module (not the test settings) answers an HTTPS request."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/robots.txt', secure=True, headers={'host': 'insourcing.example.org'}); "
        "print(json.dumps({'status': r.status_code, 'hsts': r.get('Strict-Transport-Security'), "
        "'csp': r.get('Content-Security-Policy'), 'frame': r.get('X-Frame-Options'), "
        "'nosniff': r.get('X-Content-Type-Options'), 'insecure': Client().get('/robots.txt', "
        "headers={'host': 'insourcing.example.org'}).status_code}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="insourcing.settings",
        DEBUG="false",
        SECRET_KEY="y" * 60,
        EMAIL_URL="smtp://localhost:25",
        ALLOWED_HOSTS="insourcing.example.org",
    )
    for name in ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    headers = json.loads(done.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert headers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["insecure"] == 301  # plain http is redirected to https
    assert "script-src 'self'" in headers["csp"]
    assert "unsafe-inline" not in headers["csp"]
    assert "frame-ancestors 'none'" in headers["csp"]
    assert headers["frame"] == "DENY"
    assert headers["nosniff"] == "nosniff"
