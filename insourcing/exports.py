"""The one spreadsheet writer: list exports, the campaign workbook and the dashboards all write through it.

A sheet is a list of `Column`s, each naming the kind of value it holds, and rows of plain Python values. The
writer turns each value into a typed cell (dates as dates, money as numbers in pounds, Yes/No, an unknown figure as
an empty cell), strips HTML, and lays the sheet out to be read and printed: bold frozen header with autofilter,
columns fitted to their content with a cap, long text wrapped, header repeated on each printed page, fitted to the
page width and landscape when wide.

Formula injection (OWASP "CSV injection"): in XLSX a text cell is stored as text (`data_type = "s"`), so a value
like "=HYPERLINK(...)" is never a formula and Excel shows it without a guard apostrophe. CSV has no cell types, so
`spreadsheet_safe` still prefixes such text with an apostrophe there.
"""

import csv
import datetime
import decimal
import enum
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django_tables2 import BooleanColumn, DateColumn, DateTimeColumn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Excel and LibreOffice read a CSV as UTF-8 only when it starts with a byte-order mark ("£", "’", Welsh "ŵ").
BOM = "\ufeff"

MIN_WIDTH, MAX_WIDTH, LONG_TEXT_WIDTH = 8, 50, 60
LANDSCAPE_ABOVE = 100  # total column width (characters) past which a portrait page is too narrow


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass unchanged.

    Only for CSV, which has no cell types; XLSX cells are typed as text by `write_sheet` instead."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class Kind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long text"  # wrapped, wider
    DATE = "date"
    MONEY = "money"  # whole pounds; put the basis ("a year", "in total") in the header
    MONEY_PENCE = "money (pence)"  # hourly rates and the like
    INTEGER = "integer"
    NUMBER = "number"  # one decimal place: densities, percentages, rates
    YES_NO = "yes/no"


NUMBER_FORMATS = {
    Kind.DATE: "d mmm yyyy",
    Kind.MONEY: '"£"#,##0',
    Kind.MONEY_PENCE: '"£"#,##0.00',
    Kind.INTEGER: "#,##0",
    Kind.NUMBER: "#,##0.0",
}
NUMERIC_KINDS = {Kind.MONEY, Kind.MONEY_PENCE, Kind.INTEGER, Kind.NUMBER}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None  # characters; fitted to the content when not given


class NotOfKind(ValueError):
    """A value that does not fit its column's kind: a bug in the export, caught before a user sees it."""


