"""Fuzzed input: random bytes and random CSV cells never raise an unhandled error, never a 500, and under
all-or-nothing never leave some rows written."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.imports import UnreadableFile, run_import
from contracts.models import Contract

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADERS = ["Contract reference", "Title", "Supplier", "Company number", "Start date", "End date", "Contract value"]
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["31/12/2050", "01-Jan-2000", "45000", "£1,234.56", "-5", "gb/0216", "&amp;", "", "R1"]),
)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused_with_a_reason(branch_a, data):
    try:
        result = run_import(data=data, source_name="fuzz.csv", branch=branch_a, authority_name="Fuzz Council")
    except UnreadableFile as error:
        assert error.reason
    else:
        assert result.exit_code in (0, 1)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=12))
def test_random_cells_under_all_or_nothing_write_all_good_rows_or_none(branch_a, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    before = Contract.objects.count()
    try:
        result = run_import(
            data=buffer.getvalue().encode("utf-8", "surrogatepass"),
            source_name="fuzz.csv",
            branch=branch_a,
            authority_name="Fuzz Council",
            all_or_nothing=True,
        )
    except UnreadableFile:
        assert Contract.objects.count() == before
        return
    added = Contract.objects.count() - before
    if result.errors:
        assert added == 0 and not result.applied
    else:
        assert added == result.count("new")


@FUZZ
@given(data=st.binary(max_size=1500))
def test_random_uploads_never_cause_a_server_error(alice_client, branch_a, data):
    response = alice_client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}),
        {"file": SimpleUploadedFile("fuzz.csv", data), "new_authority": "Fuzz Council"},
        follow=True,
    )
    assert response.status_code == 200
