"""Cells as councils write them: dates, money, yes/no and text."""

import datetime
from decimal import Decimal

import pytest

from contracts.imports.cleaning import CellError, clean_text, is_sentinel_end, parse_date, parse_money, parse_yes_no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31/03/2027", datetime.date(2027, 3, 31)),
        ("1/4/2024", datetime.date(2024, 4, 1)),
        ("05.09.2013", datetime.date(2013, 9, 5)),
        ("01-Jan-2000", datetime.date(2000, 1, 1)),
        ("1 September 2024", datetime.date(2024, 9, 1)),
        ("2020-04-01", datetime.date(2020, 4, 1)),
        ("2021-10-31T00:00:00Z", datetime.date(2021, 10, 31)),
        ("2011-06-30T23:59:00+01:00", datetime.date(2011, 6, 30)),
        ("45000", datetime.date(2023, 3, 15)),
        (45000, datetime.date(2023, 3, 15)),
        (45000.5, datetime.date(2023, 3, 15)),
        (datetime.datetime(2017, 7, 31, 0, 0), datetime.date(2017, 7, 31)),
        ("31/03/27", datetime.date(2027, 3, 31)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_dates_in_every_form_registers_use(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2024", "13/13/2020", "next year", "12345", "01-Foo-2000", 3.5])
def test_impossible_or_unknown_dates_say_why(raw):
    with pytest.raises(CellError):
        parse_date(raw)


def test_an_impossible_date_is_named_in_a_sentence_not_a_python_message():
    with pytest.raises(CellError) as error:
        parse_date("31/02/2024")
    assert str(error.value) == "“31/02/2024” is not a real date: there is no day 31 of month 2 in 2024."


def test_day_first_never_month_first():
    assert parse_date("04/05/2020") == datetime.date(2020, 5, 4)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("£1,234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.50")),
        ("GBP 2,000", Decimal("2000.00")),
        ("£1.2m", Decimal("1200000.00")),
        ("250k", Decimal("250000.00")),
        (" 35000 ", Decimal("35000.00")),
        (231265.0, Decimal("231265.00")),
        ("", None),
    ],
)
def test_money_as_written(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["TBC", "tbc", "TBA", "n/a", "-", "unknown", "various", "£-", "£ TBC", "N/A."])
def test_a_placeholder_word_is_no_amount_and_the_error_says_what_the_file_said(raw):
    # It used to read as blank, so the row imported without a value and without a word about it.
    with pytest.raises(CellError) as error:
        parse_money(raw)
    assert str(error.value) == f"The file said “{raw}” instead of an amount."


@pytest.mark.parametrize("raw", ["-3728", "(1,000)", "about a million", "1e400", "£99999999999999999"])
def test_bad_money_says_why(raw):
    with pytest.raises(CellError):
        parse_money(raw)


def test_sentinel_end_dates_are_recognised_but_real_far_dates_are_not():
    assert is_sentinel_end(datetime.date(2050, 12, 31))
    assert is_sentinel_end(datetime.date(2050, 11, 30))
    assert is_sentinel_end(datetime.date(9999, 12, 31))
    assert not is_sentinel_end(datetime.date(2050, 3, 31))


def test_text_is_unescaped_and_tidied():
    assert clean_text("Telford &amp; Wrekin Council") == "Telford & Wrekin Council"
    assert clean_text("Guy&#039;s and St Thomas&#039;") == "Guy's and St Thomas'"
    assert clean_text("  Bath \r\n  and\tNE Somerset ") == "Bath and NE Somerset"
    assert clean_text("A &amp;amp; B") == "A & B"
    assert clean_text("nul\x00byte") == "nulbyte"
    assert clean_text(1234.0) == "1234"


def test_yes_no():
    assert parse_yes_no("Yes") is True
    assert parse_yes_no("N") is False
    assert parse_yes_no("") is None
    with pytest.raises(CellError):
        parse_yes_no("perhaps")