def cell_value(value, kind: Kind):
    """The typed value for one cell; None for an unknown figure or empty text (an empty cell, never "unknown")."""
    if value is None or value == "":
        return None
    if kind == Kind.YES_NO:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if value in ("Yes", "No"):
            return value
        raise NotOfKind(f"{value!r} is not yes or no")
    if kind == Kind.DATE:
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: show the local wall-clock time the page shows.
            return value.replace(tzinfo=None) if value.tzinfo is None else _local(value)
        if isinstance(value, datetime.date):
            return value
        raise NotOfKind(f"{value!r} is not a date")
    if kind in NUMERIC_KINDS:
        if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
            raise NotOfKind(f"{value!r} is not a number")
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date | int | float | decimal.Decimal):
        return value
    text = strip_tags(str(value)).strip()
    return text or None


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def new_workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def sheet_title(title: str) -> str:
    """Sheet titles may not hold []:*?/\\ and are at most 31 characters."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"


def write_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> Worksheet:
    sheet = book.create_sheet(sheet_title(title))
    sheet.append([c.header for c in columns])
    bold = Font(bold=True)
    header_align = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = header_align
        cell.data_type = "s"
    widths = [max((len(w) for w in c.header.split()), default=0) for c in columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for row in rows:
        values = [cell_value(v, c.kind) for v, c in zip(row, columns, strict=True)]
        sheet.append(values)
        for index, (cell, column, value) in enumerate(zip(sheet[sheet.max_row], columns, values, strict=True)):
            if value is None:
                continue
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=1+1" is never a formula
                longest = max(len(line) for line in value.split("\n"))
                cell.alignment = wrap if (longest > MAX_WIDTH or "\n" in value) else top
            else:
                cell.number_format = NUMBER_FORMATS.get(column.kind, cell.number_format)
                if isinstance(value, datetime.date):
                    longest = 11 if not isinstance(value, datetime.datetime) else 17
                else:
                    longest = len(f"{value:,.2f}") if not isinstance(value, int) else len(f"{value:,}") + 1
                cell.alignment = top
            widths[index] = max(widths[index], longest)
    total = 0
    for index, column in enumerate(columns):
        cap = LONG_TEXT_WIDTH if column.kind == Kind.LONG_TEXT else MAX_WIDTH
        width = column.width or max(MIN_WIDTH, min(cap, widths[index] + 2))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
        total += width
    _layout(sheet, len(columns), total)
    return sheet


def _layout(sheet: Worksheet, n_columns: int, total_width: float) -> None:
    sheet.freeze_panes = "A2"
    if n_columns:
        last = get_column_letter(n_columns)
        sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
        sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape" if total_width > LANDSCAPE_ABOVE else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True


def workbook_bytes(book: Workbook) -> bytes:
    if not book.worksheets:
        write_sheet(book, "Empty", [Column("Nothing to export")], [])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(book), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_text_value(value, kind: Kind):
    value = cell_value(value, kind)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_safe(value)


def csv_response(columns: Sequence[Column], rows: Iterable[Sequence], filename: str) -> HttpResponse:
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(c.header) for c in columns])
    for row in rows:
        writer.writerow([csv_text_value(v, c.kind) for v, c in zip(row, columns, strict=True)])
    return response


def spreadsheet_response(
    export_format: str, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence], filename: str
) -> HttpResponse:
    """One table as "csv" or "xlsx" (`filename` without the extension)."""
    if export_format == "csv":
        return csv_response(columns, rows, f"{filename}.csv")
    book = new_workbook()
    write_sheet(book, title, columns, rows)
    return xlsx_response(book, f"{filename}.xlsx")


# --- django-tables2 list exports (ScopedListView) ---------------------------------------------------------------


def table_columns(table, exclude_columns=()) -> list[tuple[str, Column]]:
    """The exported columns of a django-tables2 table, each with its kind.

    A table names kinds that cannot be told from the column class in `export_kinds = {"value": Kind.MONEY}`
    (dates and booleans are found from DateColumn / BooleanColumn) and a header with its unit in
    `export_headers = {"months_to_end": "Months left"}`. Hidden columns are exported; a column marked
    `exclude_from_export=True` is not."""
    kinds = getattr(table, "export_kinds", {})
    headers = getattr(table, "export_headers", {})  # a unit the page shows in each cell goes in the header
    result = []
    for bound in table.columns.iterall():
        if not bound.visible and not getattr(table, "export_hidden_columns", True):
            continue
        if bound.name in exclude_columns or getattr(bound.column, "exclude_from_export", False):
            continue
        kind = kinds.get(bound.name)
        if kind is None:
            if isinstance(bound.column, DateColumn | DateTimeColumn):
                kind = Kind.DATE
            elif isinstance(bound.column, BooleanColumn):
                kind = Kind.YES_NO
            else:
                kind = Kind.TEXT
        result.append((bound.name, Column(headers.get(bound.name, str(bound.header)), kind)))
    return result


class TypedTableExport:
    """Drop-in for django-tables2's `TableExport` (see `ExportMixin.create_export`) writing through `write_sheet`.

    Cell values come from the table's `value_<column>` methods, else the column's accessor (not the rendered
    HTML), so a date stays a date and a status holds no markup."""

    FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        if not self.is_valid_format(export_format):
            raise TypeError(f'Export format "{export_format}" is not supported.')
        self.format = export_format
        self.table = table
        self.title = (dataset_kwargs or {}).get("title") or _table_title(table)
        self.columns = table_columns(table, exclude_columns or ())

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.FORMATS

    def rows(self):
        names = [name for name, _ in self.columns]
        for row in self.table.rows:
            yield [_raw_value(self.table, row, name) for name in names]

    def response(self, filename=None):
        stem = (filename or "export").rsplit(".", 1)[0]
        return spreadsheet_response(
            self.format, title=self.title, columns=[c for _, c in self.columns], rows=self.rows(), filename=stem
        )


def _table_title(table) -> str:
    try:
        return str(table.Meta.model._meta.verbose_name_plural).capitalize()
    except AttributeError:
        return "Export"


def _raw_value(table, row, name):
    bound = table.columns[name]
    computed = bound.column.empty_values == () and hasattr(table, f"render_{name}")
    if hasattr(table, f"value_{name}") or computed:
        return row.get_cell_value(name)  # the table's own export value (None when the field is empty)
    # Otherwise the field itself, not `render_<name>`, which may wrap it in HTML.
    penultimate, remainder = bound.accessor.penultimate(row.record)
    value = bound.accessor.resolve(row.record, quiet=True)
    if isinstance(penultimate, Model) and value not in (None, ""):
        display = getattr(penultimate, f"get_{remainder}_display", None)  # a choice's label, not its key
        if display is not None:
            return display()
    if hasattr(value, "all"):  # a related manager: list its items as the page does
        return "; ".join(str(v) for v in value.all())
    if callable(value):
        value = value()
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    return str(value)
