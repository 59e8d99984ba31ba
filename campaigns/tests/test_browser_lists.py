"""The campaign and survey lists in headless Chromium at desktop and phone widths: filter, then export."""

import pytest
from django.core.management import call_command

from conftest import assert_accessible, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


@pytest.mark.parametrize("width", [1280, 390])
def test_officer_filters_the_campaign_and_survey_lists_and_exports_them(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "officer@example.org", "insourcing-demo")
    for path, heading in (("/campaigns/", "Campaigns"), ("/surveys/", "Workforce surveys")):
        page.goto(path)
        assert page.get_by_role("heading", name=heading).is_visible()
        assert_accessible(page)
        page.get_by_label("Status").select_option(index=1)
        page.get_by_role("button", name="Apply").click()
        page.wait_for_load_state()
        assert "status=" in page.url
        assert_accessible(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Export XLSX").click()
        assert download.value.suggested_filename.endswith(".xlsx")
