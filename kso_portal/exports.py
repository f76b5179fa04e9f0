"""Exports of the portal's lists to CSV and XLSX (DESIGN.md §9): the rows of the list with the
filters and sort on screen, under the same access policy (the views pass the selector's rows).

CSV is written for Excel with Dutch settings: UTF-8 with a byte order mark (without it Excel
reads the file as Windows-1252 and garbles "Eén"), `;` between fields (the list separator there,
because `,` is the decimal comma), dates as ISO `YYYY-MM-DD` and date-times as
`YYYY-MM-DD HH:MM` in the portal's time zone (Excel reads both as dates in any locale), decimals
with a decimal comma. XLSX holds real dates and numbers with a `DD-MM-YYYY` display format.

Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
carriage return: OWASP's "CSV injection") gets a leading `'` in both formats; numbers and dates
are never changed, so a negative balance stays a number.
"""

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import derived

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched per round trip when a view streams a queryset with `.iterator()`.
CHUNK_SIZE = 2000
CSV_LINES_PER_CHUNK = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"


# Column widths in characters when a column does not set its own.
WIDTHS = {Kind.TEXT: 24, Kind.INT: 12, Kind.DECIMAL: 12, Kind.DATE: 12, Kind.DATETIME: 17}
NUMBER_FORMATS = {Kind.DATE: "DD-MM-YYYY", Kind.DATETIME: "DD-MM-YYYY HH:MM"}


@dataclass(frozen=True)
class Column:
    """One column of an export: its (translatable) header, how a row gives its value, what
    kind of value that is, and optionally its width in XLSX."""

    header: Any
    value: Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: int | None = None


def neutralise(value):
    """Text a spreadsheet would run as a formula, with a leading quote; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_formats(view):
    """404 for any format but CSV and XLSX, before the view reads anything."""

    @wraps(view)
    def checked(request, *args, fmt: str, **kwargs):
        if fmt not in FORMATS:
            raise Http404
        return view(request, *args, fmt=fmt, **kwargs)

    return checked


def export_response(
    fmt: str,
    *,
    filename: str,
    columns: list[Column],
    rows: Iterable | Callable[[], Iterable],
    sheet_title: str,
    kept_as: Hashable | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The rows as a CSV (streamed) or XLSX download named `<filename>-<today>.<fmt>`.

    `rows` may be a function that gives them. With `kept_as` (whose export, with which
    filters) the whole file is made once per change of the data and kept for the next download
    (kso_portal/derived.py): only for exports without personal data, which no process keeps."""
    if fmt not in FORMATS:
        raise Http404
    name = f"{filename}-{timezone.localdate().isoformat()}.{fmt}"
    # Headers resolved now, in the language of the request: a streamed body is written after
    # the view has returned.
    headers = [str(column.header) for column in columns]
    if kept_as is not None:
        response = HttpResponse(
            derived.cached(
                f"export.{filename}.{fmt}",
                kept_as,
                lambda: _whole(fmt, headers, columns, _rows(rows), sheet_title),
                keeper=derived.DOWNLOADS,
            ),
            content_type=CSV_TYPE if fmt == "csv" else XLSX_TYPE,
        )
    elif fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(headers, columns, _rows(rows), translation.get_language()),
            content_type=CSV_TYPE,
        )
    else:
        response = HttpResponse(
            _xlsx(headers, columns, _rows(rows), sheet_title), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = content_disposition_header(True, name)
    # Exports may hold youths' personal data: no copy in a browser or proxy cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _rows(rows: Iterable | Callable[[], Iterable]) -> Iterable:
    return rows() if callable(rows) else rows


def _whole(fmt: str, headers: list[str], columns: list[Column], rows, sheet_title: str) -> bytes:
    """The whole file at once, to keep."""
    if fmt == "csv":
        return "".join(_csv_lines(headers, columns, rows, translation.get_language())).encode()
    return _xlsx(headers, columns, rows, sheet_title)


class _Echo:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(headers: list[str], columns: list[Column], rows: Iterable, language) -> Iterator:
    writer = csv.writer(_Echo(), delimiter=";")
    # Labels in the rows (stage, status) are translated while streaming: in the request's language.
    with translation.override(language):
        yield "\ufeff" + writer.writerow([neutralise(header) for header in headers])
        # Lines go out in chunks: the response encodes each piece it is given separately.
        lines = []
        zone = timezone.get_current_timezone()
        for row in rows:
            lines.append(
                writer.writerow(
                    [_csv_value(column.value(row), column.kind, zone) for column in columns]
                )
            )
            if len(lines) == CSV_LINES_PER_CHUNK:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


def _typed(column: Column, row):
    return _typed_value(column.value(row), column.kind)


def _typed_value(value, kind: Kind, zone=None):
    """The value for a column of `kind`, an aware date-time as the local wall-clock time (Excel
    has no time zones; the screen shows local time; `zone`: the current one, looked up once per
    export), and only its day in a date column."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, zone).replace(tzinfo=None)
        return value.date() if kind == Kind.DATE else value
    if isinstance(value, bool):
        return int(value)
    return value


def _csv_value(value, kind: Kind, zone=None) -> str:
    if type(value) is str:  # most cells (checked first: an export writes tens of thousands)
        return neutralise(value)
    value = _typed_value(value, kind, zone)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        text = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return text.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _xlsx(headers: list[str], columns: list[Column], rows: Iterable, sheet_title: str) -> bytes:
    # Write-only: rows go to a temporary file as they come, not into a tree of cells in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        width = column.width or max(WIDTHS[column.kind], len(headers[number - 1]) + 2)
        sheet.column_dimensions[get_column_letter(number)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column, row) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, column: Column, row):
    value = _typed(column, row)
    if value is None or isinstance(value, int | Decimal | float):
        return value
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        is_datetime = isinstance(value, datetime)
        cell.number_format = NUMBER_FORMATS[Kind.DATETIME if is_datetime else Kind.DATE]
        return cell
    return _text_cell(sheet, value)


def _text_cell(sheet, value, font: Font | None = None):
    # Control characters are not allowed in XLSX (openpyxl refuses them), and go before the
    # check for a formula. The type is set to text by hand so that openpyxl never writes it as
    # a formula or an error value ("#N/A").
    cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value))))
    cell.data_type = TYPE_STRING
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str) -> str:
    """Excel's limits for a sheet name: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return cleaned[:31].strip() or "Export"
