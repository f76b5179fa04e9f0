"""The exports of /jongeren/ and /vervolghuisvesting/: the rows of the lists, what each role may
see, every page, and a line in the access log for each export."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal.constants import AccessKind
from kso_portal.models import AccessLogEntry
from organisations.constants import OrganisationKind
from tests.support import actor_of, csv_rows, xlsx_rows
from vervolghuisvesting import services
from vervolghuisvesting.rules import milestones

pytestmark = pytest.mark.django_db

YOUTH_HEADER = [
    "Pseudoniem",
    "Geboortedatum",
    "Dossiernummer Nidos",
    "Status",
    "Locatie nu",
    "Keuzemoment (17,5 jaar)",
    "Keuzegesprek gevoerd op",
    "Meerderjarig (18 jaar)",
    "Einde Verlengde Opvang (21 jaar)",
    "Keuze",
]
HOUSING_HEADER = [
    "Jongere",
    "Gemeente",
    "Ingediend",
    "Termijn (maanden)",
    "Uiterste datum",
    "Status",
    "Gehuisvest of overbrugd op",
    "Termijn",
]


def youth_url(fmt: str) -> str:
    return reverse("youth_export", kwargs={"fmt": fmt})


def housing_url(fmt: str) -> str:
    return reverse("housing_request_export", kwargs={"fmt": fmt})


def listed(client, name: str, query: dict) -> list:
    """The rows of a list page, in its order."""
    return list(client.get(reverse(name), query).context["page"].object_list)


@pytest.fixture
def youths(in_use, place):
    """Two youths at one location in Utrecht: one near the keuzemoment (with a dossier number),
    one younger."""
    location = in_use(proposed_capacity=10)
    older = place(location, months=17 * 12 + 5, nidos_dossier_number="N-2026-1").youth
    younger = place(location, months=15 * 12 + 2).youth
    return older, younger


def test_youth_csv_has_the_rows_of_the_list_with_birth_date_and_dossier_for_the_partner(
    client, partner, youths
):
    older, younger = youths
    client.force_login(partner)
    rows = csv_rows(client.get(youth_url("csv")))
    assert rows[0] == YOUTH_HEADER
    on_screen = [youth.pseudonym for youth in listed(client, "youth_list", {})]
    assert [row[0] for row in rows[1:]] == on_screen == [older.pseudonym, younger.pseudonym]
    dates = milestones(older.birth_on)
    assert rows[1] == [
        older.pseudonym,
        older.birth_on.isoformat(),
        "N-2026-1",
        "KSO",
        "Oudegracht 12",
        dates.keuzemoment.isoformat(),
        "",
        dates.meerderjarig.isoformat(),
        dates.einde_verlengde_opvang.isoformat(),
        "Nog niet bekend",
    ]


def test_youth_xlsx_has_the_same_rows_with_real_dates(client, partner, youths):
    older, younger = youths
    client.force_login(partner)
    rows = xlsx_rows(client.get(youth_url("xlsx")))
    assert list(rows[0]) == YOUTH_HEADER
    assert [row[0] for row in rows[1:]] == [older.pseudonym, younger.pseudonym]
    assert rows[1][1].date() == older.birth_on
    assert rows[1][5].date() == milestones(older.birth_on).keuzemoment
    assert rows[2][2] is None  # no dossier number: an empty cell


def test_youth_export_applies_the_filters_of_the_list(client, partner, youths):
    older, _younger = youths
    client.force_login(partner)
    for query in ({"within_months": 1}, {"q": older.pseudonym[-3:].lower()}):
        rows = csv_rows(client.get(youth_url("csv"), query))
        on_screen = [youth.pseudonym for youth in listed(client, "youth_list", query)]
        assert [row[0] for row in rows[1:]] == on_screen == [older.pseudonym]
    assert csv_rows(client.get(youth_url("csv"), {"status": "verlengde_opvang"}))[1:] == []


def test_gemeente_export_has_no_birth_date_and_no_dossier_number(client, gemeente_user, youths):
    client.force_login(gemeente_user)
    response = client.get(youth_url("csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header = body.splitlines()[0].split(";")
    assert "Geboortedatum" not in header
    assert "Dossiernummer Nidos" not in header
    for youth in youths:
        assert youth.pseudonym in body
        assert youth.birth_on.isoformat() not in body
    assert "N-2026-1" not in body
    sheet = xlsx_rows(client.get(youth_url("xlsx")))
    assert sheet[0] == tuple(
        name for name in YOUTH_HEADER if name not in ("Geboortedatum", "Dossiernummer Nidos")
    )


def test_other_organisations_export_none_of_these_youths(client, make_member, youths):
    for user in (
        make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307"),
        make_member(OrganisationKind.NIDOS, regions=("zuid",)),
    ):
        client.force_login(user)
        assert csv_rows(client.get(youth_url("csv")))[1:] == []
        assert xlsx_rows(client.get(youth_url("xlsx")))[1:] == []
    for kind in (OrganisationKind.WONINGCORPORATIE, OrganisationKind.BEHEER):
        client.force_login(make_member(kind))
        assert client.get(youth_url("csv")).status_code == 403


def test_every_youth_export_is_logged_with_its_rows(client, partner, youths):
    client.force_login(partner)
    csv_rows(client.get(youth_url("csv")))
    xlsx_rows(client.get(youth_url("xlsx"), {"within_months": 1}))
    entries = AccessLogEntry.objects.order_by("pk").values_list("kind", "what", "row_count", "path")
    assert list(entries) == [
        (AccessKind.EXPORT, "Export van de lijst van jongeren (CSV)", 2, youth_url("csv")),
        (
            AccessKind.EXPORT,
            "Export van de lijst van jongeren (XLSX)",
            1,
            youth_url("xlsx") + "?within_months=1",
        ),
    ]


def _queries(client, url: str, fmt: str) -> tuple[int, int]:
    """Queries of one export (its streamed body included) and its number of rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    return len(queries), len(rows) - 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_youth_is_exported_in_a_fixed_number_of_queries(
    client, partner, in_use, place, fmt, django_assert_num_queries
):
    location = in_use(proposed_capacity=60)
    place(location)
    client.force_login(partner)
    client.get(reverse("dashboard"))
    few, count = _queries(client, youth_url(fmt), fmt)
    assert count == 1
    for _number in range(51):  # more than one page of 50
        place(location, started_on=timezone.localdate() - timedelta(days=5))
    with django_assert_num_queries(few):
        _, count = _queries(client, youth_url(fmt), fmt)
    assert count == 52
    assert few <= 15


