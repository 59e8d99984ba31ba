"""One source row on its way to a contract: cleaned values plus the problems found, by column.

Only what identifies a contract (its reference or title, and its authority) can reject a row. Any other cell that
cannot be read imports as empty, with a warning naming its line and column, and its text is kept for the
contract's notes (`SourceRow.kept`), so no figure is lost without a word.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from contracts.register.models import FigureSource, normalise_company_number

from .cleaning import (
    LEADING_YES_NO,
    CellError,
    clean_number_id,
    clean_text,
    is_sentinel_end,
    parse_count,
    parse_date,
    parse_money,
    parse_yes_no,
)
from .readers import Table
from .synonyms import FILLER, TARGETS, header_words, normalise_header

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
NO_TERMS = "Extendable (terms not published)"  # a bare "yes" in a can-be-extended column
# The fields that say which contract a row is: a cell of these that cannot be read rejects the row.
IDENTIFYING = {"reference", "authority", "service"}
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
    kept: list[str] = field(default_factory=list)  # text of cells that could not be imported, for the notes
    kind: str = FigureSource.Kind.REGISTER
    detail: str = ""
    # field -> how warnings name its column when the header alone would not say which field it filled
    # ("Expiry (end date)"); one dict shared by every row of a table.
    named: dict = field(default_factory=dict)

    def error(self, column: str, reason: str) -> None:
        self.issues.append(Issue(ERROR, column, reason))

    def warn(self, column: str, reason: str) -> None:
        self.issues.append(Issue(WARNING, column, reason))

    def set_aside(self, name: str, text, reason: str) -> None:
        """A cell that cannot be imported: the field stays empty, the officer is told, and the text is kept."""
        label = TARGETS[name].label.lower() if name in TARGETS else name
        self.warn(
            self.column(name),
            f"{reason} The {label} is imported empty and flagged for review; the text is kept in the contract's notes.",
        )
        text = " ".join(str(text).split())[:300]
        header = self.columns.get(name, label)  # the notes quote the file as it is
        self.kept.append(f"To review: {self.detail} line {self.line}, column “{header}”, said “{text}” ({reason})")

    @property
    def has_errors(self) -> bool:
        return any(issue.level == ERROR for issue in self.issues)

    def column(self, name: str) -> str:
        """The column a warning names: the file's own header, with our field's name when the header does not say it."""
        return self.named.get(name) or self.columns.get(name, TARGETS[name].label if name in TARGETS else name)

    def get(self, name: str, default=None):
        return self.values.get(name, default)


# How each kind of target field is read from a cell; each returns None or "" for a blank cell.
PARSERS: dict[str, Callable] = {
    "money": parse_money,
    "date": parse_date,
    "yesno": parse_yes_no,
    "count": parse_count,
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
                f"{date:%d/%m/%Y} is a placeholder, not a real end date, so the {TARGETS[name].label.lower()} "
                "is left unknown.",
            )
            del values[name]
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        row.warn(
            row.column("end_date"),
            f"The contract ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y}): check both.",
        )
    latest = values.get("latest_end_date")
    if latest and end and latest < end:
        row.warn(
            row.column("latest_end_date"),
            f"The latest possible end ({latest:%d/%m/%Y}) is before the end date ({end:%d/%m/%Y}), so it is left "
            "unknown.",
        )
        del values["latest_end_date"]

    _extension_fields(row, end)

    if "company_number" in values:
        number = normalise_company_number(clean_number_id(values["company_number"]))
        if number:
            values["company_number"] = number
        else:
            del values["company_number"]

    for name, limit in MAX_LENGTHS.items():
        text = values.get(name)
        if isinstance(text, str) and len(text) > limit:
            if name == "reference":
                row.error(
                    row.column(name),
                    f"The reference is {len(text)} characters long and at most {limit} fit, so the row cannot be "
                    "matched to a contract.",
                )
                del values[name]
            elif name in ("company_number", "charity_number", "cpv_code"):
                row.set_aside(name, text, f"It is {len(text)} characters long; at most {limit} fit.")
                del values[name]
            else:
                row.warn(row.column(name), f"The text was cut to {limit} characters to fit.")
                values[name] = text[: limit - 1] + "…"
    return row


def _extension_fields(row: SourceRow, end: datetime.date | None) -> None:
    """Extension terms from a yes/no column, and the latest end of a contract the file says cannot be extended."""
    values = row.values
    extendable = values.pop("extendable", None)
    # A latest end the file gave but we could not take (unreadable, a placeholder, before the end) stays unknown.
    latest_refused = any(issue.column == row.column("latest_end_date") for issue in row.issues)
    if (
        extendable is False
        and end
        and not values.get("extension_terms")
        and not latest_refused
        and "latest_end_date" not in values
    ):
        # The file itself says there is no extension, so the end date is the latest end; the note (and the figure's
        # source, this file) says where it came from. A blank or unreadable latest end is otherwise left unknown.
        values["latest_end_date"] = end
        row.issues.append(
            Issue(
                NOTE,
                row.column("extendable"),
                f"The file says the contract cannot be extended, so its latest possible end is its end date, "
                f"{end:%d/%m/%Y}.",
            )
        )
    if values.get("extension_terms"):
        values["extension_terms_need_review"] = True
    elif extendable:
        values["extension_terms"] = NO_TERMS
        values["extension_terms_need_review"] = True


def parse_table(table: Table, mapping: dict[str, str], *, source_name: str) -> list[SourceRow]:
    """Register rows through the column mapping ({column key: field})."""
    # Resolved once per column rather than once per cell: registers run to tens of thousands of rows.
    columns = [
        (index, name, table.headers[index], PARSERS.get(TARGETS[name].kind, clean_text))
        for index, key in enumerate(table.keys)
        if (name := mapping.get(key))
    ]
    named = {name: column_name(header, name) for _, name, header, _ in columns}
    width = len(table.headers)
    rows = []
    for line, cells in table.rows:
        row = SourceRow(line=line, detail=source_name, named=named)
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
                if name == "extendable":
                    _extension_phrase(row, raw)
                elif name in IDENTIFYING:
                    row.error(named[name], str(error))
                else:
                    row.set_aside(name, raw, str(error))
                continue
            if value is not None and value != "":
                values[name] = value
        extra = [cell for cell in cells[width:] if cell not in (None, "") and str(cell).strip()]
        if extra:
            row.warn(
                "(beyond the last column)",
                f"{len(extra)} cell{'s' if len(extra) != 1 else ''} past the last column "
                f"{'were' if len(extra) != 1 else 'was'} ignored.",
            )
        if "extension_phrase" in values:
            phrase = values.pop("extension_phrase")
            values.setdefault("extension_terms", phrase)  # a column of terms says it better than a yes/no column
        rows.append(finish(row))
    return rows


# Words that do not tell one field from another, so a header sharing only these with a field's name does not say it.
_NOT_TELLING = FILLER | {"contract", "of", "or", "the"}


def column_name(header: str, name: str) -> str:
    """How warnings name a column: "Expiry (end date)" where the header alone would leave the officer wondering
    which field it filled, the bare header where it shares a telling word with the field's name ("Contract end")."""
    label = re.sub(r"\s*\(.*\)", "", TARGETS[name].label)  # "Authority (buyer)": "Authority"
    if not header:
        return label
    said = set(header_words(normalise_header(header))) - _NOT_TELLING
    ours = set(header_words(normalise_header(label))) - _NOT_TELLING
    if said & ours:
        return header
    return f"{header} ({label if label[1:2].isupper() else label[:1].lower() + label[1:]})"


def _extension_phrase(row: SourceRow, raw) -> None:
    """A yes/no column that says more ("Yes - 2 x 12 months", "+1+1") holds the extension terms themselves."""
    text = clean_text(raw)
    leading = LEADING_YES_NO.match(text)
    if leading and leading[1].lower().startswith("n"):
        row.values["extendable"] = False
        return
    if leading:
        row.values["extendable"] = True
    # Kept as the terms, which are flagged for review unless the dates make periods of them.
    row.values["extension_phrase"] = text


def first_date(*candidates) -> datetime.date | None:
    for candidate in candidates:
        try:
            value = parse_date(candidate)
        except CellError:
            continue
        if value:
            return value
    return None
