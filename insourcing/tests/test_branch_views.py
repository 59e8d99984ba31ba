import csv
import io

import pytest
from django.urls import reverse

from insourcing.models import Branch, GeneratedDocument
from insourcing.tests.factories import BranchFactory


def test_officer_edits_branch_letterhead(alice_client, branch_a):
    url = reverse("branch_edit", kwargs={"slug": branch_a.slug})
    response = alice_client.post(
        url,
        {
            "name": "Demo City LG",
            "address": "2 New Road",
            "email": "new@branch.example.org",
            "phone": "01632 960999",
            "signatory_name": "Pat",
            "signatory_position": "Secretary",
        },
    )
    assert response.status_code == 302
    branch_a.refresh_from_db()
    assert (branch_a.name, branch_a.address, branch_a.email) == ("Demo City LG", "2 New Road", "new@branch.example.org")


def test_invalid_email_is_reported_and_nothing_saved(alice_client, branch_a):
    url = reverse("branch_edit", kwargs={"slug": branch_a.slug})
    response = alice_client.post(url, {"name": "X", "email": "not-an-email"})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    branch_a.refresh_from_db()
    assert branch_a.name == "Demo City"


def test_sheet_request_is_post_only(alice_client, branch_a):
    url = reverse("branch_sheet_request", kwargs={"slug": branch_a.slug})
    assert alice_client.get(url).status_code == 405
    assert not GeneratedDocument.objects.exists()


def test_organiser_sees_branch_without_edit_buttons(olive_client, branch_a):
    response = olive_client.get(reverse("branch_detail", kwargs={"slug": branch_a.slug}))
    assert response.status_code == 200
    assert b"Edit branch details" not in response.content


def test_branch_list_shows_only_scope_and_exports_without_formulas(olive_client, branch_a, branch_a2, branch_b):
    Branch.objects.filter(pk=branch_a2.pk).update(name='=HYPERLINK("http://evil")')
    response = olive_client.get(reverse("branch_list"))
    assert b"Demo City" in response.content
    assert b"South Town" not in response.content
    export = olive_client.get(reverse("branch_list") + "?_export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert names == {"Demo City", '\'=HYPERLINK("http://evil")'}


def test_branch_list_filters_by_name(olive_client, branch_a, branch_a2):
    response = olive_client.get(reverse("branch_list") + "?name=county")
    assert b"North County" in response.content
    assert b"Demo City" not in response.content


# The dashboard's branches here have no campaigns: the region rows skip the campaign figures' queries (they take
# the active campaigns' ids), so fewer than test_dashboard_queries counts with every figure filled.
@pytest.mark.parametrize(("url_name", "max_queries"), [("branch_list", 6), ("dashboard", 12)])
@pytest.mark.parametrize("rows", [1, 500])
def test_page_query_count_is_the_same_for_1_and_500_branches(
    olive_client, region_north, url_name, max_queries, rows, django_assert_max_num_queries, count_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # figures computed each time (test_dashboard_queries counts the cached path)
    BranchFactory.create_batch(rows, region=region_north)
    with django_assert_max_num_queries(max_queries):
        assert olive_client.get(reverse(url_name)).status_code == 200
    assert count_queries(lambda: olive_client.get(reverse(url_name))) == max_queries
