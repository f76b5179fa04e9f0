"""The beheerder's admin of locations: checklist versions are added, never changed."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from locations.constants import DocumentKind, KsoForm, OwnerType, PropertyType, Stage
from locations.models import ChecklistVersion, Location, LocationComment, LocationDocument
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


# Locations


def test_location_list_shows_address_form_and_capacity(beheer_client, location):
    response = beheer_client.get(reverse("admin:locations_location_changelist"), {"q": "3511"})
    content = response.content.decode()
    assert "Oudegracht 12, Utrecht" in content
    assert "KWE+ (kleine wooneenheid plus)" in content
    assert response.context["cl"].result_count == 1


def test_location_stage_and_its_date_are_read_only(beheer_client, location):
    response = beheer_client.get(reverse("admin:locations_location_change", args=[location.pk]))
    fields = response.context["adminform"].form.fields
    assert "stage" not in fields
    assert "stage_changed_at" not in fields
    assert "proposed_capacity" in fields


def test_location_cannot_be_deleted(beheer_client, location):
    url = reverse("admin:locations_location_delete", args=[location.pk])
    assert beheer_client.post(url, {"post": "yes"}).status_code == 403
    assert Location.objects.filter(pk=location.pk).exists()


def test_comment_is_not_written_in_the_admin(beheer_client, location, beheerder):
    comment = LocationComment.objects.create(
        location=location,
        author=beheerder,
        organisation=beheerder.memberships.get().organisation,
        body="Schouw gepland.",
    )
    assert beheer_client.get(reverse("admin:locations_locationcomment_add")).status_code == 403
    response = beheer_client.get(
        reverse("admin:locations_locationcomment_change", args=[comment.pk])
    )
    assert list(response.context["adminform"].form.fields) == ["body"]


def test_document_is_shown_read_only_without_a_link_to_the_file(beheer_client, location, beheerder):
    document = LocationDocument.objects.create(
        location=location,
        kind=DocumentKind.PLATTEGROND,
        file="documents/plattegrond.pdf",
        original_name="plattegrond.pdf",
        content_type="application/pdf",
        size=1234,
        uploaded_by=beheerder,
        organisation=beheerder.memberships.get().organisation,
    )
    url = reverse("admin:locations_locationdocument_change", args=[document.pk])
    response = beheer_client.get(url)
    assert response.status_code == 200
    assert "plattegrond.pdf" in response.content.decode()
    assert "documents/plattegrond.pdf" not in response.content.decode()
    assert beheer_client.post(url, {"original_name": "ander.pdf"}).status_code == 403
    assert beheer_client.get(reverse("admin:locations_locationdocument_add")).status_code == 403
