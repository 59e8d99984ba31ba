"""Cached dashboard figures: a change to any source data is on the next load, and cached content never crosses
regions or users.

Changes run inside `django_capture_on_commit_callbacks(execute=True)`: a branch's data generation moves on when
the change commits, and a test's transaction never does.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from campaigns.models import MembershipSnapshot, PlanRow
from campaigns.plans import services as campaign_services
from contracts.foi.services import foi_reminders_send
from contracts.tests.factories import ContractFactory
from insourcing import freshness
from insourcing.models import Branch, BranchOfficer
from insourcing.tests.factories import BranchFactory, UserFactory, make_organiser
from surveys.tests.factories import answer

from .factories import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def _page(client, **query) -> str:
    """The page's main content (outside it, the CSRF token differs on every load)."""
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _figures(page: str, branch: str) -> list[str]:
    """The cells of a branch's row in the region table, as text."""
    row = re.search(rf">{re.escape(branch)}</a></th>(.*?)</tr>", page, re.S)
    assert row, f"no row for {branch}"
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


def _my_rows_panel(page: str) -> str:
    return page[page.index('id="panel-rows"') : page.index('id="panel-lead-in"')]


def test_a_second_load_serves_the_cached_figures_with_their_time(olive_client, world, count_queries):
    first = _page(olive_client)
    assert "Figures as of 10:00." in first  # 9:00 UTC is 10:00 in London in June
    assert count_queries(lambda: _page(olive_client)) < 10
    assert _page(olive_client) == first


def test_an_added_contract_is_on_the_next_load(olive_client, world, branch_a, django_capture_on_commit_callbacks):
    before = _figures(_page(olive_client), "Demo City")[0]
    with django_capture_on_commit_callbacks(execute=True):
        ContractFactory(branch=branch_a, service="Windows")
    assert _figures(_page(olive_client), "Demo City")[0] == str(int(before) + 1)


def test_a_campaign_phase_change_is_on_the_next_load(olive_client, world, django_capture_on_commit_callbacks):
    assert "(0·1·1·0·0)" in _figures(_page(olive_client), "Demo City")[3]
    with django_capture_on_commit_callbacks(execute=True):
        world.clean.phase = 4
        world.clean.save()
    assert "(0·0·1·1·0)" in _figures(_page(olive_client), "Demo City")[3]


def test_a_membership_snapshot_is_on_the_next_load(olive_client, world, django_capture_on_commit_callbacks):
    assert _figures(_page(olive_client), "North County")[4].startswith("80.0% / 60.0%")
    with django_capture_on_commit_callbacks(execute=True):
        MembershipSnapshot.objects.create(campaign=world.county, taken_on=NOW.date(), staff=50, members=45)
    assert _figures(_page(olive_client), "North County")[4].startswith("90.0% / 60.0%")


def test_a_plan_row_done_leaves_my_rows_on_the_next_load(alice_client, world, django_capture_on_commit_callbacks):
    assert "Map the sites" in _my_rows_panel(_page(alice_client))
    with django_capture_on_commit_callbacks(execute=True):
        row = PlanRow.objects.get(objective="Map the sites")
        row.status = PlanRow.Status.DONE
        row.save()
    assert "Map the sites" not in _my_rows_panel(_page(alice_client))


def test_accepted_draft_rows_are_on_the_next_load(alice_client, world, django_capture_on_commit_callbacks):
    """Accepting drafts is one UPDATE, which sends no signal."""
    assert "Offered step" not in _my_rows_panel(_page(alice_client))
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.drafts_accept(campaign=world.clean)
    assert "Offered step" in _my_rows_panel(_page(alice_client))


def _foi_panel(page: str) -> str:
    return page[page.index('id="panel-foi"') : page.index('id="panel-surveys"')]


