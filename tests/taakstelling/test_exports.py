"""The export of the period table: its rows with the filters and sort of the page, both
taakstellingen with their gaps and balances as numbers, for those who follow the taakstelling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember
from taakstelling import services
from taakstelling.constants import FigureKind
from taakstelling.rules import period_code, period_of
from tests.support import actor_of, csv_rows, letter, xlsx_rows

pytestmark = pytest.mark.django_db

HEADER = [
    "Gemeente",
    "CBS-code",
    "Provincie",
    "KSO-plaatsen te realiseren",
    "Bron KSO-plaatsen",
    "KSO-plaatsen gerealiseerd",
    "KSO-plaatsen nog te realiseren",
    "Stand KSO-plaatsen",
    "In voorbereiding",
    "In voorbereiding: Aangeboden",
    "In voorbereiding: In beoordeling",
    "In voorbereiding: Schouw",
    "In voorbereiding: Besluitvorming",
    "In voorbereiding: Voorbereiding",
    "Taakstelling vergunninghouders",
    "Bron taakstelling",
    "Meegenomen uit vorige periode",
    "Te huisvesten",
    "Gehuisvest",
    "Gehuisvest volgens",
    "Amv's vervroegd meegeteld",
    "Achterstand (+) of voorsprong (-)",
    "Stand huisvesting",
]
TARGETS = {"GM0344": 2, "GM0355": 6}
TO_HOUSE = {"GM0344": 5, "GM0355": 3}


def _apply(beheerder, code: str, kind: str, numbers: dict[str, int]) -> None:
    draft = services.quota_import_preview(
        actor=actor_of(beheerder),
        period=code,
        kind=kind,
        upload=letter(lambda gemeente: numbers.get(gemeente, 1)),
    )
    services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)


@pytest.fixture
def running(make_member):
    """The running half year with official figures: KSO places Utrecht 2, Zeist 6, the others
    1; vergunninghouders to house Utrecht 5, Zeist 3, the others 1; no COA/TVS count yet."""
    code = period_code(*period_of(timezone.localdate()))
    beheerder = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    _apply(beheerder, code, FigureKind.KSO_PLAATSEN, TARGETS)
    _apply(beheerder, code, FigureKind.VERGUNNINGHOUDERS, TO_HOUSE)
    return code


@pytest.fixture
def regio():
    samenwerking = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in TARGETS:
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=samenwerking, gemeente=Gemeente.objects.get(code=code)
        )
    return samenwerking


def export_url(code: str, fmt: str) -> str:
    return reverse("period_table_export", kwargs={"code": code, "fmt": fmt})


def on_screen(client, code: str, query: dict) -> list[str]:
    rows = client.get(reverse("period_table", args=[code]), query).context["rows"]
    return [row.gemeente.name for row in rows]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Utrecht", "Zeist"]),
        ("nog_te_realiseren", ["Zeist", "Utrecht"]),  # 6 places still to realise; -2
        ("achterstand", ["Utrecht", "Zeist"]),  # 5 behind; 3 behind
    ],
)
def test_csv_has_the_rows_of_the_table_with_its_filter_and_sort(
    client, make_member, running, regio, in_use, sort, expected
):
    in_use()  # 4 places in use in Utrecht: 2 more than its target
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    query = {"samenwerking": regio.pk, "sort": sort}
    rows = csv_rows(client.get(export_url(running, "csv"), query))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == on_screen(client, running, query)
    assert [row[0] for row in rows[1:]] == expected
    utrecht = next(row for row in rows if row[0] == "Utrecht")
    assert utrecht == [
        "Utrecht",
        "GM0344",
        "Utrecht",
        # KSO places: 2 asked, 4 in use, 2 more than asked; nothing on the way.
        "2",
        "Officieel",
        "4",
        "-2",
        "Meer dan gevraagd",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        # Vergunninghouders: 5 to house, nothing carried in, no COA/TVS count and no amv's.
        "5",
        "Officieel",
        "0",
        "5",
        "0",
        "Voorlopig: amv's in KSO",
        "0",
        "5",
        "Achterstand (voorlopig)",
    ]


def test_xlsx_keeps_a_negative_gap_a_number(client, make_member, running, regio, in_use):
    in_use()
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    rows = xlsx_rows(client.get(export_url(running, "xlsx"), {"samenwerking": regio.pk}))
    assert list(rows[0]) == HEADER
    column = {name: index for index, name in enumerate(HEADER)}
    utrecht, zeist = rows[1:]
    gap, places_status = column["KSO-plaatsen nog te realiseren"], column["Stand KSO-plaatsen"]
    balance = column["Achterstand (+) of voorsprong (-)"]
    assert (utrecht[0], utrecht[3], utrecht[5], utrecht[gap], utrecht[places_status]) == (
        "Utrecht",
        2,
        4,
        -2,
        "Meer dan gevraagd",
    )
    assert (zeist[0], zeist[gap], zeist[places_status], zeist[balance]) == ("Zeist", 6, "Tekort", 3)


@pytest.mark.parametrize(
    ("query", "expected"),
    [({"status": "meer"}, ["Utrecht"]), ({"status": "tekort", "huisvesting": "voor"}, [])],
)
def test_the_export_filters_on_the_status_like_the_page(
    client, make_member, running, in_use, query, expected
):
    in_use()
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    rows = csv_rows(client.get(export_url(running, "csv"), query))
    assert [row[0] for row in rows[1:]] == on_screen(client, running, query)
    assert [row[0] for row in rows[1:]] == expected


def test_a_gemeente_exports_its_own_row_and_others_are_refused(client, make_member, running):
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    rows = csv_rows(client.get(export_url(running, "csv")))
    assert [row[1] for row in rows[1:]] == ["GM0344"]
    assert client.get(export_url("2031-I", "csv")).status_code == 404
    assert client.get(f"/taakstelling/{running}/export.pdf").status_code == 404
    for kind in (OrganisationKind.CONTRACTPARTNER, OrganisationKind.WONINGCORPORATIE):
        client.force_login(make_member(kind))
        assert client.get(export_url(running, "xlsx")).status_code == 403


def _queries(client, url: str, query: dict, fmt: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    return len(queries), len(rows) - 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_takes_a_fixed_number_of_queries_for_any_number_of_gemeenten(
    client, make_member, running, make_location, fmt, django_assert_num_queries
):
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    client.get(reverse("dashboard"))
    url = export_url(running, fmt)
    few, count = _queries(client, url, {"province": "PV26"}, fmt)  # Utrecht
    for code in ("GM0344", "GM0772", "GM0363"):
        make_location(gemeente_code=code, street=f"Straat {code}")
    with django_assert_num_queries(few):
        _, all_count = _queries(client, url, {"province": ""}, fmt)
    assert count < all_count == Gemeente.objects.filter(valid_until=None).count()
    assert few <= 15


def test_the_table_links_to_its_exports_with_its_filters(client, make_member, running, regio):
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    page = client.get(reverse("period_table", args=[running]), {"samenwerking": regio.pk})
    html = page.content.decode()
    assert f'href="{export_url(running, "csv")}?samenwerking={regio.pk}"' in html
    assert f'href="{export_url(running, "xlsx")}?samenwerking={regio.pk}"' in html
