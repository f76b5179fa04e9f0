"""History: every change is recorded by the database, whoever makes it and however."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kso_portal.constants import AccessKind
from kso_portal.history import FIRST_SHOWN, history_list
from kso_portal.models import AccessLogEntry
from kso_portal.services import security_event_record
from locations.models import Location
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Organisation
from organisations.services import REFERENCE_DATA_DIR

pytestmark = pytest.mark.django_db


def test_change_through_beheer_admin_is_recorded_with_the_user(client, make_member):
    beheerder = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR, is_staff=True)
    beheerder.is_superuser = True
    beheerder.save()
    organisation = Organisation.objects.create(
        name="Stichting Oud", kind=OrganisationKind.CONTRACTPARTNER
    )
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:organisations_organisation_change", args=[organisation.pk]),
        {"name": "Stichting Nieuw", "kind": OrganisationKind.CONTRACTPARTNER, "is_active": "on"},
    )
    assert response.status_code == 302
    latest = history_list(obj=organisation)[0]
    assert latest.who == beheerder.email
    assert latest.organisation == beheerder.memberships.get().organisation.name
    assert [(c.field, c.before, c.after) for c in latest.changes] == [
        ("naam", "Stichting Oud", "Stichting Nieuw")
    ]


def test_change_by_a_management_command_is_recorded_with_the_command(reference_data, tmp_path):
    source = Gemeente.objects.get(code="GM0344")
    for name in ("provincies.csv", "gemeenten_centroids.csv", "nidos_regions.csv"):
        (tmp_path / name).write_text((REFERENCE_DATA_DIR / name).read_text())
    text = (REFERENCE_DATA_DIR / "gemeenten.csv").read_text()
    (tmp_path / "gemeenten.csv").write_text(text.replace(",Utrecht,374238,", ",Utrecht,380000,"))
    call_command("load_reference_data", data_dir=tmp_path)
    latest = history_list(obj=source)[0]
    assert latest.who == "systeem (load_reference_data)"
    assert [(c.field, c.before, c.after) for c in latest.changes] == [
        ("inwoners", str(source.inhabitants), "380000")
    ]


def test_a_change_outside_the_portal_is_recorded_too(reference_data):
    organisation = Organisation.objects.create(name="Raw", kind=OrganisationKind.WONINGCORPORATIE)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organisations_organisation SET name = 'Raw SQL' WHERE id = %s",
            [organisation.pk],
        )
    latest = history_list(obj=organisation)[0]
    assert latest.who == "systeem"
    assert latest.changes[0].after == "Raw SQL"


def test_access_log_rows_cannot_be_changed_or_deleted(reference_data):
    entry = security_event_record(
        kind=AccessKind.SIGN_IN_FAILED, request=None, email="x@example.org", what="test"
    )
    with pytest.raises(DatabaseError, match="append_only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(what="verdoezeld")
    with pytest.raises(DatabaseError, match="append_only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "test"


def test_history_reads_its_events_and_every_name_in_them_in_two_queries(
    client, make_member, make_location, django_assert_num_queries
):
    """Who made each change, and the rows behind the foreign keys of every kind of event (a
    gemeente, organisations, users, the location itself), come from one query however many
    kinds there are."""
    from locations.models import LocationComment, StageTransition

    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    organisation = gemeente.memberships.get().organisation
    client.force_login(gemeente)
    location = make_location(street="Namenstraat")
    client.post(reverse("location_comment_add", args=[location.pk]), {"body": "Eerste bericht"})
    StageTransition.objects.create(
        location=location, to_stage="in_beoordeling", by=gemeente, organisation=organisation
    )
    assert LocationComment.objects.count() == 1
    with django_assert_num_queries(2):
        history = history_list(obj=location)
    changes = {
        (entry.subject, change.field): change.after for entry in history for change in entry.changes
    }
    assert changes[("opmerking", "auteur")] == gemeente.username
    assert changes[("opmerking", "organisatie")] == organisation.name
    assert changes[("opmerking", "locatie")] == str(location)
    assert changes[("faseovergang", "door")] == gemeente.username
    assert changes[("locatie", "gemeente")] == "Utrecht"
    comment = next(entry for entry in history if entry.subject == "opmerking")
    assert comment.who == gemeente.email


def test_history_changes_are_written_escaped(make_location):
    location = make_location(street="<b>Vet</b>straat")
    [entry] = history_list(obj=location)
    html = entry.changes_html()
    assert "&lt;b&gt;Vet&lt;/b&gt;straat" in html
    assert "<b>" not in html
    assert '<li><span class="changes__field">Straat:</span> <ins>' in html


def test_a_page_shows_the_newest_changes_and_all_of_them_on_request(
    client, make_location, make_member
):
    location = make_location(street="Drukke straat")
    for number in range(FIRST_SHOWN + 5):
        Location.objects.filter(pk=location.pk).update(notes=f"Notitie {number}")
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    url = reverse("location_detail", args=[location.pk])
    page = client.get(url)
    assert len(page.context["history"]) == FIRST_SHOWN
    assert page.context["history_more"] is True
    assert "Alle wijzigingen tonen" in page.content.decode()
    assert page.context["history"][0].changes[0].after == f"Notitie {FIRST_SHOWN + 4}"
    everything = client.get(url, {"geschiedenis": "alles"})
    assert len(everything.context["history"]) == FIRST_SHOWN + 6  # the 15 changes and the offer
    assert everything.context["history_more"] is False
    assert "Alle wijzigingen tonen" not in everything.content.decode()