def test_a_foi_marked_overdue_by_the_daily_job_is_on_the_next_load(
    alice_client, world, django_capture_on_commit_callbacks
):
    """The job marks requests overdue with an UPDATE, which sends no signal."""
    before = _foi_panel(_page(alice_client))
    with django_capture_on_commit_callbacks(execute=True):
        assert foi_reminders_send(today=NOW.date())["overdue"] == 2  # one in branch A, one in branch B
    after = _foi_panel(_page(alice_client))
    assert after.count("<td>Sent</td>") == before.count("<td>Sent</td>") - 1
    assert after.count("<td>Overdue</td>") == before.count("<td>Overdue</td>") + 1


def test_a_submitted_survey_response_is_on_the_next_load(olive_client, world, django_capture_on_commit_callbacks):
    assert _figures(_page(olive_client), "Demo City")[8].startswith("3.0%")
    with django_capture_on_commit_callbacks(execute=True):
        answer(world.survey, support="yes")
    assert _figures(_page(olive_client), "Demo City")[8].startswith("4.0%")


def test_an_imported_register_is_on_the_next_load(
    olive_client, world, branch_a, tmp_path, django_capture_on_commit_callbacks
):
    """The import writes with bulk_create, which sends no signals."""
    before = int(_figures(_page(olive_client), "Demo City")[0])
    path = tmp_path / "register.csv"
    path.write_text(
        "Contract reference,Title,Supplier,Contract value,End date\n"
        "R1,Windows,Glaze Ltd,12000,31/03/2027\nR2,Doors,Hinge Ltd,8000,31/03/2027\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_contracts",
            str(path),
            "--branch",
            branch_a.slug,
            "--authority",
            "Demo City Council",
            stdout=io.StringIO(),
        )
    assert int(_figures(_page(olive_client), "Demo City")[0]) == before + 2


def test_a_new_branch_of_the_region_is_on_the_next_load(olive_client, world, region_north):
    _page(olive_client)
    BranchFactory(region=region_north, name="Fresh Branch")
    assert "Fresh Branch" in _page(olive_client)


def test_an_organiser_of_south_never_gets_norths_cached_table(olive_client, client, world, region_south):
    assert "Demo City" in _page(olive_client)
    client.force_login(make_organiser(region_south))
    page = _page(client)
    assert "South Town" in page
    assert "Demo City" not in page and "North County" not in page


def test_an_officers_my_rows_are_never_shown_to_another_officer(alice_client, client, world, branch_a):
    assert "Map the sites" in _my_rows_panel(_page(alice_client))
    colleague = UserFactory()
    BranchOfficer.objects.create(user=colleague, branch=branch_a)
    client.force_login(colleague)
    panel = _my_rows_panel(_page(client))
    assert "Map the sites" not in panel
    assert "Nothing of yours is overdue" in panel


def test_table_options_are_cached_apart(olive_client, world):
    everything = _page(olive_client)
    filtered = _page(olive_client, only="no-campaign")
    assert "No branch matches." in filtered
    assert "No branch matches." not in everything
    assert _page(olive_client) == everything


def test_figures_are_computed_when_the_cache_is_down(olive_client, world, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    page = _page(olive_client)
    assert _figures(page, "Demo City")[0] == "4"
    assert "Dashboard cache unavailable: ConnectionError" in caplog.messages


def test_a_change_while_the_cache_is_down_is_saved(branch_a, settings, caplog, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    with django_capture_on_commit_callbacks(execute=True):
        branch_a.name = "Renamed"
        branch_a.save()
    assert Branch.objects.get(pk=branch_a.pk).name == "Renamed"
    assert "Could not mark branch data changed: ConnectionError" in caplog.messages


def test_a_rolled_back_change_still_leaves_later_changes_marked(branch_a, django_capture_on_commit_callbacks):
    before = freshness.generations([branch_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            freshness.mark_changed([branch_a.pk])
            raise RuntimeError
        freshness.mark_changed([branch_a.pk])
    assert freshness.generations([branch_a.pk]) != before
