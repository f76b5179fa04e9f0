"""Figures computed once per data version (kso_portal/derived.py): the version changes with
every write to the tracked tables and never comes back after a rollback, cached figures follow
the data on the very next request, and the access policy's tables are tracked too."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kso_portal import derived
from kso_portal.models import DataChange
from kso_portal.tasks import data_changes_compact
from locations.constants import Stage
from locations.models import Location
from organisations.constants import OrganisationKind
from organisations.models import RegionaleSamenwerking
from tests.support import actor_of, running_period
from vervolghuisvesting import services as youth_services

pytestmark = pytest.mark.django_db

TRACKED_TABLES = {
    *importlib.import_module("kso_portal.migrations.0002_derived_figures_versions").TRACKED_TABLES,
    *importlib.import_module(
        "kso_portal.migrations.0003_track_comments_and_documents"
    ).TRACKED_TABLES,
    *importlib.import_module(
        "kso_portal.migrations.0004_track_users_and_checklists"
    ).TRACKED_TABLES,
    *importlib.import_module(
        "kso_portal.migrations.0006_track_samenwerking_invitations"
    ).TRACKED_TABLES,
    *importlib.import_module("kso_portal.migrations.0009_track_placement_transfers").TRACKED_TABLES,
}


def test_every_tracked_table_has_the_trigger_and_the_policy_tables_are_tracked():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'kso_datachange'"
        )
        triggered = {name for (name,) in cursor.fetchall()}
    assert triggered == TRACKED_TABLES
    # What the figures count and what the access policy reads to decide whose they are.
    for table in (
        "locations_location",
        "vervolghuisvesting_placement",
        "vervolghuisvesting_youth",
        "vervolghuisvesting_housingrequest",
        "vervolghuisvesting_placementtransfer",
        "taakstelling_quota",
        "organisations_membership",
        "organisations_membership_nidos_regions",
        "organisations_regionalesamenwerkingmember",
        "organisations_samenwerkinginvitation",
    ):
        assert table in triggered


def test_every_kind_of_write_gives_a_new_version(make_location):
    location = make_location()
    seen = {derived.data_version()}
    Location.objects.filter(pk=location.pk).update(place="Elders")  # a bulk update
    seen.add(derived.data_version())
    location.delete()
    seen.add(derived.data_version())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE vervolghuisvesting_termpolicy CASCADE")
    seen.add(derived.data_version())
    assert len(seen) == 4
    # A read, or a write to a table no figure comes from, changes nothing.
    before = derived.data_version()
    list(Location.objects.all())
    DataChange.objects.none()
    assert derived.data_version() == before


def _rolled_back(make_location) -> tuple[int, int]:
    """The version seen inside a transaction that is then rolled back."""
    try:
        with transaction.atomic():
            make_location(street="Teruggedraaid")
            inside = derived.data_version()
            raise RuntimeError
    except RuntimeError:
        return inside


def test_a_rolled_back_version_never_comes_back(make_location):
    inside = _rolled_back(make_location)
    make_location(street="Blijvend")
    assert derived.data_version() != inside


def test_a_figure_is_computed_once_per_version_key_and_language(make_location):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert derived.cached("test", "a", compute) == 1
    assert derived.cached("test", "a", compute) == 1
    assert derived.cached("test", "b", compute) == 2  # another key: whose figure it is
    make_location()
    assert derived.cached("test", "a", compute) == 3
    with translation.override("en"):
        assert derived.cached("test", "a", compute) == 4


def test_compacting_folds_the_rows_and_keeps_the_version(make_location):
    for number in range(3):
        make_location(street=f"Straat {number}")
    before = derived.data_version()
    rows = DataChange.objects.count()
    assert data_changes_compact.apply().get() <= rows
    assert DataChange.objects.count() < rows
    assert derived.data_version() == before
    make_location(street="Daarna")
    assert derived.data_version() != before


def test_the_taakstelling_follows_a_change_on_the_next_request(
    client, utrecht, in_use, make_member
):
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    code = running_period()
    url = reverse("gemeente_taakstelling", args=[code, "GM0344"])
    table = reverse("period_table", args=[code])
    assert client.get(url).context["now"].places.realised == 4
    assert client.get(table).context["rows"][0].places.realised == 4
    in_use(street="Nieuwe plek", agreed_capacity=3, proposed_capacity=3)
    assert client.get(url).context["now"].places.realised == 7
    assert client.get(table).context["rows"][0].places.realised == 7


def test_the_dashboard_follows_a_change_and_is_read_from_the_cache_in_between(
    client, utrecht, partner, place
):
    client.force_login(partner)
    url = reverse("dashboard")

    def occupied() -> int:
        [row] = client.get(url).context["occupancy"]
        return row.occupied_today

    assert occupied() == 3
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    derived.clear()
    with CaptureQueriesContext(connection) as computed:
        client.get(url)
    assert len(first) < len(computed)
    youth = utrecht["youths"][1]
    youth_services.placement_end(
        actor=actor_of(partner),
        placement=youth.placements.get(ended_on=None),
        ended_on=timezone.localdate() - timedelta(days=1),
        destination="vervolghuisvesting",
    )
    assert occupied() == 2


def test_a_cached_figure_never_shows_another_organisation(client, utrecht, make_member):
    """Two gemeenten in the same samenwerking see their own dashboards, each from the cache."""
    samenwerking = RegionaleSamenwerking.objects.create(name="U10")
    utrecht_user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    other_user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    samenwerking.members.create(gemeente=utrecht_user.memberships.get().organisation.gemeente)
    samenwerking.members.create(gemeente=other_user.memberships.get().organisation.gemeente)
    client.force_login(utrecht_user)
    mine = client.get(reverse("dashboard")).context["per_stage"]
    client.force_login(other_user)
    theirs = client.get(reverse("dashboard")).context["per_stage"]
    assert sum(row["locations"] for row in mine) == 2
    assert theirs == []
    assert Location.objects.filter(stage=Stage.IN_GEBRUIK).count() == 1


def test_a_request_reads_the_version_once_and_again_after_a_write_or_rollback(make_location, rf):
    reads = []

    def view(request):
        reads.append(derived.data_version())
        reads.append(derived.data_version())  # kept
        make_location(street="Tussendoor")
        reads.append(derived.data_version())  # read again: a write came between
        reads.append(_rolled_back(make_location))
        reads.append(derived.data_version())  # the savepoint was rolled back

    with CaptureQueriesContext(connection) as queries:
        derived.VersionPerRequest(view)(rf.get("/"))
    versions = [q["sql"] for q in queries if "kso_portal_datachange" in q["sql"]]
    assert len(versions) == 4
    assert reads[0] == reads[1] != reads[2]
    assert reads[4] == reads[2] != reads[3]


def test_every_change_a_location_page_history_shows_is_tracked():
    """The history of a location page is kept per data version: every event model pointing to
    a location records a tracked table."""
    import pghistory.models
    from django.apps import apps

    pointing = {
        model.pgh_tracked_model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event)
        and any(getattr(f, "related_model", None) is Location for f in model._meta.fields)
    }
    assert len(pointing) >= 7
    assert pointing <= TRACKED_TABLES


def test_a_location_page_history_follows_a_new_comment(client, make_location, make_member):
    from locations.models import LocationComment

    location = make_location(street="Commentaarstraat")
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    client.force_login(user)
    url = reverse("location_detail", args=[location.pk])
    before = client.get(url).context["history"]
    assert client.get(url).context["history"] == before  # kept
    LocationComment.objects.create(
        location=location,
        author=user,
        organisation=user.memberships.get().organisation,
        body="Sleutel ligt bij de buren",
    )
    after = client.get(url).context["history"]
    assert len(after) == len(before) + 1
    assert "Sleutel ligt bij de buren" in after[0].changes_html()


def test_only_reads_keep_the_version_of_a_request():
    from kso_portal.derived import _is_read

    assert _is_read("  select 1")
    assert _is_read("(SELECT 1) UNION ALL (SELECT 2)")
    assert _is_read("WITH events AS (SELECT 1) SELECT * FROM events")
    assert not _is_read("WITH gone AS (DELETE FROM t RETURNING id) INSERT INTO u SELECT 1")
    assert not _is_read("UPDATE t SET a = 1")
    assert not _is_read('SAVEPOINT "s1"')


def test_the_youths_on_a_dashboard_are_read_on_every_visit(client, utrecht, partner):
    """Kept figures hold counts and locations; youths by pseudonym are read afresh."""
    client.force_login(partner)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    assert any('FROM "vervolghuisvesting_youth"' in query["sql"] for query in queries)


def test_a_user_without_an_organisation_gets_empty_pages_not_errors(client, reference_data):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="los@test.example", email="los@test.example"
    )
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    page = client.get(reverse("location_list"))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 0
    assert client.get(reverse("location_export", kwargs={"fmt": "csv"})).status_code == 200


def test_a_kept_location_page_follows_the_location_its_accountmanager_and_the_checklist(
    client, make_location, make_member
):
    from locations.models import ChecklistVersion

    nidos = make_member(OrganisationKind.NIDOS, is_national=True)
    location = make_location(street="Bewaarstraat", accountmanager=nidos)
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    client.force_login(user)
    url = reverse("location_detail", args=[location.pk])
    first = client.get(url)
    assert client.get(url).context["location"] is first.context["location"]  # kept
    assert "Bewaarstraat" in first.text
    Location.objects.filter(pk=location.pk).update(street="Nieuwe Bewaarstraat")
    assert "Nieuwe Bewaarstraat" in client.get(url).text
    type(nidos).objects.filter(pk=nidos.pk).update(email="accountmanager@nidos.example")
    assert "accountmanager@nidos.example" in client.get(url).text
    newest = ChecklistVersion.objects.order_by("-number").first()
    before = client.get(url).context["location"].checklist
    ChecklistVersion.objects.create(
        number=newest.number + 1, valid_from=newest.valid_from, note="Nieuwe eisen"
    )
    assert client.get(url).context["location"].checklist != before


def test_a_kept_location_page_is_never_served_to_another_organisation(
    client, make_location, make_member
):
    location = make_location(street="Eigenstraat")
    own = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    other = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772")
    url = reverse("location_detail", args=[location.pk])
    client.force_login(own)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404  # the answer "not yours" is kept as well
