"""Turning the cells of real registers into values: dates, money, yes/no and text.

Each parser returns the value or raises CellError whose message is a whole sentence an officer can act on.
"""

import datetime
import html
import re
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Registers use far-future dates for "no fixed end"; treating them as real would hide the contract from the clock.
SENTINEL_END_DATES = {datetime.date(2050, 12, 31), datetime.date(2050, 11, 30), datetime.date(2049, 12, 31)}
SENTINEL_FROM_YEAR = 2099
MAX_VALUE = Decimal("99999999999999")  # fits Contract.value (16 digits, 2 decimal places)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_NAMED_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]{3,9})\.?[\s\-/,]+(\d{2}|\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


class CellError(ValueError):
    pass


class NegativeAmount(CellError):
    """A readable amount below zero: in registers usually a credit note, not what a contract is worth."""


# What registers put in a cell whose figure is not known (yet). Such a cell is no figure, but it says something an
# officer should see ("TBC": ask for it), so it is reported and kept, never dropped in silence.
PLACEHOLDER_WORDS = {
    "tbc", "tba", "tbd", "to be confirmed", "to be agreed", "n/a", "na", "n.a", "not applicable", "-", "--", "–",
    "—", "?", "unknown", "not known", "various", "varies", "nil", "none",
}  # fmt: skip


def placeholder(text: str, *, instead_of: str, said: str = "") -> CellError | None:
    """The error for a cell holding a placeholder word ("TBC", "n/a", "-") in place of a figure, else None."""
    if text.rstrip(".").casefold() in PLACEHOLDER_WORDS:
        return CellError(f"The file said “{(said or text)[:40]}” instead of {instead_of}.")
    return None


def clean_text(value, *, multiline: bool = False) -> str:
    """Text as people meant it: HTML entities decoded, control characters gone, whitespace tidied."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not multiline and "&" not in text and text.isprintable():
        return " ".join(text.split())  # the common case, kept cheap for 10,000-row registers
    # Contracts Finder double-escapes now and then ("&amp;amp;"), so decode until stable (at most twice).
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if multiline:
        return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()
    return _SPACES.sub(" ", text).strip()


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    if year < 100:
        # Two-digit years in registers are this century for anything a branch still cares about.
        year += 2000 if year < 70 else 1900
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            f"“{text[:40]}” is not a real date: there is no day {day} of month {month} in {year}."
        ) from None


def parse_date(value) -> datetime.date | None:
    """dd/mm/yyyy (never US order), 01-Jan-2000, ISO 8601 and Excel serial numbers; blank is None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = clean_text(value)
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _NUMERIC_DATE.fullmatch(text):
        return _make_date(int(match[3]), int(match[2]), int(match[1]), text)
    if match := _NAMED_MONTH.fullmatch(text):
        month = MONTHS.get(match[2].lower())
        if month is None:
            raise CellError(f"“{text[:40]}” has a month we do not recognise.")
        return _make_date(int(match[3]), month, int(match[1]), text)
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    if error := placeholder(text, instead_of="a date"):
        raise error
    raise CellError(f"“{text[:40]}” is not a date we recognise (we read dd/mm/yyyy, e.g. 31/03/2027).")


def _from_serial(number: float) -> datetime.date:
    # 1 Jan 1955 .. 31 Dec 2173 as Excel serials: anything else is a number that is not a date.
    if not 20090 <= number <= 100000:
        raise CellError(f"{number:g} is not a date (we read dd/mm/yyyy, e.g. 31/03/2027).")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def is_sentinel_end(date: datetime.date | None) -> bool:
    return date is not None and (date in SENTINEL_END_DATES or date.year >= SENTINEL_FROM_YEAR)


_MONEY_JUNK = re.compile(r"(?i)£|gbp|\s|,|&pound;|\u00a3|\u20ac|\$")
_MONEY = re.compile(r"(?i)(-?\d+(?:\.\d+)?)(k|m|bn|million|billion)?")
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}


def parse_money(value) -> Decimal | None:
    """£1,234.56, 1234.5, 1.2m, (1,000) and spreadsheet numbers; blank is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = clean_text(value)
        if not text:
            return None
        negative = text.startswith("(") and text.endswith(")")
        compact = _MONEY_JUNK.sub("", text.strip("()"))
        match = _MONEY.fullmatch(compact)
        if not match:
            if error := placeholder(text, instead_of="an amount") or placeholder(
                compact, instead_of="an amount", said=text
            ):
                raise error  # "TBC", "n/a", and "£-" or "£ TBC" once the pound sign is gone
            raise CellError(f"“{text[:40]}” is not an amount of money (we read e.g. £1,234.56).")
        try:
            amount = Decimal(match[1]) * _MULTIPLIERS.get((match[2] or "").lower(), 1)
        except InvalidOperation:
            raise CellError(f"“{text[:40]}” is not an amount of money (we read e.g. £1,234.56).") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise CellError(f"“{value}” is not an amount of money.")
    if amount < 0:
        raise NegativeAmount(f"{amount:,.2f} is negative, which in a register usually marks a credit, not a contract.")
    if amount > MAX_VALUE:
        raise CellError(f"{amount:,.0f} is too large to be a contract value.")
    return amount.quantize(Decimal("0.01"))


_YES = {"yes", "y", "true", "1", "extendable", "x"}
# "Yes - 2 x 12 months": a yes or no that goes on to give the terms.
LEADING_YES_NO = re.compile(r"(?i)(yes|no|y|n)\b[\s\-–:,;.(]+\S")
_NO = {"no", "n", "false", "0", "none", "not extendable"}


def parse_yes_no(value) -> bool | None:
    text = clean_text(value).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{text[:40]}” is not yes or no.")


MAX_COUNT = 2_147_483_647  # fits Contract.staff_count (a PostgreSQL integer)
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def parse_count(value) -> int | None:
    """A headcount: 45, 1,200 and spreadsheet numbers like 45.0; blank is None. Never rounds a fraction (an FTE
    figure such as 12.5 is not a number of people), so it is reported rather than guessed."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if not text:
        return None
    compact = re.sub(r"\.0+$", "", text.replace(" ", ""))
    if not _COUNT.fullmatch(compact):
        if error := placeholder(text, instead_of="a number of staff"):
            raise error
        raise CellError(f"“{text[:40]}” is not a whole number of staff (we read e.g. 45 or 1,200).")
    count = int(compact.replace(",", ""))
    if count > MAX_COUNT:
        raise CellError(f"{count:,} is too large to be a number of staff.")
    return count


def clean_number_id(value) -> str:
    """Identifiers that a spreadsheet turned into numbers: `11111111.0` back to `11111111`."""
    text = clean_text(value)
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text
