"""What an uploaded file may be, checked before anything parses it.

The web request stores the upload and nothing more; the worker calls `check` on the bytes first. For an Excel
workbook or a zip only the zip's directory is read: each part's declared unpacked size, its compression ratio,
the shared text table's size and (from the first bytes of each sheet) the rows a sheet says it has. Python's
zipfile never unpacks more than a part declares (a part that lies fails its CRC check), so the declared sizes bound
what openpyxl can unpack later. The XML parser (expat 2.4+) refuses entity expansion bombs on its own.
Every refusal states all the limits in one message, so an officer knows what to send instead.
"""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings

from insourcing.uploads import over_text, size_text

from .readers import XLS_MAGIC, XLSX_MAGIC, UnreadableFile

SHARED_STRINGS = "xl/sharedStrings.xml"
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d+:?[A-Z]*(\d*)\"")
SHEET_HEAD_BYTES = 4096  # the <dimension> element comes before any row in the files Excel and LibreOffice write


class Refused(UnreadableFile):
    """The file is over one of the limits; nothing has parsed it."""


def describe() -> str:
    """The one message that states every limit (the upload form's help and every refusal), in plain words."""
    return (
        f"Each file can be at most {size_text(settings.MAX_UPLOAD_BYTES)} "
        f"(all the files of one upload together {size_text(settings.MAX_REQUEST_BYTES)}). "
        f"An Excel workbook or a zip can hold at most {size_text(settings.IMPORT_MAX_UNZIPPED_BYTES)} once "
        f"unpacked, no file inside it can unpack to more than {settings.IMPORT_MAX_ZIP_RATIO} times its packed "
        f"size, and the text in a workbook's cells can come to at most "
        f"{size_text(settings.IMPORT_MAX_SHARED_STRINGS_BYTES)}. A register can have at most "
        f"{settings.IMPORT_MAX_ROWS:,} rows, and a zip at most {settings.IMPORT_MAX_FILES:,} files."
    )


def refuse(reason: str) -> Refused:
    return Refused(f"{reason} {describe()}")


@dataclass
class Member:
    name: str
    size: int
    register: bool = True  # False: a readme, picture or document in the zip, skipped rather than read as a register


# What a register can be saved as. In a zip anything else (readme.txt, a .docx letter, images) is skipped with a
# line saying so: read as a register, each would fail or, worse, its parts would be listed as files to import.
# .xls and .zip stay in so that they get their own message (save as .xlsx; no zip inside a zip).
REGISTER_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".xls", ".zip")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def check(data: bytes, name: str = "") -> list[Member] | None:
    """Refuse a file over the limits. For a zip of files (not a workbook), the members to import, else None.

    `name` is the file's name as uploaded: one named as a workbook must be one, whatever else it is (a .docx
    renamed .xlsx is a zip too, and was taken for a zip of files)."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise refuse(f"The file is {over_text(len(data), settings.MAX_UPLOAD_BYTES)}.")
    workbook_name = name.lower().endswith(WORKBOOK_SUFFIXES)
    if workbook_name and not data.startswith(XLSX_MAGIC) and not data.startswith(XLS_MAGIC):
        raise not_a_workbook(name)
    if not data.startswith(XLSX_MAGIC):
        lines = data.count(b"\n")
        if lines > settings.IMPORT_MAX_ROWS + 50:  # slack for title rows above the header
            raise refuse(f"The file has {lines:,} lines.")
        return None
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise UnreadableFile(f"This is not a readable Excel .xlsx workbook or zip file ({error}).") from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > settings.IMPORT_MAX_UNZIPPED_BYTES:
            raise refuse(f"The file unpacks to more than {size_text(settings.IMPORT_MAX_UNZIPPED_BYTES)}.")
        if info.file_size > 1024 * 1024 and info.file_size > settings.IMPORT_MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise refuse(
                f"{info.filename[:80]} inside it unpacks to {info.file_size // max(info.compress_size, 1):,} times "
                "its packed size."
            )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if workbook_name:
            raise not_a_workbook(name)
        return _members(infos)
    shared = next((info for info in infos if info.filename == SHARED_STRINGS), None)
    if shared is not None and shared.file_size > settings.IMPORT_MAX_SHARED_STRINGS_BYTES:
        raise refuse(
            f"The text in its cells comes to {over_text(shared.file_size, settings.IMPORT_MAX_SHARED_STRINGS_BYTES)}."
        )
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            _check_sheet_head(archive, info)
    return None


def _check_sheet_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with archive.open(info) as handle:
            head = handle.read(SHEET_HEAD_BYTES)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise UnreadableFile(f"This is not a readable Excel .xlsx workbook ({error}).") from None
    found = DIMENSION.search(head)
    if found and found.group(1) and int(found.group(1)) > settings.IMPORT_MAX_ROWS + 50:
        raise refuse(f"A sheet says it has {int(found.group(1)):,} rows.")


def not_a_workbook(name: str) -> UnreadableFile:
    return UnreadableFile(f"{name.rsplit('/', 1)[-1][:120]} is not an Excel workbook.")


def _members(infos: list[zipfile.ZipInfo]) -> list[Member]:
    files = [
        info
        for info in infos
        if not info.is_dir() and not info.filename.startswith(("__MACOSX/", ".")) and "/." not in info.filename
    ]
    members = [Member(i.filename, i.file_size, i.filename.lower().endswith(REGISTER_SUFFIXES)) for i in files]
    registers = [member for member in members if member.register]
    if len(registers) > settings.IMPORT_MAX_FILES:
        raise refuse(f"The zip holds {len(registers):,} files.")
    if not files:
        raise UnreadableFile("The zip holds no files.")
    if not registers:
        raise UnreadableFile(f"The zip holds no register (CSV, Excel .xlsx or JSON), only {_names(members)}.")
    for member in registers:
        if member.size > settings.MAX_UPLOAD_BYTES:
            raise refuse(f"{member.name[:80]} in the zip is {over_text(member.size, settings.MAX_UPLOAD_BYTES)}.")
    return members


def skipped_line(members: list[Member]) -> str:
    """One sentence naming the zip's files that are not registers, or "" when there are none."""
    if all(member.register for member in members):
        return ""
    return f"Skipped {_names(members)}: not a register (CSV, Excel .xlsx or JSON)."


def _names(members: list[Member]) -> str:
    names = [member.name.rsplit("/", 1)[-1] for member in members if not member.register]
    return ", ".join(names[:10]) + (f" and {len(names) - 10:,} more" if len(names) > 10 else "")
