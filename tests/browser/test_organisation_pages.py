"""The organisation, samenwerking and access-log pages in a real browser: reachable from the
main menu, usable without JavaScript and free of axe-core violations."""

import re
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
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def regio_utrecht(reference_data):
    samenwerking = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=samenwerking, gemeente=Gemeente.objects.get(code=code)
        )
    return samenwerking


def test_gemeente_invites_and_the_invited_gemeente_accepts_then_leaves(
    browser, live_server, page, sign_in, make_member, regio_utrecht, axe_violations
):
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    sign_in(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Regionale samenwerkingen"
    ).click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Regio Utrecht").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Wijzigen").click()
    # The province groups are folded: open Utrecht's.
    page.locator("summary").filter(has_text=re.compile(r"^Utrecht$")).click()
    page.get_by_label("Amersfoort").check()
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Opslaan").click()
    assert "Uitgenodigd: Amersfoort" in page.locator(".messages").inner_text()
    # Invited, not a member: it is listed under the open invitations only.
    assert "Amersfoort" not in page.locator("#deelnemers + table").inner_text()
    assert "Amersfoort" in page.locator("#uitnodigingen ~ table").inner_text()
    assert "Amersfoort" in page.locator(".history table").inner_text()
    assert axe_violations(page) == ""

    # Amersfoort finds the invitation on the list of samenwerkingen and accepts it.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = context.new_page()
    other.goto("/accounts/login/")
    other.get_by_label("E-mailadres").fill(amersfoort.email)
    other.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    other.get_by_role("button", name="Aanmelden").click()
    other.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Regionale samenwerkingen"
    ).click()
    received = other.get_by_role("region", name="Uitnodigingen voor uw gemeente")
    assert axe_violations(other) == ""
    received.get_by_role("link", name="Regio Utrecht").click()
    assert axe_violations(other) == ""
    other.get_by_role("button", name="Accepteren").click()
    assert "neemt nu deel" in other.locator(".messages").inner_text()
    assert "Amersfoort" in other.locator("#deelnemers + table").inner_text()

    # And leaves again, after confirming.
    other.get_by_role("link", name="Samenwerking verlaten").click()
    assert other.get_by_role("heading", level=1).inner_text() == "Samenwerking verlaten"
    assert axe_violations(other) == ""
    other.get_by_role("button", name="Ja, verlaten").click()
    assert "niet meer deel" in other.locator(".messages").inner_text()
    context.close()
    assert sorted(regio_utrecht.gemeenten.values_list("code", flat=True)) == ["GM0344", "GM0355"]


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
