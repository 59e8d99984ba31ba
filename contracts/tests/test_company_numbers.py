import pytest

from contracts.models import Provider, normalise_company_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("gb/02165763", "02165763"),
        ("2165763", "02165763"),
        ("02165763", "02165763"),
        ("GB-COH-02165763", "02165763"),
        ("SC257136", "SC257136"),
        ("sc 57136", "SC057136"),
        ("IP19473R", "IP19473R"),
        ("", ""),
    ],
)
def test_company_numbers_normalise_to_one_form(raw, expected):
    assert normalise_company_number(raw) == expected


def test_the_same_company_cannot_be_entered_twice_in_different_forms(db):
    from django.db import IntegrityError

    Provider.objects.create(name="Norse", company_number="gb/02165763")
    with pytest.raises(IntegrityError):
        Provider.objects.create(name="Norse Group", company_number="2165763")
