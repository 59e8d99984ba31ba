import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from contracts.comparisons.models import Comparison, ComparisonTerms, ComparisonWording, PayPoint
from contracts.tests.factories import ContractFactory, PayPointFactory, make_comparison
from insourcing.models import GeneratedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(db):
    call_command("load_reference_rates", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def comparison(branch_a):
    return make_comparison(branch_a)


def _terms_data(**overrides):
    data = {}
    for column in ComparisonTerms.Column.values:
        for name in ComparisonTerms.TEXT_FIELDS:
            data[f"{column}-{name}"] = ""
    data.update(overrides)
    return data


# ---------------------------------------------------------------- create


def test_officer_creates_a_comparison_with_a_column_for_each_side(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, two_tier="yes")
    url = reverse("contracts:comparison_create", kwargs={"contract_pk": contract.pk})
    form_page = alice_client.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["two_tier"] is True

    response = alice_client.post(
        url, {"title": "Cleaners", "as_at": "2025-06-01", "living_wage_area": "uk", "two_tier": "on"}
    )
    comparison = Comparison.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    assert (comparison.contract, comparison.title, comparison.two_tier) == (contract, "Cleaners", True)
    assert sorted(comparison.terms.values_list("column", flat=True)) == ["contractor", "direct", "new-starters"]


def test_a_comparison_without_a_title_is_refused_with_a_summary(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:comparison_create", kwargs={"contract_pk": contract.pk})
    response = alice_client.post(url, {"title": "", "as_at": "2025-06-01", "living_wage_area": "uk"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Comparison.objects.exists()


def test_create_refuses_put(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    assert (
        alice_client.put(reverse("contracts:comparison_create", kwargs={"contract_pk": contract.pk})).status_code == 405
    )


def test_create_refuses_officer_of_another_branch(client, bob, branch_a):
    contract = ContractFactory(branch=branch_a)
    client.force_login(bob)
    url = reverse("contracts:comparison_create", kwargs={"contract_pk": contract.pk})
    assert client.post(url, {"title": "X", "as_at": "2025-06-01", "living_wage_area": "uk"}).status_code == 404
    assert not Comparison.objects.exists()


# ---------------------------------------------------------------- edit


def test_officer_saves_each_sides_terms_and_the_comparable_pay_point(alice_client, branch_a, comparison):
    PayPointFactory(branch=branch_a, point="SCP 3")
    url = reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    assert alice_client.get(url).status_code == 200
    data = _terms_data(
        **{
            "contractor-hourly_rate": "11.50",
            "contractor-weekly_hours": "16",
            "contractor-leave": "28 days including bank holidays",
            "direct-hourly_rate": "",
            "direct-pension": "LGPS",
        }
    )
    data.update(title="Cleaners", as_at="2025-06-01", living_wage_area="uk", comparable="njc|SCP 3")
    response = alice_client.post(url, data)
    assert response.status_code == 302
    comparison.refresh_from_db()
    assert (comparison.pay_scheme, comparison.pay_point) == ("njc", "SCP 3")
    contractor = comparison.terms.get(column="contractor")
    assert (contractor.hourly_rate, contractor.weekly_hours) == (Decimal("11.50"), Decimal("16"))
    assert contractor.annual_leave_days is None  # cleared, not zero
    assert contractor.leave == "28 days including bank holidays"
    assert comparison.terms.get(column="direct").hourly_rate is None


def test_bad_numbers_keep_everything_typed_and_save_nothing(alice_client, comparison):
    url = reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    data = _terms_data(**{"contractor-hourly_rate": "about eleven", "contractor-leave": "kept text"})
    data.update(title="Renamed", as_at="2025-06-01", living_wage_area="uk")
    response = alice_client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "kept text" in body and "about eleven" in body
    comparison.refresh_from_db()
    assert comparison.title == "Cleaners"


def test_organiser_cannot_edit(olive_client, comparison):
    assert olive_client.get(reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})).status_code == 403


# ---------------------------------------------------------------- detail


def test_detail_shows_terms_rates_and_the_gap_with_its_working(alice_client, rates, comparison):
    response = alice_client.get(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    for label in ["Pay rates", "Pay increases", "Unsocial hours payments", "Hours", "Leave", "Sick pay"]:
        assert label in body
    assert "Other terms (e.g. maternity/paternity/parental leave, rest breaks)" in body
    assert "National Living Wage: £12.21 from 1 April 2025" in body
    assert "£12.21 is £0.39 an hour below the Real Living Wage (UK) of £12.60" in body
    assert "£12.60 − £12.21 = £0.39 an hour × 37 hours × 52.143 weeks = £752.42 a year" in body
    assert "£12.60 − £12.21 = £0.39 an hour × 20 hours × 52.143 weeks = £406.72 a year" in body
    assert "120 staff × 20 hours ÷ 37 hours = 64.86 full-time equivalent" in body
    assert "<svg" in body
    assert "Edit comparison" in body


def test_detail_uses_the_branchs_own_row_labels(alice_client, branch_a, comparison):
    ComparisonWording.objects.create(branch=branch_a, key="pay_rates", text="Basic hourly pay")
    body = alice_client.get(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk})).content.decode()
    assert "Basic hourly pay" in body
    assert '<th scope="row">Pay rates</th>' not in body


def test_organiser_reads_the_detail_without_edit_buttons(olive_client, comparison):
    response = olive_client.get(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk}))
    assert response.status_code == 200
    assert "Edit comparison" not in response.content.decode()


