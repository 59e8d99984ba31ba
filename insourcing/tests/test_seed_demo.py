import io

import pytest
from django.core.management import CommandError, call_command

from insourcing.models import Branch, BranchOfficer, RegionalOrganiser, User


def test_seed_demo_is_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG"):
        call_command("seed_demo")


def test_seed_demo_creates_the_demo_roles_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), Branch.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Branch.objects.count()) == counts
    officer = User.objects.get(email="officer@example.org")
    assert officer.check_password("insourcing-demo")
    assert BranchOfficer.objects.filter(user=officer, branch__slug="demo-city").exists()
    organiser = User.objects.get(email="organiser@example.org")
    region = Branch.objects.get(slug="demo-city").region
    assert RegionalOrganiser.objects.filter(user=organiser, region=region).exists()
    assert User.objects.get(email="admin@example.org").is_staff
    assert Branch.objects.values("region").distinct().count() == 2


def test_seed_demo_prints_links_on_the_site_url(db, settings):
    settings.DEBUG = True
    settings.SITE_URL = "https://demo.example.org"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Log in at https://demo.example.org/ with:" in out.getvalue()
    assert "127.0.0.1" not in out.getvalue()
