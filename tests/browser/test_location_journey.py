"""The journey of DESIGN.md §4.4 in a real browser, each party in its own browser: the gemeente
offers a property, Nidos reviews it and plans the visit with a contractpartner, approves, the
gemeente records the college decision, the contractpartner reports the furnishing ready and
Nidos opens the location. Each party sees only its own locations; axe checks the main pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from locations.constants import Stage
from locations.models import ChecklistVersion, Location, StagePlan, StageTransition
from organisations.constants import OrganisationKind
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def browse(browser, live_server):
    contexts = []

    def signed_in(user):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url("**/")
        return page

    yield signed_in
    for context in contexts:
        context.close()


def open_location(page, name="Oudegracht 12"):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    page.get_by_role("link", name=name).click()


def act(page, button, **fields):
    page.get_by_role("link", name=button, exact=True).click()
    for label, value in fields.items():
        field = page.get_by_label(label, exact=True)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.get_by_role("button", name=button, exact=True).click()


def stage_of(page) -> str:
    return page.locator(".lead .stage").inner_text()


def test_a_property_goes_from_offer_to_operational_location(
    page, browse, make_member, make_location, axe_violations
):
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    partner = make_member(OrganisationKind.CONTRACTPARTNER)
    elsewhere = make_location(gemeente_code="GM0307", street="Elders", place="Amersfoort")

    # The gemeente offers the property.
    g = browse(gemeente)
    g.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    assert axe_violations(g) == ""
    g.get_by_role("link", name="Pand aanbieden").click()
    for label, value in {
        "Straat": "Oudegracht",
        "Huisnummer": "12",
        "Postcode": "3511ab",
        "Plaats": "Utrecht",
        "Beschikbaar vanaf": "2026-12-01",
        "Voorgestelde capaciteit": "4",
        "Eenpersoonsslaapkamers": "4",
        "Douches": "2",
        "Toiletten": "2",
        "Reistijd naar de ISK (minuten)": "20",
    }.items():
        g.get_by_label(label, exact=True).fill(value)
    g.get_by_label("Soort pand").select_option(label="Groter woonhuis")
    g.get_by_label("Eigenaar").select_option(label="Gemeentelijk vastgoed")
    g.get_by_label("Beoogde vorm").select_option(label="KWE (kleine wooneenheid)")
    g.get_by_label("Gemeenschappelijke woonkamer").select_option(label="Ja")
    assert axe_violations(g) == ""
    g.get_by_role("button", name="Pand aanbieden").click()
    assert stage_of(g) == "Aangeboden"
    assert axe_violations(g) == ""

    # Nidos reviews, plans the visit with the contractpartner and approves.
    n = browse(nidos)
    assert "Oudegracht 12" in n.locator("#wachtrij + ul").inner_text()
    open_location(n)
    act(n, "In beoordeling nemen")
    assert stage_of(n) == "In beoordeling"
    act(
        n,
        "Schouw plannen",
        **{
            "Datum schouw": "2026-12-10",
            "Contractpartner": partner.memberships.get().organisation.name,
        },
    )
    act(n, "Schouw positief: naar besluitvorming", **{"Uitkomst van de schouw": "Positief"})
    assert stage_of(n) == "Besluitvorming"

    # The gemeente records the college decision and prepares the neighbourhood; it all
    # happened today (the property was offered today: nothing happened before that).
    today = timezone.localdate().isoformat()
    g.reload()
    act(g, "Collegebesluit vastleggen", **{"Datum collegebesluit": today})
    assert stage_of(g) == "Voorbereiding"
    g.get_by_label("Buurt geïnformeerd op").fill("2026-12-16")
    g.get_by_role("button", name="Opslaan", exact=True).click()

    # The contractpartner sees only its assigned location and reports the furnishing ready.
    c = browse(partner)
    c.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    assert "Oudegracht" in c.locator("#lijst ~ table").inner_text()
    assert elsewhere.street not in c.content()
    c.get_by_role("link", name="Oudegracht 12").click()
    c.get_by_label("Inrichting gereed op").fill("2026-12-20")
    c.get_by_role("button", name="Inrichting gereed melden").click()
    assert "De inrichting is gereed gemeld" in c.locator(".messages").inner_text()

    # Nidos opens the location.
    n.reload()
    assert "Alles is gereed" in n.content()
    act(n, "Locatie openen", Openingsdatum=today)
    assert stage_of(n) == "In gebruik"
    assert axe_violations(n) == ""
    location = Location.objects.get(street="Oudegracht")
    assert location.stage == Stage.IN_GEBRUIK
    assert location.transitions.count() == 6
    # Every party was told of the moves of the others.
    assert partner.notifications.exists()
    assert gemeente.notifications.filter(title__contains="In gebruik").exists()


def test_nidos_records_an_opening_that_happened_before_today_on_its_own_date(
    page, browse, make_member, make_location, axe_violations
):
    today = timezone.localdate()
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    partner = make_member(OrganisationKind.CONTRACTPARTNER).memberships.get().organisation
    location = make_location(
        stage=Stage.VOORBEREIDING,
        street="Oudegracht",
        contractpartner=partner,
        neighbourhood_informed_on=today - timedelta(days=30),
        furnishing_ready_on=today - timedelta(days=20),
    )
    StageTransition.objects.create(
        location=location,
        from_stage=Stage.BESLUITVORMING,
        to_stage=Stage.VOORBEREIDING,
        by=nidos,
        organisation=nidos.memberships.get().organisation,
        happened_on=today - timedelta(days=40),
    )
    StagePlan.objects.create(
        location=location, stage=Stage.VOORBEREIDING, actual_on=today - timedelta(days=40)
    )
    # A stricter checklist, added today, in force only from next month. (The browser's
    # database is emptied between tests: version 1 of the migration is made again.)
    ChecklistVersion.objects.get_or_create(number=1, defaults={"valid_from": date(2023, 1, 1)})
    starts = today + timedelta(days=28)
    ChecklistVersion.objects.create(number=2, valid_from=starts, isk_max_minutes=10)
    n = browse(nidos)
    open_location(n)
    n.get_by_role("link", name="Locatie openen", exact=True).click()
    opening = n.get_by_label("Openingsdatum", exact=True)
    assert opening.input_value() == today.isoformat()  # today unless changed
    assert axe_violations(n) == ""
    opening.fill((today + timedelta(days=3)).isoformat())
    n.get_by_role("button", name="Locatie openen", exact=True).click()
    assert "in de toekomst" in n.locator(".form__errors").inner_text()
    assert axe_violations(n) == ""
    opened_on = today - timedelta(days=30)
    n.get_by_label("Openingsdatum", exact=True).fill(opened_on.isoformat())
    n.get_by_role("button", name="Locatie openen", exact=True).click()
    assert stage_of(n) == "In gebruik"
    stages = n.locator("#fasen + table")
    row = stages.get_by_role("row").filter(has_text="In gebruik")
    assert opened_on.strftime("%d-%m-%Y") in row.inner_text()
    timeline = n.locator(".timeline").inner_text()
    assert f"Naar fase In gebruik op {opened_on:%d-%m-%Y}" in timeline
    assert f"Vastgelegd {today:%d-%m-%Y}" in timeline
    pve = n.locator("section.pve").inner_text()
    assert "Getoetst aan PvE-checklist versie 1" in pve
    assert "geldt versie 2" in pve
    kept = n.locator("section.pve table").nth(1).get_by_role("row").nth(1).inner_text()
    assert kept.split("\t")[:3] == [f"{opened_on:%d-%m-%Y}", "In gebruik", "1"]
    assert axe_violations(n) == ""