def test_detail_refuses_post(alice_client, comparison):
    assert alice_client.post(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk})).status_code == 405


def test_detail_queries_do_not_grow_with_rates_or_pay_points(
    alice_client, branch_a, rates, count_queries, django_assert_max_num_queries
):
    one = make_comparison(branch_a)
    url = reverse("contracts:comparison_detail", kwargs={"pk": one.pk})
    PayPointFactory(branch=branch_a, point="SCP 3")
    # The session's first request does once-per-session work; compare two requests that both come after it.
    alice_client.get(url)
    first = count_queries(lambda: alice_client.get(url))
    PayPoint.objects.bulk_create(
        PayPoint(
            branch=branch_a,
            scheme="njc",
            point=f"SCP {n}",
            effective_from=datetime.date(2025, 4, 1),
            annual_salary=Decimal(24000 + n),
            weekly_hours=37,
        )
        for n in range(4, 504)
    )
    assert count_queries(lambda: alice_client.get(url)) == first
    with django_assert_max_num_queries(14):
        alice_client.get(url)


# ---------------------------------------------------------------- list


def test_list_shows_comparisons_of_readable_branches_only(alice_client, branch_a, branch_b):
    make_comparison(branch_a, title="Our cleaners")
    make_comparison(branch_b, title="Their porters")
    body = alice_client.get(reverse("contracts:comparison_list")).content.decode()
    assert "Our cleaners" in body
    assert "Their porters" not in body


def test_list_queries_are_the_same_for_one_row_and_many(
    alice_client, branch_a, count_queries, django_assert_max_num_queries
):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:comparison_list")
    Comparison.objects.create(contract=contract, title="First")
    first = count_queries(lambda: alice_client.get(url))
    Comparison.objects.bulk_create(Comparison(contract=contract, title=f"Role {n}") for n in range(499))
    assert count_queries(lambda: alice_client.get(url)) == first
    with django_assert_max_num_queries(10):
        alice_client.get(url)


# ---------------------------------------------------------------- delete, report, leaflet


def test_officer_deletes_a_comparison_and_its_terms(alice_client, comparison):
    response = alice_client.post(reverse("contracts:comparison_delete", kwargs={"pk": comparison.pk}))
    assert response.status_code == 302
    assert not Comparison.objects.exists()
    assert not ComparisonTerms.objects.exists()


def test_delete_refuses_get(alice_client, comparison):
    assert alice_client.get(reverse("contracts:comparison_delete", kwargs={"pk": comparison.pk})).status_code == 405
    assert Comparison.objects.exists()


def test_report_request_queues_a_document_and_shows_its_progress(alice_client, branch_a, comparison):
    response = alice_client.post(reverse("contracts:comparison_report", kwargs={"pk": comparison.pk}))
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})
    assert (document.kind, document.branch, document.source) == ("comparison_report", branch_a, comparison)
    assert document.title == "Terms and conditions comparison: Cleaners"


def test_report_request_refuses_get_and_organisers(alice_client, olive_client, comparison):
    url = reverse("contracts:comparison_report", kwargs={"pk": comparison.pk})
    assert alice_client.get(url).status_code == 405
    assert olive_client.post(url).status_code == 403
    assert not GeneratedDocument.objects.exists()


def test_leaflet_says_what_members_would_gain_in_plain_words(alice_client, rates, comparison):
    response = alice_client.get(reverse("contracts:comparison_leaflet", kwargs={"pk": comparison.pk}))
    body = response.content.decode()
    assert "What you would gain in-house" in body
    assert "£0.39 more an hour" in body
    assert "£752.42 a year" in body and "£406.72 for a post of 20 hours a week" in body
    assert "data-print" in body


