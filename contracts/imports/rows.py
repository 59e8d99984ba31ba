"""One source row on its way to a contract: cleaned values plus the problems found, by column."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from contracts.register.models import FigureSource, normalise_company_number

from .cleaning import CellError, clean_number_id, clean_text, is_sentinel_end, parse_date, parse_money, parse_yes_no
from .readers import Table
from .synonyms import TARGETS

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # what the import did beyond the row's own values, e.g. extension periods created

MAX_LENGTHS = {
    "reference": 200,
    "authority": 300,
    "service": 500,
    "service_category": 300,
    "cpv_code": 20,
    "extension_terms": 300,
    "provider_name": 300,
    "company_number": 20,
    "charity_number": 20,
}
# Values under £100 in Contracts Finder are placeholders (0.1, 3) rather than what a contract is worth.
PLACEHOLDER_BELOW = 100


@dataclass
class Issue:
    level: str
    column: str
    reason: str


@dataclass
class SourceRow:
    line: int
    values: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)  # field -> the column (or OCDS path) it came from
    issues: list[Issue] = field(default_factory=list)
    skip: str = ""  # set when the row is not a contract at all (e.g. a cancelled tender)
    kind: str = FigureSource.Kind.REGISTER
    detail: str = ""

    def error(self, column: str, reason: str) -> None:
        self.issues.append(Issue(ERROR, column, reason))

    def warn(self, column: str, reason: str) -> None:
        self.issues.append(Issue(WARNING, column, reason))

    @property
    def has_errors(self) -> bool:
        return any(issue.level == ERROR for issue in self.issues)

    def column(self, name: str) -> str:
        return self.columns.get(name, TARGETS[name].label if name in TARGETS else name)

    def get(self, name: str, default=None):
        return self.values.get(name, default)


# How each kind of target field is read from a cell; each returns None or "" for a blank cell.
PARSERS: dict[str, Callable] = {
    "money": parse_money,
    "date": parse_date,
    "yesno": parse_yes_no,
    "longtext": partial(clean_text, multiline=True),
}


def finish(row: SourceRow) -> SourceRow:
    """Derive contract fields from the raw targets: value and basis, sentinel dates, provider identity, lengths."""
    values = row.values
    annual, extended = values.pop("annual_value", None), values.pop("extended_value", None)
    total = values.pop("total_value", None)
    if annual is not None:
        values["value"], values["value_basis"] = annual, "annual"
    elif extended is not None or total is not None:
        values["value"], values["value_basis"] = extended if extended is not None else total, "total"

    for name in ("end_date", "latest_end_date"):
        date = values.get(name)
        if is_sentinel_end(date):
            row.warn(
                row.column(name),
                f"{date:%d/%m/%Y} is a placeholder, not a real end date: the {TARGETS[name].label.lower()} "
                "is left unknown",
            )
            del values[name]
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        row.warn(row.column("end_date"), f"ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})")
    latest = values.get("latest_end_date")
    if latest and end and latest < end:
        row.warn(row.column("latest_end_date"), "the latest possible end is before the end date: left unknown")
        del values["latest_end_date"]

    extendable = values.pop("extendable", None)
    if values.get("extension_terms"):
        values["extension_terms_need_review"] = True
    elif extendable:
        values["extension_terms"] = "Extendable (terms not published)"
        values["extension_terms_need_review"] = True

    if "company_number" in values:
        number = normalise_company_number(clean_number_id(values["company_number"]))
        if number:
            values["company_number"] = number
        else:
            del values["company_number"]

    for name, limit in MAX_LENGTHS.items():
        text = values.get(name)
        if isinstance(text, str) and len(text) > limit:
            if name in ("reference", "company_number", "charity_number", "cpv_code"):
                row.error(row.column(name), f"is {len(text)} characters long; at most {limit} fit")
                del values[name]
            else:
                row.warn(row.column(name), f"was cut to {limit} characters")
                values[name] = text[: limit - 1] + "…"
    return row


def parse_table(table: Table, mapping: dict[str, str], *, source_name: str) -> list[SourceRow]:
    """Register rows through the column mapping ({column key: field})."""
    # Resolved once per column rather than once per cell: registers run to tens of thousands of rows.
    columns = [
        (index, name, table.headers[index], PARSERS.get(TARGETS[name].kind, clean_text))
        for index, key in enumerate(table.keys)
        if (name := mapping.get(key))
    ]
    width = len(table.headers)
    rows = []
    for line, cells in table.rows:
        row = SourceRow(line=line, detail=source_name)
        values = row.values
        for index, name, header, parse in columns:
            if index >= len(cells):
                continue
            row.columns[name] = header
            raw = cells[index]
            if raw is None or raw == "":
                continue
            try:
                value = parse(raw)
            except CellError as error:
                row.error(header, str(error))
                continue
            if value is not None and value != "":
                values[name] = value
        extra = [cell for cell in cells[width:] if cell not in (None, "") and str(cell).strip()]
        if extra:
            row.warn(
                "(beyond the last column)",
                f"{len(extra)} cell{'s' if len(extra) != 1 else ''} past the header "
                f"{'were' if len(extra) != 1 else 'was'} ignored",
            )
        rows.append(finish(row))
    return rows


def first_date(*candidates) -> datetime.date | None:
    for candidate in candidates:
        try:
            value = parse_date(candidate)
        except CellError:
            continue
        if value:
            return value
    return None
