"""Reference rates: parsed from the original GOV.UK and Living Wage files, committed, loaded, looked up by date."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from contracts.comparisons import rates
from contracts.models import ReferenceRate

DOWNLOADS = Path(settings.BASE_DIR) / "data" / "pay-scales"  # the original downloads, kept to check against
D = datetime.date


def _smart_answers():
    return rates.parse_smart_answers(sorted(DOWNLOADS.glob("govuk-smart-answers_minimum_wage_*.json")))


def test_gov_uk_tables_give_the_national_living_wage_by_date():
    by_date = {r.effective_from: r for r in _smart_answers()}
    assert by_date[D(2025, 4, 1)].hourly_rate == Decimal("12.21")
    assert by_date[D(2024, 4, 1)].hourly_rate == Decimal("11.44")
    assert by_date[D(2023, 4, 1)].hourly_rate == Decimal("10.42")
    assert by_date[D(2026, 4, 1)].hourly_rate == Decimal("12.71")
    assert by_date[D(2016, 4, 1)].name == "National Living Wage"
    assert by_date[D(2015, 10, 1)].name == "National Minimum Wage (adult rate)"


def test_the_adult_age_band_is_kept_as_it_changed():
    ages = {r.effective_from: r.age_note for r in _smart_answers()}
    assert ages[D(2006, 10, 1)] == "aged 22 and over"
    assert ages[D(2016, 4, 1)] == "aged 25 and over"
    assert ages[D(2023, 4, 1)] == "aged 23 and over"
    assert ages[D(2024, 4, 1)] == "aged 21 and over"


def test_a_newer_snapshot_replaces_the_open_ended_period_of_an_older_one():
    records = _smart_answers()
    starts = [r.effective_from for r in records]
    assert len(starts) == len(set(starts)) == 22
    older_first = rates.parse_smart_answers(sorted(DOWNLOADS.glob("*.json"), reverse=True))
    assert older_first == records  # file order does not matter: the snapshot date in the name decides


def test_committed_minimum_wage_data_matches_the_gov_uk_tables():
    committed = [r for r in rates.committed_rates() if r.kind == rates.MINIMUM_WAGE]
    assert committed == _smart_answers()


def test_committed_real_living_wage_matches_the_compiled_series_where_it_has_figures():
    series = rates.parse_stipends_csv(DOWNLOADS / "uk-nmw-nlw-rlw-stipend-by-year_2012-2024_cooscoos-stipends.csv")
    assert series[2018] == Decimal("9.00")  # written as "9" in the file
    assert 2024 not in series  # blank in the file
    committed = {r.effective_from.year: r.hourly_rate for r in rates.committed_rates() if r.kind == rates.RLW_UK}
    assert {year: committed[year] for year in series} == series
    assert committed[2024] == Decimal("12.60")


def test_load_command_is_idempotent_and_rates_are_found_by_date(db):
    ReferenceRate.objects.all().delete()  # the data migration already loaded them once
    out = StringIO()
    call_command("load_reference_rates", stdout=out)
    count = ReferenceRate.objects.count()
    assert "created" in out.getvalue()
    call_command("load_reference_rates", stdout=StringIO())
    assert ReferenceRate.objects.count() == count == len(rates.committed_rates())

    on = ReferenceRate.objects.on
    assert on(D(2025, 4, 1))["minimum-wage"].hourly_rate == Decimal("12.21")
    assert on(D(2025, 3, 31))["minimum-wage"].hourly_rate == Decimal("11.44")
    assert on(D(2024, 4, 1))["minimum-wage"].hourly_rate == Decimal("11.44")
    assert on(D(2023, 4, 1))["minimum-wage"].hourly_rate == Decimal("10.42")
    assert on(D(2025, 6, 1))["rlw-uk"].hourly_rate == Decimal("12.60")
    assert on(D(2025, 6, 1))["rlw-london"].hourly_rate == Decimal("13.85")
    assert on(D(2025, 11, 1))["rlw-uk"].hourly_rate == Decimal("13.45")
    assert "minimum-wage" not in on(D(2000, 1, 1))


def test_the_migration_loads_the_rates_so_a_new_site_has_them(db):
    assert ReferenceRate.objects.filter(kind="minimum-wage", effective_from=D(2025, 4, 1)).get().hourly_rate == Decimal(
        "12.21"
    )
