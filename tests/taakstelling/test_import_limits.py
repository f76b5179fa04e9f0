"""A letter of figures is read within limits: a file far larger than a letter (by size, by
rows, or by what an XLSX unpacks to) is refused quickly with a clear message, and the page
that says so stays small."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from organisations.models import Gemeente
from taakstelling import letters
from taakstelling.constants import FigureKind
from taakstelling.models import Quota, QuotaImport

pytestmark = pytest.mark.django_db

# What a refused file may cost at most: the security test found 8 s and an 18.8 MB page.
QUICK_SECONDS = 2.0
SMALL_PAGE_BYTES = 100_000

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Brief" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
ROW = '<row><c t="inlineStr"><is><t>{code}</t></is></c><c><v>{number}</v></c></row>'


def packed_xlsx(sheet_rows: str) -> bytes:
    """An XLSX written by hand, as an attacker would: rows without numbers compress to almost
    nothing (300,000 rows in some tens of KB, as the security test's file)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{ROW.format(code='code', number='0')}{sheet_rows}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def workbook_xlsx(rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["code", "aantal"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows) -> bytes:
    return ("code,aantal\n" + "".join(f"{code},{number}\n" for code, number in rows)).encode()


@pytest.fixture
def post_letter(client, beheerder):
    client.force_login(beheerder)

    def post(content: bytes, name: str):
        upload = SimpleUploadedFile(name, content)
        started = time.monotonic()
        response = client.post(
            reverse("quota_import"),
            {
                "bestand-period": "2026-II",
                "bestand-kind": FigureKind.KSO_PLAATSEN,
                "bestand-upload": upload,
            },
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 200  # the form again, with its errors
        assert elapsed < QUICK_SECONDS, f"refusing the file took {elapsed:.1f} s"
        assert len(response.content) < SMALL_PAGE_BYTES
        assert not QuotaImport.objects.exists()
        assert not Quota.objects.exists()
        return response.content.decode()

    return post


def test_an_xlsx_of_300000_rows_that_packs_small_is_refused_before_it_is_read(post_letter):
    content = packed_xlsx(ROW.format(code="GM0344", number=3) * 300_000)
    assert len(content) < letters.MAX_FILE_BYTES  # small packed: only its unpacked size tells
    page = post_letter(content, "brief.xlsx")
    assert "Het XLSX-bestand is uitgepakt groter dan" in page


def test_a_zip_bomb_of_one_huge_cell_is_refused(post_letter):
    content = packed_xlsx(ROW.format(code="0" * 50_000_000, number=1))
    page = post_letter(content, "brief.xlsx")
    assert "Het XLSX-bestand is uitgepakt groter dan" in page


def test_an_xlsx_with_more_rows_than_a_letter_stops_reading_at_the_limit(post_letter):
    codes = list(Gemeente.objects.values_list("code", flat=True))
    rows = [(codes[i % len(codes)], 1) for i in range(letters.MAX_ROWS + 500)]
    content = workbook_xlsx(rows)
    page = post_letter(content, "brief.xlsx")
    assert "Het bestand heeft meer dan 1.000 rijen" in page


def test_a_csv_of_300000_rows_is_refused_by_its_size(post_letter):
    content = csv_bytes(("GM0344", 3) for _ in range(300_000))
    assert len(content) > letters.MAX_FILE_BYTES
    page = post_letter(content, "brief.csv")
    assert "Het bestand is groter dan 1 MB" in page


def test_a_csv_with_more_rows_than_a_letter_is_refused(post_letter):
    content = csv_bytes(("GM0344", 3) for _ in range(letters.MAX_ROWS + 1))
    assert len(content) < letters.MAX_FILE_BYTES
    page = post_letter(content, "brief.csv")
    assert "Het bestand heeft meer dan 1.000 rijen" in page


def test_an_oversized_file_is_refused_without_reading_it(post_letter):
    page = post_letter(b"PK\x03\x04" + b"\0" * (letters.MAX_FILE_BYTES + 1), "brief.xlsx")
    assert "Het bestand is groter dan 1 MB" in page


def test_a_damaged_xlsx_is_a_form_error(post_letter):
    page = post_letter(b"PK\x03\x04 this is no zip at all", "brief.xlsx")
    assert "Het XLSX-bestand is beschadigd of geen spreadsheet" in page


def test_a_csv_with_a_huge_field_is_a_form_error(post_letter):
    page = post_letter(b"code,aantal\n" + b'"' + b"x" * 500_000 + b'",1\n', "brief.csv")
    assert "Het bestand is geen leesbare CSV" in page


def test_many_wrong_rows_list_the_first_errors_and_count_the_rest(post_letter):
    rows = [(f"GM9{i:03d}", 1) for i in range(letters.MAX_ROWS)]
    page = post_letter(csv_bytes(rows), "brief.csv")
    assert "Rij 2: onbekende gemeentecode &#x27;GM9000&#x27;" in page
    assert f"Rij {letters.MAX_ERRORS + 1}:" in page
    assert f"Rij {letters.MAX_ERRORS + 2}:" not in page
    # 1,000 unknown codes and the missing gemeenten: 1,001 errors, 50 shown.
    assert "en nog 951 fouten" in page


def test_a_letter_within_the_limits_still_imports(client, beheerder):
    codes = Gemeente.objects.values_list("code", flat=True)
    client.force_login(beheerder)
    response = client.post(
        reverse("quota_import"),
        {
            "bestand-period": "2026-II",
            "bestand-kind": FigureKind.KSO_PLAATSEN,
            "bestand-upload": SimpleUploadedFile(
                "brief.xlsx", workbook_xlsx((code, 2) for code in codes)
            ),
        },
    )
    assert response.status_code == 302
    assert sum(QuotaImport.objects.get().rows.values()) == 2 * len(codes)


@pytest.mark.parametrize("number", ["--5", "²", "9" * 5000])
def test_a_number_python_cannot_read_is_a_row_error(post_letter, number):
    codes = list(Gemeente.objects.values_list("code", flat=True))
    rows = [(codes[0], number), *((code, 1) for code in codes[1:])]
    page = post_letter(csv_bytes(rows), "brief.csv")
    assert "Rij 2: het aantal is geen geheel getal" in page


def test_a_huge_unknown_code_is_quoted_short(post_letter):
    codes = list(Gemeente.objects.values_list("code", flat=True))
    rows = [("X" * 100_000, 1), *((code, 1) for code in codes)]
    page = post_letter(csv_bytes(rows), "brief.csv")
    assert "onbekende gemeentecode &#x27;XXXXXXXXXXXXXXXXXXX…&#x27;" in page