@pytest.mark.parametrize("url", ["/jongeren/export.pdf", "/vervolghuisvesting/export.ods"])
def test_an_unknown_format_is_404(client, partner, url):
    client.force_login(partner)
    assert client.get(url).status_code == 404


# --- Housing requests


def submit(partner, youth, days_ago: int):
    on = timezone.localdate() - timedelta(days=days_ago)
    return services.housing_request_submit(actor=actor_of(partner), youth=youth, submitted_on=on)


@pytest.fixture
def requests(partner, in_use, place):
    """An overdue request (submitted 13 months ago) and one on schedule, each for a youth who
    was placed and 17 when it was submitted."""
    today = timezone.localdate()
    location = in_use(proposed_capacity=10, opening_on=today - timedelta(days=500))
    older = place(location, months=18 * 12 + 3, started_on=today - timedelta(days=420)).youth
    younger = place(location, months=17 * 12 + 1).youth
    return submit(partner, older, 400), submit(partner, younger, 10)


def test_housing_csv_has_the_rows_of_the_list_in_its_order(client, gemeente_user, requests):
    overdue, recent = requests
    client.force_login(gemeente_user)
    rows = csv_rows(client.get(housing_url("csv")))
    assert rows[0] == HOUSING_HEADER
    on_screen = [housing.youth.pseudonym for housing in listed(client, "housing_request_list", {})]
    assert [row[0] for row in rows[1:]] == on_screen
    assert on_screen == [overdue.youth.pseudonym, recent.youth.pseudonym]
    assert rows[1] == [
        overdue.youth.pseudonym,
        "Utrecht",
        overdue.submitted_on.isoformat(),
        "12",
        overdue.deadline_on.isoformat(),
        "Ingediend",
        "",
        "Termijn overschreden",
    ]


def test_housing_export_keeps_the_bucket_and_filters_of_the_list(client, gemeente_user, requests):
    overdue, recent = requests
    client.force_login(gemeente_user)
    for query, expected in (
        ({"bak": "overschreden"}, overdue),
        ({"q": recent.youth.pseudonym}, recent),
    ):
        rows = xlsx_rows(client.get(housing_url("xlsx"), query))
        on_screen = [h.youth.pseudonym for h in listed(client, "housing_request_list", query)]
        assert [row[0] for row in rows[1:]] == on_screen == [expected.youth.pseudonym]
    row = xlsx_rows(client.get(housing_url("xlsx"), {"bak": "overschreden"}))[1]
    assert (row[2].date(), row[3], row[4].date()) == (
        overdue.submitted_on,
        12,
        overdue.deadline_on,
    )


def test_housing_export_of_another_gemeente_is_empty_and_logged_for_youth_kinds_only(
    client, make_member, gemeente_user, requests
):
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772"))
    assert csv_rows(client.get(housing_url("csv"))) == [HOUSING_HEADER]
    client.force_login(make_member(OrganisationKind.WONINGCORPORATIE))
    assert client.get(housing_url("csv")).status_code == 403
    client.force_login(gemeente_user)
    csv_rows(client.get(housing_url("csv")))
    entries = AccessLogEntry.objects.order_by("pk").values_list("kind", "what", "row_count")
    assert list(entries) == [
        (AccessKind.EXPORT, "Export van de aanvragen vervolghuisvesting (CSV)", 0),
        (AccessKind.EXPORT, "Export van de aanvragen vervolghuisvesting (CSV)", 2),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_request_is_exported_in_a_fixed_number_of_queries(
    client, partner, gemeente_user, in_use, place, fmt, django_assert_num_queries
):
    location = in_use(proposed_capacity=60)
    submit(partner, place(location, months=17 * 12 + 2).youth, 10)
    client.force_login(gemeente_user)
    client.get(reverse("dashboard"))
    few, count = _queries(client, housing_url(fmt), fmt)
    assert count == 1
    for _number in range(51):  # more than one page of 50
        submit(partner, place(location, months=17 * 12 + 2).youth, 10)
    with django_assert_num_queries(few):
        _, count = _queries(client, housing_url(fmt), fmt)
    assert count == 52
    assert few <= 15


def test_both_lists_link_to_their_exports_with_filters_but_not_the_page(client, partner, requests):
    client.force_login(partner)
    youths = client.get(reverse("youth_list"), {"status": "kso", "pagina": "1"}).content.decode()
    assert f'href="{youth_url("csv")}?status=kso"' in youths
    assert f'href="{youth_url("xlsx")}?status=kso"' in youths
    housing = client.get(reverse("housing_request_list"), {"bak": "overschreden"}).content
    assert f'href="{housing_url("xlsx")}?bak=overschreden"' in housing.decode()
