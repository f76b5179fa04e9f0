"""Reading a letter of figures (CSV or XLSX, one row per gemeente) within limits: a file much
larger than a letter is refused before it is parsed or unpacked, so that it costs the worker
neither seconds nor memory and the page that says so stays small."""

import csv
import io
import zipfile
from collections.abc import Iterator
from itertools import islice

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

XLSX_SIGNATURE = b"PK\x03\x04"
# A letter of 342 rows is about 6 KB as CSV and 10 KB as XLSX; a megabyte leaves room for a
# spreadsheet's formatting, extra columns or a logo.
MAX_FILE_BYTES = 1024 * 1024
# A letter has one row per gemeente (342, after mergers fewer) and a header; a thousand leaves
# room for notes and blank lines under the table and for more gemeenten, and no more: every row
# is checked and may give an error.
MAX_ROWS = 1_000
# An XLSX is a zip: what its members unpack to, as their headers declare it (Python's zipfile
# never gives more than a member declares, and a member that unpacks differently fails its
# CRC check), is checked before openpyxl opens it. A letter's sheet unpacks to some 50 KB.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 100
# Errors listed on the page; the rest are counted.
MAX_ERRORS = 50


def _refused(message: str) -> ValidationError:
    return ValidationError({"upload": [message]})


def letter_table(upload) -> list[list[str]]:
    """The cells of a CSV (comma or semicolon, UTF-8) or XLSX file, judged by content: at most
    MAX_ROWS rows after the header. Raises ValidationError on the upload field otherwise."""
    too_large = _("Het bestand is groter dan %(size)s; een brief met cijfers is veel kleiner.") % {
        "size": "1 MB"
    }
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise _refused(too_large)
    content = upload.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise _refused(too_large)
    rows = _xlsx_rows(content) if content.startswith(XLSX_SIGNATURE) else _csv_rows(content)
    table = list(islice(rows, MAX_ROWS + 2))  # the header, the rows, and one too many
    rows.close()  # an XLSX's workbook is closed now, not when the generator is collected
    if len(table) > MAX_ROWS + 1:
        raise _refused(
            _(
                "Het bestand heeft meer dan %(rows)s rijen; een brief heeft één rij per "
                "gemeente. Er is niets opgeslagen."
            )
            % {"rows": number_format(MAX_ROWS, force_grouping=True)}
        )
    return table


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError([_("Het bestand is geen CSV in UTF-8 en geen XLSX.")]) from None
    delimiter = "," if text.count(",") >= text.count(";") else ";"
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from rows
    except csv.Error:
        raise _refused(
            _("Het bestand is geen leesbare CSV (rij %(row)d).") % {"row": rows.line_num}
        ) from None


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    damaged = _refused(_("Het XLSX-bestand is beschadigd of geen spreadsheet."))
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except zipfile.BadZipFile:
        raise damaged from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise _refused(
            _(
                "Het XLSX-bestand is uitgepakt groter dan %(size)s; een brief met cijfers is veel "
                "kleiner. Sla alleen de tabel met code en aantal op, of gebruik CSV."
            )
            % {"size": "10 MB"}
        )
    from openpyxl import load_workbook  # a slow import, only for an XLSX

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise damaged from None
    try:
        for row in book.active.iter_rows(values_only=True):
            yield ["" if cell is None else str(cell) for cell in row]
    except Exception:  # as above, while reading the rows
        raise damaged from None
    finally:
        book.close()


def capped_errors(errors: list[str]) -> list[str]:
    """The first MAX_ERRORS errors and how many more there are: the page stays readable."""
    if len(errors) <= MAX_ERRORS:
        return errors
    rest = len(errors) - MAX_ERRORS
    more = ngettext("… en nog %(count)s fout.", "… en nog %(count)s fouten.", rest) % {
        "count": number_format(rest, force_grouping=True)
    }
    return [*errors[:MAX_ERRORS], more]
