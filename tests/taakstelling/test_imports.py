"""Importing and estimating figures: checked whole, previewed, written only on confirmation."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kso_portal import derived
from locations.constants import Stage
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente
from taakstelling import services
from taakstelling.constants import FigureKind, ImportState, Source
from taakstelling.models import Quota, QuotaImport
from taakstelling.selectors import gemeente_history, period_table
from tests.support import actor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_member):
    return make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)


def csv_file(rows, header=("code", "aantal"), name="brief.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode())


def all_gemeenten(number=lambda code: 3):
    return [(code, number(code)) for code in Gemeente.objects.values_list("code", flat=True)]


def utrecht() -> Gemeente:
    return Gemeente.objects.get(code="GM0344")


def preview(beheerder, upload, period="2026-II"):
    return services.quota_import_preview(
        actor=actor_of(beheerder), period=period, kind=FigureKind.KSO_PLAATSEN, upload=upload
    )


def test_a_whole_file_is_previewed_then_written_on_confirmation(beheerder):
    rows = all_gemeenten(lambda code: 5 if code == "GM0344" else 1)
    draft = preview(beheerder, csv_file(rows))
    assert not Quota.objects.exists()  # a preview writes no figures
    assert len(services.import_changes(quota_import=draft)) == 342
    assert services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft) == 342
    utrecht = Quota.objects.get(gemeente__code="GM0344")
    assert (utrecht.number, utrecht.source, utrecht.period.code) == (5, Source.OFFICIEEL, "2026-II")
    again = preview(beheerder, csv_file(all_gemeenten(lambda code: 5 if code == "GM0344" else 2)))
    changes = services.import_changes(quota_import=again)
    assert len(changes) == 341  # Utrecht stays 5
    with pytest.raises(ValidationError):
        services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rows: [("GM9999", 1), *rows], "Rij 2: onbekende gemeentecode 'GM9999'"),
        (lambda rows: [rows[0], *rows], "komt twee keer voor"),
        (lambda rows: [(rows[0][0], "drie"), *rows[1:]], "Rij 2: het aantal is geen geheel getal"),
        (lambda rows: [(rows[0][0], -1), *rows[1:]], "Rij 2: het aantal is negatief"),
        (lambda rows: rows[2:], "Deze 2 gemeenten ontbreken"),
    ],
)
def test_every_kind_of_wrong_row_refuses_the_file_and_writes_nothing(beheerder, mutate, message):
    with pytest.raises(ValidationError) as refused:
        preview(beheerder, csv_file(mutate(all_gemeenten())))
    assert any(message in error for error in refused.value.messages)
    assert not QuotaImport.objects.exists()
    assert not Quota.objects.exists()


def test_a_wrong_header_is_refused(beheerder):
    with pytest.raises(ValidationError) as refused:
        preview(beheerder, csv_file(all_gemeenten(), header=("gemeente", "plaatsen")))
    assert "de kolommen 'code' en 'aantal' ontbreken" in refused.value.messages[0]


def test_all_errors_are_listed_at_once(beheerder):
    rows = [("GM9999", 1), ("GM0344", "x"), *all_gemeenten()[2:]]
    with pytest.raises(ValidationError) as refused:
        preview(beheerder, csv_file(rows))
    assert len(refused.value.messages) >= 3


def test_an_xlsx_letter_is_read_like_a_csv(beheerder):
    book = Workbook()
    sheet = book.active
    sheet.append(["Gemeentecode", "Aantal"])
    for code, number in all_gemeenten():
        sheet.append([code, number])
    content = io.BytesIO()
    book.save(content)
    draft = preview(beheerder, SimpleUploadedFile("brief.xlsx", content.getvalue()))
    assert sum(draft.rows.values()) == 3 * 342


def test_an_estimate_divides_the_national_total_by_inhabitants(beheerder):
    draft = services.quota_estimate_preview(
        actor=actor_of(beheerder),
        period="2026-II",
        kind=FigureKind.KSO_PLAATSEN,
        national_total=3500,
    )
    assert sum(draft.rows.values()) == 3500
    assert (
        draft.rows["GM0363"] > draft.rows["GM0344"] > draft.rows["GM0355"]
    )  # A'dam > U'cht > Zeist
    services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)
    assert set(Quota.objects.values_list("source", flat=True)) == {Source.SCHATTING}


def test_the_estimate_says_it_may_give_a_gemeente_less_when_the_total_grows(client, beheerder):
    client.force_login(beheerder)
    page = client.get(reverse("quota_import")).content.decode()
    assert "Alabama-paradox" in page
    assert "een totaal van 4 geeft 0, 2 en 2" in page
    draft = services.quota_estimate_preview(
        actor=actor_of(beheerder), period="2026-II", kind=FigureKind.KSO_PLAATSEN, national_total=9
    )
    preview_page = client.get(reverse("quota_import_preview", args=[draft.pk])).content.decode()
    assert "Alabama-paradox" in preview_page


def test_a_bad_period_code_is_explained(beheerder):
    with pytest.raises(ValidationError) as refused:
        preview(beheerder, csv_file(all_gemeenten()), period="2026-3")
    assert "Ongeldige periode" in refused.value.message_dict["period"][0]


def test_kso_places_are_counted_per_period_and_nothing_is_carried_over(
    beheerder, make_location, make_member
):
    for period, number in (("2025-II", 4), ("2026-I", 2)):
        services.quota_import_apply(
            actor=actor_of(beheerder),
            quota_import=preview(beheerder, csv_file(all_gemeenten(lambda c, n=number: n)), period),
        )
    # A KWE of 4 places in Utrecht opened in the second period.
    make_location(stage=Stage.IN_GEBRUIK, opening_on=date(2026, 3, 1), proposed_capacity=4)
    current = services.period_get_or_create(code="2026-II")
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    history = gemeente_history(actor=actor_of(gemeente), gemeente=utrecht(), period=current)
    # 2025-II: 4 asked, none in use on 31 December -> 4 to realise;
    # 2026-I: 2 asked (not 2 + 4), 4 in use -> 2 more than asked;
    # 2026-II: no letter yet: 4 in use, nothing to compare with.
    assert [(f.places.target, f.places.realised, f.places.gap) for f in history] == [
        (4, 0, 4),
        (2, 4, -2),
        (None, 4, None),
    ]
    assert [f.places.status for f in history] == ["tekort", "meer", None]
    [row] = period_table(actor=actor_of(gemeente), period=current)
    assert (row.places.target, row.places.realised, row.places.gap) == (None, 4, None)


def _table_queries(client) -> int:
    derived.clear()  # the figures computed, not those kept from the last change
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("period_table", args=["2026-II"])).status_code == 200
    return len(queries)


def test_the_national_table_has_a_fixed_number_of_queries(
    client, beheerder, make_location, make_member
):
    services.period_get_or_create(code="2026-I")
    services.period_get_or_create(code="2026-II")
    national = make_member(OrganisationKind.NIDOS, is_national=True)
    client.force_login(national)
    client.get(reverse("dashboard"))
    make_location(stage=Stage.IN_GEBRUIK, opening_on=timezone.localdate() - timedelta(days=5))
    few = _table_queries(client)
    for code in ("GM0307", "GM0355", "GM0772"):
        make_location(gemeente_code=code, stage=Stage.SCHOUW)
    services.period_get_or_create(code="2025-II")
    assert _table_queries(client) == few
    assert few <= 15
    page = client.get(reverse("period_table", args=["2026-II"]))
    assert len(page.context["rows"]) == 342


def test_a_gemeente_sees_its_own_row_and_nidos_its_regions(client, make_member):
    services.period_get_or_create(code="2026-II")
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    rows = client.get(reverse("period_table", args=["2026-II"])).context["rows"]
    assert [row.gemeente.code for row in rows] == ["GM0344"]
    client.force_login(make_member(OrganisationKind.NIDOS, regions=("zuid",)))
    rows = client.get(reverse("period_table", args=["2026-II"])).context["rows"]
    provinces = {row.gemeente.province.name for row in rows}
    assert provinces == {"Zeeland", "Noord-Brabant", "Limburg"}


def test_the_beheerder_imports_through_the_pages(client, beheerder):
    client.force_login(beheerder)
    upload = csv_file(all_gemeenten())
    response = client.post(
        reverse("quota_import"),
        {
            "bestand-period": "2026-II",
            "bestand-kind": FigureKind.KSO_PLAATSEN,
            "bestand-upload": upload,
        },
    )
    draft = QuotaImport.objects.get()
    assert response["Location"] == reverse("quota_import_preview", args=[draft.pk])
    assert (
        "342 gemeenten krijgen een nieuw of ander cijfer"
        in client.get(response["Location"]).content.decode()
    )
    client.post(reverse("quota_import_confirm", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == ImportState.APPLIED
    assert Quota.objects.count() == 342
    wrong = client.post(
        reverse("quota_import"),
        {
            "bestand-period": "2026-II",
            "bestand-kind": FigureKind.KSO_PLAATSEN,
            "bestand-upload": csv_file([("GM9999", 1)]),
        },
    )
    assert "onbekende gemeentecode" in wrong.content.decode()
