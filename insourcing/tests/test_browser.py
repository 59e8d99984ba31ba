"""Each demo role logs in with real headless Chromium; axe-core finds no WCAG 2.2 AA violations."""

import pytest
from django.core.management import call_command

from conftest import assert_accessible, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def test_login_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert_accessible(page)


def test_officer_logs_in_to_dashboard_and_branch(page, demo):
    browser_login(page, "officer@example.org", "insourcing-demo")
    assert page.url.endswith("/dashboard/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Demo City Local Government").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Letterhead sheet (PDF)").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit branch details").click()
    assert_accessible(page)


def test_organiser_logs_in_and_sees_the_region_read_only(page, demo):
    browser_login(page, "organiser@example.org", "insourcing-demo")
    assert page.url.endswith("/dashboard/")
    assert page.get_by_role("heading", name="Eastern region (2 branches)").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Branches").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Demo Health").is_visible()
    assert page.get_by_role("link", name="Demo Valleys County").count() == 0
    assert_accessible(page)


def test_admin_logs_in_to_django_admin(page, demo):
    browser_login(page, "admin@example.org", "insourcing-demo")
    assert "/admin/" in page.url
    assert page.get_by_role("heading", name="Site administration").is_visible()


def test_wrong_password_shows_an_error(page, demo):
    browser_login(page, "officer@example.org", "not-the-password")
    # Said once, in the error summary (not again above the fields).
    assert page.get_by_text("Please enter a correct email address and password").count() == 1
    assert page.get_by_role("alert", name="There is a problem").get_by_text("Please enter a correct email").is_visible()
    assert_accessible(page)
