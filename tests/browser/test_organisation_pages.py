"""The organisation, samenwerking and access-log pages in a real browser: reachable from the
main menu, usable without JavaScript and free of axe-core violations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Invitation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)


@pytest.fixture
def regio_utrecht(reference_data):
    samenwerking = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=samenwerking, gemeente=Gemeente.objects.get(code=code)
        )
    return samenwerking


def test_gemeente_edits_its_samenwerking_from_the_menu(
    page, sign_in, make_member, regio_utrecht, axe_violations
):
    sign_in(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Regionale samenwerkingen"
    ).click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Regio Utrecht").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Wijzigen").click()
    # The province of the chosen gemeenten is open; the others are folded.
    page.get_by_label("Amersfoort").check()
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Opslaan").click()
    assert "De wijzigingen zijn opgeslagen" in page.locator(".messages").inner_text()
    assert "Amersfoort" in page.locator("#deelnemers + table").inner_text()
    assert "Amersfoort" in page.locator(".history table").inner_text()


def test_samenwerking_form_errors_are_announced_and_accessible(
    page, sign_in, make_member, reference_data, axe_violations
):
    sign_in(make_member(OrganisationKind.NIDOS, is_national=True))
    page.goto("/samenwerkingen/nieuw/")
    page.get_by_label("Naam").fill("Te klein")
    page.get_by_role("button", name="Opslaan").click()
    assert "ten minste twee gemeenten" in page.locator(".form__errors").inner_text()
    assert axe_violations(page) == ""


def test_coordinator_deactivates_a_member_after_confirming(
    page, sign_in, make_member, axe_violations
):
    coordinator = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    colleague = make_member(OrganisationKind.GEMEENTE, role=Role.MEDEWERKER)
    Invitation.objects.create(
        email="open@gemeente.example",
        organisation=coordinator.memberships.get().organisation,
        role=Role.LEZER,
        invited_by=coordinator,
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    sign_in(coordinator)
    page.get_by_role("link", name="Leden").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name=f"Deactiveren {colleague.email}").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Lid deactiveren"
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Ja, deactiveren").click()
    assert f"{colleague.email} is gedeactiveerd" in page.locator(".messages").inner_text()
    assert "Gedeactiveerd" in page.locator("#leden + table").inner_text()


def test_beheerder_finds_organisations_and_searches_the_access_log(
    page, sign_in, make_member, axe_violations
):
    make_member(OrganisationKind.CONTRACTPARTNER)
    sign_in(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    page.get_by_role("link", name="Organisaties").click()
    page.get_by_label("Soort").select_option(OrganisationKind.CONTRACTPARTNER)
    page.get_by_role("button", name="Filter").click()
    assert "Testorganisatie contractpartner" in page.locator("table").inner_text()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Toegangslog").click()
    assert axe_violations(page) == ""
