"""Reading an uploaded file into a table (CSV or Excel) or an OCDS JSON document.

Whatever the bytes, the result is a Table, a JsonDocument or UnreadableFile with a reason a person can act
on; nothing else escapes.
"""

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from .cleaning import clean_text
from .synonyms import unique_keys

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class UnreadableFile(Exception):
    """The file as a whole cannot be read; `reason` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (line number in the file, cells)
    keys: list[str] = field(default_factory=list)
    header_line: int = 1

    def __post_init__(self):
        self.keys = unique_keys(self.headers)

    @property
    def is_harvester(self) -> bool:
        """The Contracts Finder CSV export: flattened OCDS with `releases/0/...` headers."""
        return any(h.startswith("releases/0/") for h in self.headers)


@dataclass
class JsonDocument:
    data: object


def read(data: bytes) -> Table | JsonDocument:
    if not data or not data.strip():
        raise UnreadableFile("The file is empty.")
    if data.startswith(XLS_MAGIC):
        raise UnreadableFile("This is an old Excel .xls file. Open it in Excel and save it as .xlsx or CSV.")
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    text = decode(data)
    nuls = text.count("\x00")
    if nuls > len(text) // 100:
        raise UnreadableFile("This looks like a binary file, not a CSV, Excel or JSON file.")
    if nuls:
        text = text.replace("\x00", "")  # a few stray NULs, as some exports leave: the csv module rejects them
    if text.lstrip()[:1] in ("{", "["):
        try:
            return JsonDocument(json.loads(text))
        except (ValueError, RecursionError) as error:
            raise UnreadableFile(f"The file starts like JSON but is not valid JSON ({error}).") from None
    return _read_csv(text)


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark, UTF-16 from Excel's "Unicode text", else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("The file says it is UTF-16 text but is not.") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a character in Latin-1, so this cannot fail


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records = []
    previous_line = 0
    try:
        for cells in reader:
            records.append((previous_line + 1, cells))
            previous_line = reader.line_num
    except csv.Error as error:
        raise UnreadableFile(f"The CSV could not be read after line {previous_line} ({error}).") from None
    return _table(records)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                records = _sheet_records(sheet)
                if any(_filled(cells) for _, cells in records):
                    return _table(records)
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
        raise UnreadableFile(f"This is not a readable Excel .xlsx workbook ({error}).") from None
    raise UnreadableFile("The workbook has no data in any sheet.")


def _sheet_records(sheet) -> list[tuple[int, list]]:
    """The sheet's rows, stopping at the row limit: a sheet's own <dimension> (checked before) may be missing or lie."""
    from django.conf import settings

    from .limits import refuse

    most = settings.IMPORT_MAX_ROWS + 50  # as limits.check: slack for title rows above the header
    records = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        if number > most:
            raise refuse(f"A sheet has more than {settings.IMPORT_MAX_ROWS:,} rows.")
        records.append((number, list(cells)))
    return records


def _filled(cells) -> int:
    return sum(1 for cell in cells if _has_text(cell))


def _has_text(cell) -> bool:
    return cell is not None and cell != "" and (not isinstance(cell, str) or not cell.isspace())


def _table(records: list[tuple[int, list]]) -> Table:
    """The header is the first row with two or more filled cells (title rows above it are skipped)."""
    header_at = next((i for i, (_, cells) in enumerate(records) if _filled(cells) >= 2), None)
    if header_at is None:
        header_at = next((i for i, (_, cells) in enumerate(records) if _filled(cells)), None)
    if header_at is None:
        raise UnreadableFile("The file has no header row: no cell has any text.")
    header_line, header_cells = records[header_at]
    headers = [clean_text(cell) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    rows = [(line, cells) for line, cells in records[header_at + 1 :] if any(map(_has_text, cells))]
    return Table(headers=headers, rows=rows, header_line=header_line)
