"""The whole invitation in a real browser: a coordinator invites, the new colleague opens the
e-mailed link, chooses a password, links an authenticator app and arrives at the dashboard."""

import re

import pytest
from django.core import mail

from organisations.constants import OrganisationKind, Role
from tests.support import totp_code

NEW_PASSWORD = "mijn-nieuwe-kso-wachtwoord"


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA = True


def test_invited_colleague_enrols_with_totp_and_reaches_the_dashboard(
    page, browser, live_server, sign_in, make_member, axe_violations, mfa_required, settings
):
    settings.REQUIRE_MFA = False  # the coordinator of this test has no app of their own
    coordinator = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    sign_in(coordinator)
    page.get_by_role("link", name="Leden").click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    assert axe_violations(page) == ""
    page.get_by_label("E-mailadres").fill("collega@gemeente.example")
    page.get_by_label("Rol").select_option(Role.MEDEWERKER)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "De uitnodiging is verstuurd" in page.locator(".messages").inner_text()
    assert "collega@gemeente.example" in page.locator("#uitnodigingen + table").inner_text()

    link = re.search(r"http\S+/uitnodiging/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    settings.REQUIRE_MFA = True
    newcomer = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    newcomer.goto("/" + path)
    assert newcomer.get_by_role("heading", level=1).inner_text() == "Welkom bij het KSO-portaal"
    assert axe_violations(newcomer) == ""
    newcomer.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    newcomer.get_by_label("Herhaal het wachtwoord").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Account aanmaken").click()

    # The portal shows nothing before a second factor; allauth first asks the password again.
    if newcomer.get_by_role("heading", level=1).inner_text() == "Bevestig dat u het bent":
        newcomer.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
        newcomer.get_by_role("button", name="Bevestigen").click()
    assert newcomer.get_by_role("heading", level=1).inner_text() == "Authenticator-app koppelen"
    secret = newcomer.get_by_label("Sleutel").input_value()
    newcomer.get_by_label("Code").fill(totp_code(secret))
    newcomer.get_by_role("button", name="App koppelen").click()
    # Linked once the portal has answered the form (going on before that would cancel it).
    newcomer.wait_for_url(lambda url: "/totp/activate/" not in url)

    newcomer.goto("/")
    organisation = coordinator.memberships.get().organisation.name
    assert newcomer.get_by_role("heading", level=1).inner_text() == organisation
    assert "Medewerker" in newcomer.locator(".site-header").inner_text()
    newcomer.context.close()

    # The link worked once: opening it again says so.
    page.goto("/" + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze uitnodiging is al gebruikt"
