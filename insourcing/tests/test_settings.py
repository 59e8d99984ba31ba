"""Bad settings values stop start-up with a message naming the variable."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT

GOOD = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "EMAIL_URL": "smtp://localhost:25",
    "ALLOWED_HOSTS": "example.org",
    "DEFAULT_FROM_EMAIL": "Insourcing <insourcing@unison-branch.org.uk>",
}


def _start(code="print('started')", **overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GOOD)
    env.update({k: v for k, v in overrides.items() if v is not None})
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
    env["DJANGO_SETTINGS_MODULE"] = "insourcing.settings"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_good_values_start():
    result = _start()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("SECRET_KEY", None, "SECRET_KEY is required when DEBUG is off"),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL='http://127.0.0.1:6379' must be a URL"),
        ("DATABASE_URL", "nosuchdb://x/y", "nosuchdb"),
        ("SESSION_COOKIE_AGE", "eight hours", "SESSION_COOKIE_AGE='eight hours' is not a whole number"),
        ("EMAIL_URL", None, "EMAIL_URL is required when DEBUG is off"),
        ("SURVEY_SUBMIT_LIMIT", "lots", "SURVEY_SUBMIT_LIMIT='lots' is not a whole number"),
        ("SURVEY_SUBMIT_LIMIT", "0", "SURVEY_SUBMIT_LIMIT=0 is below the minimum of 1"),
        ("SITE_URL", "insourcing.example.org", "SITE_URL='insourcing.example.org' must be a URL"),
    ],
)
def test_bad_value_fails_loudly(variable, value, message):
    result = _start(**{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_are_safe_debug_off_london_time_and_secure_cookies():
    result = _start(
        code="print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.SESSION_COOKIE_SECURE)",
        DEBUG=None,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Europe/London", "en-gb", "True"]


def test_without_redis_the_broker_is_the_serverless_filesystem_transport():
    result = _start(code="print(settings.CELERY_BROKER_URL)", REDIS_URL=None)
    assert result.stdout.strip() == "filesystem://"


def test_survey_submit_limit_is_30_unless_set():
    assert _start(code="print(settings.SURVEY_SUBMIT_LIMIT)").stdout.strip() == "30"
    assert _start(code="print(settings.SURVEY_SUBMIT_LIMIT)", SURVEY_SUBMIT_LIMIT="500").stdout.strip() == "500"


def test_site_url_for_emailed_links_is_kept_without_its_trailing_slash():
    result = _start(code="print(settings.SITE_URL)", SITE_URL="https://insourcing.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://insourcing.example.org"


def test_deploy_check_warns_when_site_url_is_unset_and_is_quiet_once_set():
    code = "from django.core.management import call_command; call_command('check', '--deploy', '--tag', 'security')"
    unset, set_ = _start(code=code, SITE_URL=None), _start(code=code, SITE_URL="https://insourcing.example.org")
    assert "insourcing.W001" in unset.stderr + unset.stdout
    assert set_.returncode == 0, set_.stderr
    assert "insourcing.W001" not in set_.stderr + set_.stdout


@pytest.mark.parametrize(
    "sender", [None, "Insourcing <noreply@insourcing.invalid>", "noreply@example.org", "insourcing", "a@localhost"]
)
def test_deploy_check_fails_without_a_real_sender_address(sender):
    code = "from django.core.management import call_command; call_command('check', '--deploy', '--tag', 'security')"
    result = _start(code=code, SITE_URL="https://insourcing.example.org", DEFAULT_FROM_EMAIL=sender)
    assert result.returncode != 0
    assert "insourcing.E002" in result.stderr and "DEFAULT_FROM_EMAIL" in result.stderr
