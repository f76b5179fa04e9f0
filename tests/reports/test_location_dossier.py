"""The location dossier: property data, the PvE check with its checklist version, the stages,
the timeline and the list of documents, for whoever sees the location."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from locations import services as location_services
from locations.constants import Stage
from locations.pve import current_checklist
from organisations.constants import OrganisationKind
from tests.support import actor_of, read_pdf

pytestmark = pytest.mark.django_db


def make_dossier(client, location_pk):
    return client.post(
        reverse("report_create"), {"kind": "location_dossier", "dossier-location": location_pk}
    )


@pytest.fixture
def candidate(make_location, gemeente_user):
    location = make_location(stage=Stage.IN_BEOORDELING, street="Dossierweg")
    actor = actor_of(gemeente_user)
    location_services.location_comment_add(
        actor=actor, location=location, body="De buren zijn op 3 maart geïnformeerd."
    )
    pdf = SimpleUploadedFile("plattegrond.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    location_services.location_document_add(
        actor=actor, location=location, kind="plattegrond", upload=pdf
    )
    return location


def test_the_dossier_holds_property_pve_stages_timeline_and_documents(
    client, gemeente_user, candidate
):
    client.force_login(gemeente_user)
    screen = client.get(reverse("location_detail", args=[candidate.pk])).context
    response = make_dossier(client, candidate.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-locatie-{candidate.pk}.pdf"'
    )
    pdf = read_pdf(response.content)
    text = " ".join(pdf.text.split())
    assert "Dossier van Dossierweg 12, Utrecht" in text
    assert "Dossierweg 12, 3511 AB Utrecht (Utrecht)" in text
    assert f"Uitkomst: {screen['pve'].overall.label}" in text
    assert f"Getoetst aan PvE-checklist versie {current_checklist().number}." in text
    for requirement in screen["pve"].requirements:
        assert " ".join(f"{requirement.label} {requirement.verdict.label}".split()) in text
    assert "In beoordeling (nu)" in text
    assert "De buren zijn op 3 maart geïnformeerd." in text
    assert "plattegrond.pdf" in text
    for number, page in enumerate(pdf.pages, start=1):
        assert "Gemeente Utrecht" in page
        assert f"Pagina {number} van {len(pdf.pages)}" in page


def test_the_location_page_offers_the_dossier(client, gemeente_user, candidate):
    client.force_login(gemeente_user)
    page = client.get(reverse("location_detail", args=[candidate.pk])).content.decode()
    assert f'name="dossier-location" value="{candidate.pk}"' in page


def test_the_contractpartner_of_the_location_makes_it_too(client, in_use, partner):
    location = in_use()
    client.force_login(partner)
    text = read_pdf(make_dossier(client, location.pk).content).text
    assert "Testorganisatie contractpartner" in text  # its own name heads every page


def test_a_location_of_another_organisation_answers_404(client, make_member, make_location):
    eindhoven = make_location(gemeente_code="GM0772")
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    assert make_dossier(client, eindhoven.pk).status_code == 404
    assert make_dossier(client, 999_999).status_code == 404


def test_a_location_number_that_is_no_number_is_refused_on_the_form(client, gemeente_user):
    client.force_login(gemeente_user)
    response = make_dossier(client, "twaalf")
    assert response.status_code == 400
    assert response.context["dossier_form"].errors["location"] == ["Voer een geheel getal in."]
