"""The one spreadsheet writer: list exports, the campaign workbook and the dashboards all write through it.

A sheet is a list of `Column`s, each naming the kind of value it holds, and rows of plain Python values. The
writer turns each value into a typed cell (dates as dates, money as numbers in pounds, Yes/No, an unknown figure as
an empty cell) and lays the sheet out to be read and printed: bold frozen header with autofilter,
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
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django_tables2 import BooleanColumn, DateColumn, DateTimeColumn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Excel and LibreOffice read a CSV as UTF-8 only when it starts with a byte-order mark ("£", "’", Welsh "ŵ").
BOM = "\ufeff"

# Widths are in Excel's units (about one digit of the default font). An A4 page holds about 90 of them upright and
# 140 sideways at full size; a wider sheet first narrows its text columns (which wrap) down to MIN_TEXT_WIDTH,
# and only then is shrunk to the page width by the printer settings.
MIN_WIDTH, MAX_WIDTH, LONG_TEXT_WIDTH, MIN_TEXT_WIDTH = 8, 50, 60, 16
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 90, 140
CHARS_PER_UNIT = 1.1  # running text is a little narrower than digits
LINE_HEIGHT = 15  # points, the default row height


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
DATETIME_FORMAT = "d mmm yyyy hh:mm"
NUMERIC_KINDS = {Kind.MONEY, Kind.MONEY_PENCE, Kind.INTEGER, Kind.NUMBER}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None  # characters; fitted to the content when not given


class NotOfKind(ValueError):
    """A value that does not fit its column's kind: a bug in the export, caught before a user sees it."""


def cell_value(value, kind: Kind):
    """The typed value for one cell; None for an unknown figure or empty text (an empty cell, never "unknown").

    A value that does not fit its kind is a bug in the export. The export guard and the test settings
    (`EXPORTS_STRICT`) make it fail loudly; in production the download still works, with that cell as text."""
    try:
        return _typed(value, kind)
    except NotOfKind:
        if getattr(settings, "EXPORTS_STRICT", False):
            raise
        logger.warning("Export cell not of kind %s: %r", kind, value)
        return str(value)


def _typed(value, kind: Kind):
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
        if isinstance(value, str):  # a figure not yet read back from the database ("55")
            try:
                value = decimal.Decimal(value)
            except decimal.InvalidOperation:
                raise NotOfKind(f"{value!r} is not a number") from None
        if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
            raise NotOfKind(f"{value!r} is not a number")
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date | int | float | decimal.Decimal):
        return value
    # The user's own text goes in as written (a "<" they typed is theirs); exports take raw values, never the
    # page's rendered HTML, so no markup of ours reaches a cell.
    text = str(value)
    return text if text.strip() else None


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
    values = [[cell_value(v, c.kind) for v, c in zip(row, columns, strict=True)] for row in rows]
    widths = _fit_widths(columns, values)
    sheet = book.create_sheet(sheet_title(title))
    sheet.append([c.header for c in columns])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = wrap
        cell.data_type = "s"
    _fit_height(sheet, 1, [c.header for c in columns], widths)
    for row in values:
        sheet.append(row)
        for cell, column, value in zip(sheet[sheet.max_row], columns, row, strict=True):
            if value is None:
                continue
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=1+1" is never a formula
                cell.alignment = wrap
            else:
                cell.number_format = (
                    DATETIME_FORMAT
                    if isinstance(value, datetime.datetime)
                    else NUMBER_FORMATS.get(column.kind, cell.number_format)
                )
                cell.alignment = top
        _fit_height(sheet, sheet.max_row, row, widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _layout(sheet, len(columns), sum(widths))
    return sheet


def _content_width(value, kind: Kind) -> int:
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    if isinstance(value, datetime.datetime):
        return 17
    if isinstance(value, datetime.date):
        return 11
    if kind == Kind.MONEY or isinstance(value, int):
        return len(f"£{value:,.0f}") + 1
    return len(f"£{value:,.2f}") + 1


def _fit_widths(columns: Sequence[Column], values: list[list]) -> list[float]:
    """Each column as wide as its content (or its header's longest word), capped; then, if the sheet is wider
    than a landscape page, the widest text columns are narrowed (their text wraps) until it fits or they reach
    MIN_TEXT_WIDTH."""
    widths, narrowable = [], []
    for index, column in enumerate(columns):
        longest = max((len(word) for word in column.header.split()), default=0)
        longest = max([longest] + [_content_width(row[index], column.kind) for row in values if row[index] is not None])
        cap = LONG_TEXT_WIDTH if column.kind == Kind.LONG_TEXT else MAX_WIDTH
        widths.append(column.width or max(MIN_WIDTH, min(cap, longest + 2)))
        if column.width is None and column.kind in (Kind.TEXT, Kind.LONG_TEXT):
            narrowable.append(index)
    level = max((widths[i] for i in narrowable), default=0)
    while sum(widths) > LANDSCAPE_WIDTH and level > MIN_TEXT_WIDTH:
        level -= 1
        for i in narrowable:
            widths[i] = min(widths[i], max(level, MIN_TEXT_WIDTH))
    return widths


def _fit_height(sheet: Worksheet, row: int, values: Sequence, widths: Sequence[float]) -> None:
    """Rows with wrapped text get the height of their longest cell: not every spreadsheet grows them on open."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if isinstance(value, str):
            per_line = max(1.0, (width - 1) * CHARS_PER_UNIT)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * min(lines, 27)  # Excel's limit is 409 points


def _layout(sheet: Worksheet, n_columns: int, total_width: float) -> None:
    sheet.freeze_panes = "A2"
    if n_columns:
        last = get_column_letter(n_columns)
        sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
        sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
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


def spreadsheet_download(*formats: str):
    """Marks a function view that answers with a spreadsheet, so the export guard
    (`insourcing/tests/test_exports_guard.py`) finds it from the URL patterns and opens it."""

    def mark(view):
        view.spreadsheet_formats = formats
        return view

    return mark


def exportable_page(*formats: str):
    """Marks a function view whose page answers `?_export=<format>` with its table as a download (as list views
    do), so the export guard finds it from the URL patterns."""

    def mark(view):
        view.export_formats = formats
        return view

    return mark


def requested_export(request, formats: Sequence[str] = ("csv", "xlsx")) -> str | None:
    """The format asked for with `?_export=`, or None for the page itself."""
    wanted = request.GET.get("_export")
    return wanted if wanted in formats else None


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
