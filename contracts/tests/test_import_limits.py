"""Compressed files over the limits are refused from the zip's directory, before anything parses them."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from contracts.imports import limits
from contracts.imports.jobs import import_job_run
from contracts.models import ImportJob
from insourcing import uploads

ROW = b'<row><c t="inlineStr"><is><t>Office cleaning</t></is></c></row>'


def _workbook(**parts: bytes) -> bytes:
    """A real .xlsx with some of its parts replaced (written compressed, as Excel does)."""
    book = Workbook()
    book.active.append(["Contract reference", "Title"])
    book.active.append(["R-1", "Cleaning"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in parts:
                target.writestr(name, source.read(name))
        for name, content in parts.items():
            with target.open(name, "w") as handle:
                for chunk in content if isinstance(content, list) else [content]:
                    handle.write(chunk)
    return out.getvalue()


def _bomb_sheet(megabytes: int) -> list[bytes]:
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    block = ROW * (1024 * 1024 // len(ROW))
    return [head, *([block] * megabytes), b"</sheetData></worksheet>"]


@pytest.fixture
def no_parsing(monkeypatch):
    """Any attempt to parse a workbook fails the test: the refusal must come first."""

    def parse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", parse)


def _upload_and_work(client, branch, data, name="register.xlsx") -> ImportJob:
    response = client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch.slug}), {"file": SimpleUploadedFile(name, data)}
    )
    job = ImportJob.objects.get()
    # The request stored the file and returned; nothing was read.
    assert response.status_code == 302 and (job.status, job.file_format) == ("uploaded", "")
    stored = job.file.name
    import_job_run(job.pk)
    job.refresh_from_db()
    assert not job.file and not job.file.storage.exists(stored)  # refused files are deleted at once
    return job


def test_a_zip_bomb_workbook_is_refused_by_its_compression_ratio(alice_client, branch_a, no_parsing):
    data = _workbook(**{"xl/worksheets/sheet1.xml": _bomb_sheet(120)})
    assert len(data) < 2 * 1024 * 1024  # 120 MB of rows in well under 2 MB
    job = _upload_and_work(alice_client, branch_a, data)
    assert job.status == ImportJob.Status.REFUSED
    assert job.error.startswith("xl/worksheets/sheet1.xml inside it unpacks to ")
    assert limits.describe() in job.error
    assert "no file inside it can unpack to more than 100 times its packed size" in job.error
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "refused and deleted without being read" in page


def test_a_workbook_unpacking_past_the_limit_is_refused(alice_client, branch_a, settings, no_parsing):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 2 * 1024 * 1024
    settings.IMPORT_MAX_ZIP_RATIO = 100_000
    job = _upload_and_work(alice_client, branch_a, _workbook(**{"xl/worksheets/sheet1.xml": _bomb_sheet(3)}))
    assert job.status == ImportJob.Status.REFUSED
    assert "The file unpacks to more than 2 MB" in job.error


def test_a_huge_shared_strings_table_is_refused(alice_client, branch_a, settings, no_parsing):
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 64 * 1024
    strings = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    strings += [f"<si><t>Supplier {n}</t></si>".encode() for n in range(10_000)] + [b"</sst>"]
    job = _upload_and_work(alice_client, branch_a, _workbook(**{"xl/sharedStrings.xml": strings}))
    assert job.status == ImportJob.Status.REFUSED
    assert job.error.startswith("The text in its cells comes to ")
    assert "the text in a workbook's cells can come to at most 64 KB" in job.error


def test_a_deeply_nested_shared_strings_bomb_is_refused(alice_client, branch_a, no_parsing):
    nested = [b"<sst><si>", b"<r>" * 5_000_000, b"</r>" * 5_000_000, b"</si></sst>"]
    job = _upload_and_work(alice_client, branch_a, _workbook(**{"xl/sharedStrings.xml": nested}))
    assert job.status == ImportJob.Status.REFUSED
    assert "times its packed size" in job.error


def test_a_sheet_that_says_it_has_too_many_rows_is_refused(alice_client, branch_a, settings, no_parsing):
    settings.IMPORT_MAX_ROWS = 1000
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:B2000000"/><sheetData></sheetData></worksheet>'
    )
    job = _upload_and_work(alice_client, branch_a, _workbook(**{"xl/worksheets/sheet1.xml": sheet}))
    assert job.status == ImportJob.Status.REFUSED
    assert "A sheet says it has 2,000,000 rows" in job.error


def test_rows_past_the_limit_are_refused_even_when_the_sheet_hides_its_size(alice_client, branch_a, settings):
    settings.IMPORT_MAX_ROWS = 100
    book = Workbook()
    for n in range(300):
        book.active.append([f"R-{n}", "Cleaning"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        sheet = re.sub(rb"<dimension [^>]*/>", b"", saved.read("xl/worksheets/sheet1.xml"))
    job = _upload_and_work(alice_client, branch_a, _workbook(**{"xl/worksheets/sheet1.xml": sheet}))
    assert job.status == ImportJob.Status.REFUSED
    assert job.error.startswith("A sheet has more than 100 rows.")


def test_a_csv_with_too_many_lines_is_refused_before_reading(alice_client, branch_a, settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 100
    from contracts.imports import jobs

    monkeypatch.setattr(jobs, "read", lambda data: pytest.fail("the CSV was parsed"))
    job = _upload_and_work(alice_client, branch_a, b"Reference,Title\n" + b"R,Cleaning\n" * 500, name="big.csv")
    assert (job.status, job.error.split(".")[0]) == (ImportJob.Status.REFUSED, "The file has 501 lines")


def test_the_limits_message_matches_the_request_size_limit(settings):
    settings.MAX_UPLOAD_BYTES, settings.MAX_REQUEST_BYTES = 20 * 1024 * 1024, 40 * 1024 * 1024
    text = limits.describe()
    assert "Each file can be at most 20 MB (all the files of one upload together 40 MB)" in text


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (20 * 1024 * 1024 + 10 * 1024, "20.01 MB"),  # rounded, it was "20 MB", the limit itself
        (20 * 1024 * 1024 + 200 * 1024, "20.2 MB"),
        (20 * 1024 * 1024 + 1, "20,971,521 bytes, just over the 20 MB of 20,971,520 bytes"),
        (25 * 1024 * 1024, "25 MB"),
    ],
)
def test_a_file_just_over_the_limit_is_said_to_be_over_it(alice_client, branch_a, settings, size, said):
    settings.MAX_UPLOAD_BYTES, settings.MAX_REQUEST_BYTES = 20 * 1024 * 1024, 40 * 1024 * 1024
    assert uploads.over_text(size, settings.MAX_UPLOAD_BYTES) == said
    # FoI replies, comparison files and the 413 page word it the same way.
    assert uploads.too_large(size) == f"This file is {said}, and files can be at most 20 MB."
    with pytest.raises(limits.Refused) as refused:
        limits.check(b"x" * size)
    assert str(refused.value).startswith(f"The file is {said}. Each file can be at most 20 MB")


def test_the_limits_are_stated_in_plain_words(settings):
    settings.IMPORT_MAX_ZIP_RATIO, settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 100, 30 * 1024 * 1024
    text = limits.describe()
    assert "compressed" not in text and "shared text" not in text and "to 1" not in text
    assert "no file inside it can unpack to more than 100 times its packed size" in text
    assert "the text in a workbook's cells can come to at most 30 MB" in text


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


# A Word document is a zip of XML parts: renamed .xlsx, it was taken for a zip of registers (issue #19).
DOCX = _zip(
    **{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<w:document/>", "docProps__app.xml": b"<x/>"}
)


@pytest.mark.parametrize(
    ("name", "data"), [("fake.xlsx", DOCX), ("fake.xlsm", DOCX), ("fake.xlsx", b"Contract reference,Title\nR1,A\n")]
)
def test_a_file_named_as_a_workbook_that_is_not_one_is_refused_in_one_sentence(alice_client, branch_a, name, data):
    job = _upload_and_work(alice_client, branch_a, data, name=name)
    assert (job.status, job.error) == ("unreadable", f"{name} is not an Excel workbook.")
    assert not ImportJob.objects.filter(unpacked_from=job).exists()
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert f"{name} is not an Excel workbook." in page


def test_a_zip_s_files_that_are_not_registers_are_skipped_with_a_line_saying_so(alice_client, branch_a):
    data = _zip(
        **{
            "download__register.csv": b"Contract reference,Title\nR1,Cleaning\n",
            "download__readme.txt": b"About this download",
            "download__letter.docx": DOCX,
            "download__schema.xml": b"<schema/>",
            "download__logo.png": b"\x89PNG\r\n",
        }
    )
    job = _upload_and_work(alice_client, branch_a, data, name="download.zip")
    assert job.status == "unpacked"
    assert list(ImportJob.objects.filter(unpacked_from=job).values_list("original_name", flat=True)) == ["register.csv"]
    line = "Skipped readme.txt, letter.docx, schema.xml, logo.png: not a register (CSV, Excel .xlsx or JSON)."
    assert job.summary["skipped"] == line
    batch = alice_client.get(reverse("contracts:import_batch", kwargs={"slug": branch_a.slug, "batch": job.batch}))
    assert line in batch.content.decode()


def test_a_zip_with_no_register_says_what_it_holds(alice_client, branch_a):
    job = _upload_and_work(alice_client, branch_a, _zip(**{"readme.txt": b"x", "photo.jpg": b"y"}), name="a.zip")
    assert job.status == "unreadable"
    assert job.error == "The zip holds no register (CSV, Excel .xlsx or JSON), only readme.txt, photo.jpg."
