"""The export kernel: neutralised formulas, typed XLSX cells, CSV for Dutch Excel."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import timezone

from kso_portal.exports import Column, Kind, export_formats, export_response, neutralise
from tests.support import csv_rows, xlsx_rows

COLUMNS = [
    Column("Tekst", lambda row: row["text"]),
    Column("Aantal", lambda row: row["number"], Kind.INT),
    Column("Dag", lambda row: row["day"], Kind.DATE),
    Column("Moment", lambda row: row["moment"], Kind.DATETIME),
    Column("Oppervlakte", lambda row: row["area"], Kind.DECIMAL),
]
ROW = {
    "text": '=HYPERLINK("https://example.org")',
    "number": -3,
    "day": date(2026, 3, 31),
    "moment": datetime(2026, 6, 1, 10, 30, tzinfo=UTC),  # 12:30 in Amsterdam (summer time)
    "area": Decimal("12.5"),
}
EMPTY = dict.fromkeys(ROW)


def export(fmt, rows=(ROW, EMPTY), columns=COLUMNS):
    return export_response(fmt, filename="proef", columns=columns, rows=rows, sheet_title="Proef")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_with_a_formula_character_gets_a_leading_quote(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    "value", ["Oudegracht 12", "a=b", " =1", "", -3, 0, Decimal("-1.5"), date(2026, 1, 1), None]
)
def test_other_text_numbers_and_dates_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_is_utf8_with_bom_and_semicolons_with_iso_dates_and_a_decimal_comma():
    response = export("csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        ["Tekst", "Aantal", "Dag", "Moment", "Oppervlakte"],
        ['\'=HYPERLINK("https://example.org")', "-3", "2026-03-31", "2026-06-01 12:30", "12,5"],
        ["", "", "", "", ""],
    ]


def test_xlsx_keeps_dates_and_numbers_typed_and_writes_formula_text_as_text():
    response = export("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    text, number, day, moment, area = sheet[2]
    assert (text.value, text.data_type) == ('\'=HYPERLINK("https://example.org")', "s")
    assert (number.value, number.data_type) == (-3, "n")
    assert (day.value.date(), day.is_date, day.number_format) == (
        date(2026, 3, 31),
        True,
        "DD-MM-YYYY",
    )
    # Excel has no time zones: the wall-clock time in Amsterdam, as the screen shows it.
    assert (moment.value.isoformat(), moment.number_format) == (
        "2026-06-01T12:30:00",
        "DD-MM-YYYY HH:MM",
    )
    assert (area.value, area.data_type) == (12.5, "n")
    assert [cell.value for cell in sheet[3]] == [None] * 5


def test_xlsx_has_a_bold_frozen_header_and_widths_that_fit_the_headers():
    long_header = Column("Een kop die langer is dan de standaardbreedte", lambda row: 1, Kind.INT)
    response = export("xlsx", columns=[*COLUMNS, long_header])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Proef"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.column_dimensions["A"].width == 24
    assert sheet.column_dimensions["C"].width == 12
    assert sheet.column_dimensions["F"].width == len(long_header.header) + 2


def test_xlsx_drops_control_characters_that_excel_refuses():
    rows = [{**ROW, "text": "#N/A\x01\x02 en verder"}]
    assert xlsx_rows(export("xlsx", rows=rows))[1][0] == "#N/A en verder"


def test_xlsx_sheet_title_keeps_to_excels_limits():
    response = export_response(
        "xlsx", filename="x", columns=COLUMNS, rows=[], sheet_title="Taakstelling [2026/II]: " * 3
    )
    title = openpyxl.load_workbook(io.BytesIO(response.content)).active.title
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_is_named_after_the_list_and_today_and_never_cached(fmt):
    response = export(fmt)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="proef-{today}.{fmt}"'
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_format_is_404_before_the_view_runs():
    calls = []

    @export_formats
    def view(request, fmt):
        calls.append(fmt)
        return HttpResponse()

    request = RequestFactory().get("/")
    with pytest.raises(Http404):
        view(request, fmt="pdf")
    with pytest.raises(Http404):
        export("ods")
    assert view(request, fmt="csv").status_code == 200
    assert calls == ["csv"]
