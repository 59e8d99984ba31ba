"""Reading a branch's pay points (NJC / SJC spine points, Agenda for Change bands) from a CSV file.

Spreadsheets arrive with £ signs, thousands separators, UK dates and a byte-order mark; every problem is
reported with its line number and nothing is saved until the whole file reads cleanly.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .models import PayScheme

HEADERS = {
    "scheme": {"scheme", "pay scheme", "agreement"},
    "point": {"point", "spine point", "scp", "band", "grade", "pay point"},
    "effective_from": {"effective_from", "effective from", "from", "date", "effective date"},
    "annual_salary": {"annual_salary", "annual salary", "salary", "annual"},
    "weekly_hours": {"weekly_hours", "weekly hours", "hours"},
    "source": {"source", "notes"},
}
SCHEMES = {
    "njc": PayScheme.NJC,
    "sjc": PayScheme.SJC,
    "afc": PayScheme.AFC,
    "agenda for change": PayScheme.AFC,
    "nhs": PayScheme.AFC,
    "other": PayScheme.OTHER,
}
MAX_ROWS = 2000


@dataclass(frozen=True)
class PayPointRow:
    scheme: str
    point: str
    effective_from: datetime.date
    annual_salary: Decimal
    weekly_hours: Decimal
    source: str


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("The file is not text: save it from your spreadsheet as CSV.")


def _date(raw: str) -> datetime.date:
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{raw}” is not a date (use 2025-04-01 or 01/04/2025)")


def _decimal(raw: str, what: str) -> Decimal:
    cleaned = re.sub(r"[£,\s]", "", raw or "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{raw}” is not a number for the {what}") from None
    if value < 0:
        raise ValueError(f"the {what} cannot be negative")
    return value


def _header_columns(header: list[str]) -> dict[str, int]:
    columns = {}
    for index, name in enumerate(header):
        for field, names in HEADERS.items():
            if name.strip().lower() in names:
                columns.setdefault(field, index)
    return columns


def _pay_point_row(cell, default_scheme: str) -> PayPointRow:
    """One line as a pay point; `ValueError` says what is wrong with it."""
    scheme_raw = cell("scheme") or default_scheme
    scheme = SCHEMES.get(scheme_raw.lower())
    if scheme is None:
        raise ValueError(f"“{scheme_raw}” is not a pay scheme (NJC, SJC, AfC or other)")
    point = cell("point")
    if not point:
        raise ValueError("the point or band is empty")
    hours_raw = cell("weekly_hours")
    hours = _decimal(hours_raw, "weekly hours") if hours_raw else scheme.standard_weekly_hours
    if not hours:
        raise ValueError("give the weekly hours for an “other” scheme")
    return PayPointRow(
        scheme=scheme.value,
        point=point[:60],
        effective_from=_date(cell("effective_from")),
        annual_salary=_decimal(cell("annual_salary"), "annual salary"),
        weekly_hours=hours,
        source=cell("source")[:300],
    )


def parse_pay_points_csv(data: bytes, *, default_scheme: str = "") -> tuple[list[PayPointRow], list[str]]:
    """Rows and a list of problems ("Line 4: ..."); when there are problems, save nothing."""
    try:
        text = _decode(data)
    except ValueError as exc:
        return [], [str(exc)]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return [], ["The file is empty."]
    columns = _header_columns(header)
    needed = ["point", "effective_from", "annual_salary"] + ([] if default_scheme else ["scheme"])
    if missing := [field.replace("_", " ") for field in needed if field not in columns]:
        return [], [f"The first line must name the columns; missing: {', '.join(missing)}."]

    rows, errors = [], []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"More than {MAX_ROWS} rows: split the file.")
            break

        def cell(field, cells=cells):
            index = columns.get(field)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        try:
            rows.append(_pay_point_row(cell, default_scheme))
        except ValueError as exc:
            errors.append(f"Line {line_number}: {exc}.")
    if not rows and not errors:
        errors.append("The file has no pay points below its first line.")
    return rows, errors