def test_leaflet_queries_are_bounded(alice_client, rates, comparison, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        alice_client.get(reverse("contracts:comparison_leaflet", kwargs={"pk": comparison.pk}))


# ---------------------------------------------------------------- wording


def test_officer_sets_the_branchs_wording_and_can_return_to_the_guides(alice_client, branch_a):
    url = reverse("contracts:comparison_wording", kwargs={"slug": branch_a.slug})
    assert alice_client.get(url).status_code == 200
    alice_client.post(url, {"pay_rates": "Basic pay", "leave": "Leave"})
    assert dict(ComparisonWording.objects.values_list("key", "text")) == {"pay_rates": "Basic pay"}
    alice_client.post(url, {"pay_rates": ""})
    assert not ComparisonWording.objects.exists()


def test_wording_of_another_branch_is_refused(client, bob, branch_a):
    client.force_login(bob)
    url = reverse("contracts:comparison_wording", kwargs={"slug": branch_a.slug})
    assert client.post(url, {"pay_rates": "Hijacked"}).status_code == 404
    assert not ComparisonWording.objects.exists()


# ---------------------------------------------------------------- reference rates and pay points


def test_reference_rates_page_lists_national_rates_and_own_pay_points(alice_client, rates, branch_a, branch_b):
    PayPointFactory(branch=branch_a, point="SCP 3")
    PayPointFactory(branch=branch_b, point="SCP 99")
    body = alice_client.get(reverse("contracts:reference_rates")).content.decode()
    assert "£12.21" in body and "Real Living Wage (London)" in body
    assert "SCP 3" in body and "£12.85" in body
    assert "SCP 99" not in body


def test_reference_rates_page_queries_are_bounded(
    alice_client, rates, branch_a, django_assert_max_num_queries, count_queries
):
    url = reverse("contracts:reference_rates")
    PayPointFactory(branch=branch_a)
    first = count_queries(lambda: alice_client.get(url))
    PayPointFactory.create_batch(499, branch=branch_a)
    assert count_queries(lambda: alice_client.get(url)) == first
    with django_assert_max_num_queries(12):
        alice_client.get(url)


def test_officer_adds_a_pay_point_with_the_schemes_standard_hours(alice_client, branch_a):
    response = alice_client.post(
        reverse("contracts:pay_point_create"),
        {
            "branch": branch_a.pk,
            "scheme": "afc",
            "point": "Band 2",
            "effective_from": "2025-04-01",
            "annual_salary": "24465",
        },
    )
    assert response.status_code == 302
    point = PayPoint.objects.get()
    assert (point.branch, point.weekly_hours, point.hourly.value) == (branch_a, Decimal("37.5"), Decimal("12.51"))


def test_organiser_cannot_add_pay_points(olive_client):
    assert olive_client.get(reverse("contracts:pay_point_create")).status_code == 403


def test_officer_edits_and_deletes_a_pay_point(alice_client, branch_a):
    point = PayPointFactory(branch=branch_a)
    url = reverse("contracts:pay_point_edit", kwargs={"pk": point.pk})
    response = alice_client.post(
        url,
        {
            "scheme": "njc",
            "point": point.point,
            "effective_from": "2025-04-01",
            "annual_salary": "25000",
            "weekly_hours": "36",
        },
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.annual_salary, point.weekly_hours) == (Decimal("25000"), Decimal("36"))
    assert alice_client.get(reverse("contracts:pay_point_delete", kwargs={"pk": point.pk})).status_code == 405
    alice_client.post(reverse("contracts:pay_point_delete", kwargs={"pk": point.pk}))
    assert not PayPoint.objects.exists()


def test_officer_imports_pay_points_from_a_spreadsheet_csv(alice_client, branch_a):
    PayPointFactory(branch=branch_a, point="SCP 3", annual_salary=Decimal("24027"))
    csv = (
        "\ufeffScheme,Spine point,Effective from,Annual salary,Source\n"
        'NJC,SCP 3,01/04/2025,"£24,796",NJC 2025\n'
        "NJC,SCP 4,2025-04-01,25185,NJC 2025\n"
        "AfC,Band 2,2025-04-01,24465,\n"
    ).encode()
    response = alice_client.post(
        reverse("contracts:pay_point_import"),
        {"branch": branch_a.pk, "file": SimpleUploadedFile("points.csv", csv, content_type="text/csv")},
    )
    assert response.status_code == 302
    points = {(p.scheme, p.point): p for p in PayPoint.objects.filter(branch=branch_a)}
    assert points[("njc", "SCP 3")].annual_salary == Decimal("24796")
    assert points[("njc", "SCP 4")].weekly_hours == Decimal("37")
    assert points[("afc", "Band 2")].weekly_hours == Decimal("37.5")
    assert len(points) == 3


def test_a_bad_pay_point_file_names_each_bad_line_and_saves_nothing(alice_client, branch_a):
    csv = b"scheme,point,effective_from,annual_salary\nNJC,SCP 3,2025-04-01,24796\nXYZ,SCP 4,someday,lots\n"
    response = alice_client.post(
        reverse("contracts:pay_point_import"),
        {"branch": branch_a.pk, "file": SimpleUploadedFile("points.csv", csv, content_type="text/csv")},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: “XYZ” is not a pay scheme" in body
    assert not PayPoint.objects.exists()


def test_import_into_another_branch_is_refused(alice_client, branch_b):
    csv = b"scheme,point,effective_from,annual_salary\nNJC,SCP 3,2025-04-01,24796\n"
    response = alice_client.post(
        reverse("contracts:pay_point_import"),
        {"branch": branch_b.pk, "file": SimpleUploadedFile("points.csv", csv, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert not PayPoint.objects.exists()


def _many_pay_points(branch, start=4):
    PayPoint.objects.bulk_create(
        PayPoint(
            branch=branch,
            scheme="njc",
            point=f"SCP {n}",
            effective_from=datetime.date(2025, 4, 1),
            annual_salary=Decimal(24000 + n),
            weekly_hours=37,
        )
        for n in range(start, start + 499)
    )


@pytest.mark.parametrize("page", ["edit", "create"])
def test_form_pages_queries_do_not_grow_with_the_branchs_pay_points(
    alice_client, branch_a, comparison, page, count_queries, django_assert_max_num_queries
):
    PayPointFactory(branch=branch_a, point="SCP 3")
    if page == "edit":
        url = reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    else:
        url = reverse("contracts:comparison_create", kwargs={"contract_pk": comparison.contract.pk})
    first = count_queries(lambda: alice_client.get(url))
    _many_pay_points(branch_a)
    assert count_queries(lambda: alice_client.get(url)) == first
    with django_assert_max_num_queries(12):
        alice_client.get(url)


def test_wording_page_queries_are_bounded(alice_client, branch_a, django_assert_max_num_queries):
    ComparisonWording.objects.create(branch=branch_a, key="leave", text="Holidays")
    with django_assert_max_num_queries(10):
        body = alice_client.get(reverse("contracts:comparison_wording", kwargs={"slug": branch_a.slug})).content
    assert b'value="Holidays"' in body


def test_contract_page_section_lists_comparisons_and_offers_a_new_one_to_officers(branch_a, comparison):
    from django.template.loader import render_to_string

    html = render_to_string("contracts/_contract_comparisons.html", {"contract": comparison.contract, "can_edit": True})
    assert comparison.get_absolute_url() in html
    assert "1 June 2025" in html
    assert reverse("contracts:comparison_create", kwargs={"contract_pk": comparison.contract.pk}) in html
    read_only = render_to_string(
        "contracts/_contract_comparisons.html", {"contract": comparison.contract, "can_edit": False}
    )
    assert "Compare terms and conditions" not in read_only


def test_pay_point_file_over_the_limit_states_the_same_limit_as_every_upload(alice_client, branch_a, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = alice_client.post(
        reverse("contracts:pay_point_import"),
        {"branch": branch_a.pk, "file": SimpleUploadedFile("points.csv", b"x" * 3000, content_type="text/csv")},
    )
    body = response.content.decode()
    assert "This file is 3 KB, and files can be at most 1 KB." in body
    assert "Up to 1 KB." in body


def test_in_house_pay_a_year_is_the_pay_points_salary_not_rebuilt_from_the_rounded_hourly_rate(
    alice_client, rates, branch_a, comparison
):
    PayPointFactory(branch=branch_a, point="SCP 3")  # £24,796 a year for 37 hours: £12.85 an hour, rounded
    ComparisonTerms.objects.filter(comparison=comparison, column="direct").update(hourly_rate=None)
    Comparison.objects.filter(pk=comparison.pk).update(pay_scheme="njc", pay_point="SCP 3")
    body = alice_client.get(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk})).content.decode()
    assert (
        "£24,796.00 a year (NJC (local government) SCP 3) − £12.21 × 37 hours × 52.143 weeks (£23,556.64) "
        "= £1,239.36 a year" in body
    )
    assert "£1,234.75" not in body  # (£12.85 − £12.21) × 37 × 52.143: the in-house pay rebuilt as £24,791.39


def test_a_contractor_rate_below_the_legal_minimum_on_the_as_at_date_is_a_clear_warning(
    alice_client, rates, comparison
):
    detail = reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk})
    assert "Below the legal minimum" not in alice_client.get(detail).content.decode()  # £12.21 is the NLW itself
    ComparisonTerms.objects.filter(comparison=comparison, column="contractor").update(hourly_rate=Decimal("11.50"))
    body = alice_client.get(detail).content.decode()
    assert '<div class="alert alert-danger" role="alert">' in body
    assert "<strong>Below the legal minimum.</strong>" in body
    assert "£11.50 an hour is £0.71 less than the National Living Wage of £12.21" in body
    assert "in force on 1 June 2025" in body


def test_the_gap_against_profit_is_a_share_of_profit_not_percentage_points(alice_client, rates, comparison):
    from types import SimpleNamespace
    from unittest import mock

    accounts = [
        SimpleNamespace(
            year=2024,
            turnover=900_000,
            profit=1_000_000,
            dividends=None,
            staff_costs=None,
            highest_paid_director=None,
            source="Companies House",
        )
    ]
    with mock.patch("contracts.comparisons.analysis.provider_financials", return_value=accounts):
        body = alice_client.get(reverse("contracts:comparison_detail", kwargs={"pk": comparison.pk})).content.decode()
    assert "percentage points" not in body
    assert re.search(r"Closing the gap on this contract would cost <strong>[\d.]+% of the provider&#x27;s profit", body)


# ---------------------------------------------------------------- impossible figures


def _edit_data(comparison, **overrides):
    data = {
        "title": comparison.title,
        "as_at": "2025-06-01",
        "living_wage_area": "uk",
        **_terms_data(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contractor-weekly_hours", "200", "Enter weekly hours above 0 and at most 60"),
        ("contractor-weekly_hours", "0", "Enter weekly hours above 0 and at most 60"),
        ("direct-employer_pension_pct", "150", "between 0 and 40"),
        ("contractor-annual_leave_days", "400", "Enter annual leave between 0 and 70 days"),
        ("contractor-hourly_rate", "-1", "Enter an hourly rate above £0"),
    ],
)
def test_impossible_terms_are_refused_in_plain_words(alice_client, comparison, field, value, message):
    url = reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    response = alice_client.post(url, _edit_data(comparison, **{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert "Ensure this value" not in body
    assert comparison.terms.get(column="contractor").weekly_hours == Decimal("20")


def test_tupe_staff_and_new_starters_cannot_outnumber_the_staff_compared(alice_client, branch_a):
    comparison = make_comparison(branch_a, two_tier=True, staff_count=30)
    url = reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    data = _edit_data(comparison, two_tier="on", staff_count="30", transferred_staff="25", new_starter_staff="10")
    body = alice_client.post(url, data).content.decode()
    assert "add up to 35, more than the 30 staff in this comparison" in body
    comparison.refresh_from_db()
    assert comparison.transferred_staff is None
    data.update(new_starter_staff="5")
    assert alice_client.post(url, data).status_code == 302
    comparison.refresh_from_db()
    assert (comparison.transferred_staff, comparison.new_starter_staff) == (25, 5)


def test_the_comparison_list_offers_add_a_comparison_with_the_contract_chosen_on_the_form(
    alice_client, branch_a, branch_b
):
    contract = ContractFactory(branch=branch_a, service="School meals")
    ContractFactory(branch=branch_b, service="Not yours")
    listing = alice_client.get(reverse("contracts:comparison_list")).content.decode()
    new = reverse("contracts:comparison_new")
    assert f'href="{new}"' in listing and "Add a comparison" in listing
    form = alice_client.get(new).content.decode()
    assert "School meals" in form and "Not yours" not in form
    refused = alice_client.post(new, {"title": "Meals", "as_at": "2025-06-01", "living_wage_area": "uk"})
    assert "Contract: This field is required." in refused.content.decode() and not Comparison.objects.exists()
    response = alice_client.post(
        new, {"contract": contract.pk, "title": "Meals", "as_at": "2025-06-01", "living_wage_area": "uk"}
    )
    comparison = Comparison.objects.get()
    assert response["Location"] == reverse("contracts:comparison_edit", kwargs={"pk": comparison.pk})
    assert (comparison.contract, comparison.terms.count()) == (contract, 3)


def test_add_a_comparison_is_for_officers(olive_client, branch_a):
    ContractFactory(branch=branch_a)
    assert olive_client.get(reverse("contracts:comparison_new")).status_code == 403
    assert "Add a comparison" not in olive_client.get(reverse("contracts:comparison_list")).content.decode()
