"""The beheerder's admin of locations: checklist versions are added, never changed."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from locations.constants import KsoForm, OwnerType, PropertyType, Stage
from locations.models import ChecklistVersion, Location
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Organisation


@pytest.fixture
def beheerder(make_member):
    user = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR, is_staff=True)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def beheer_client(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def location(reference_data) -> Location:
    gemeente = Gemeente.objects.get(code="GM0344")
    offered_by = Organisation.objects.create(
        name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, gemeente=gemeente
    )
    return Location.objects.create(
        street="Oudegracht",
        house_number="12",
        postcode="3511 AB",
        place="Utrecht",
        gemeente=gemeente,
        property_type=PropertyType.GROTER_WOONHUIS,
        owner_type=OwnerType.GEMEENTELIJK,
        offered_by=offered_by,
        available_from=date(2026, 1, 1),
        intended_form=KsoForm.KWE_PLUS,
        proposed_capacity=7,
        stage=Stage.SCHOUW,
        stage_changed_at=timezone.now(),
    )


def version_post_data(**changes) -> dict:
    data = {
        "number": 2,
        "valid_from": "2026-07-01",
        "note": "Sanitair per 3 jongeren, met Nidos afgesproken.",
        "kwg_min": 9,
        "kwg_max": 12,
        "kwe_min": 3,
        "kwe_max": 5,
        "kwe_plus_min": 6,
        "kwe_plus_max": 8,
        "youths_per_sanitary_facility": 3,
        "isk_max_minutes": 30,
        "min_bedroom_m2": "",
        "min_living_room_m2": "",
        "gebruiksmelding_above_sleepers": 10,
        "gebruiksmelding_weeks_before": 4,
    }
    return {**data, **changes}


# Checklist versions


def test_existing_checklist_version_is_shown_read_only(beheer_client):
    version = ChecklistVersion.objects.get(number=1)
    response = beheer_client.get(
        reverse("admin:locations_checklistversion_change", args=[version.pk])
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert 'name="kwg_min"' not in response.content.decode()
    assert 'name="_save"' not in response.content.decode()


def test_existing_checklist_version_cannot_be_changed(beheer_client):
    version = ChecklistVersion.objects.get(number=1)
    response = beheer_client.post(
        reverse("admin:locations_checklistversion_change", args=[version.pk]),
        version_post_data(number=1, isk_max_minutes=45),
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.isk_max_minutes == 30


def test_checklist_version_cannot_be_deleted(beheer_client):
    version = ChecklistVersion.objects.get(number=1)
    url = reverse("admin:locations_checklistversion_delete", args=[version.pk])
    assert beheer_client.post(url, {"post": "yes"}).status_code == 403
    changelist = beheer_client.get(reverse("admin:locations_checklistversion_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert ChecklistVersion.objects.filter(number=1).exists()


def test_new_checklist_version_is_prefilled_from_version_1_as_number_2(beheer_client):
    response = beheer_client.get(reverse("admin:locations_checklistversion_add"))
    initial = response.context["adminform"].form.initial
    assert initial["number"] == 2
    assert (initial["kwg_min"], initial["kwg_max"]) == (9, 12)
    assert initial["youths_per_sanitary_facility"] == 2
    assert initial["min_bedroom_m2"] is None
    assert "valid_from" not in initial
    assert 'name="number" value="2"' in response.content.decode()


def test_new_checklist_version_is_prefilled_from_the_newest(beheer_client):
    ChecklistVersion.objects.create(number=4, valid_from=date(2026, 1, 1), isk_max_minutes=45)
    response = beheer_client.get(reverse("admin:locations_checklistversion_add"))
    initial = response.context["adminform"].form.initial
    assert (initial["number"], initial["isk_max_minutes"]) == (5, 45)


def test_first_checklist_version_is_number_1(beheer_client):
    ChecklistVersion.objects.all().delete()
    response = beheer_client.get(reverse("admin:locations_checklistversion_add"))
    assert response.context["adminform"].form.initial["number"] == 1


def test_beheerder_adds_a_checklist_version(beheer_client):
    response = beheer_client.post(
        reverse("admin:locations_checklistversion_add"), version_post_data()
    )
    assert response.status_code == 302
    added = ChecklistVersion.objects.get(number=2)
    assert added.youths_per_sanitary_facility == 3


def test_locations_their_comments_and_documents_are_not_in_the_admin(beheer_client, location):
    # They are kept in the portal, where the workflow and the history apply; a comment is free
    # text that may name a youth, whom the beheerder may not see.
    for name in ("location", "locationcomment", "locationdocument"):
        assert beheer_client.get(f"/beheer/locations/{name}/").status_code == 404
