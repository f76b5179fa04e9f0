"""The contractpartner keeps occupancy current in the browser: place two youths, move one,
record a keuzegesprek, end a placement and confirm the occupancy; axe checks every page."""

from datetime import timedelta

from django.utils import timezone

from organisations.constants import OrganisationKind
from organisations.models import Organisation
from tests.conftest import TEST_PASSWORD
from tests.support import born_aged
from vervolghuisvesting.models import Placement


def test_contractpartner_keeps_occupancy_current(page, sign_in, partner, in_use, axe_violations):
    first, second = in_use(street="Oudegracht"), in_use(street="Biltstraat")
    today = timezone.localdate().isoformat()
    sign_in(partner)

    # The dashboard shows both locations; open the first one.
    page.get_by_role("link", name="Oudegracht 12, Utrecht").click()
    for months in (16 * 12, 17 * 12 + 2):
        page.get_by_role("link", name="Jongere plaatsen").click()
        page.get_by_label("Geboortedatum (nieuwe jongere)").fill(born_aged(months).isoformat())
        page.get_by_label("Geplaatst op").fill(today)
        assert axe_violations(page) == ""
        page.get_by_role("button", name="Plaatsen").click()
        assert "is geplaatst op" in page.locator(".messages").inner_text()
    assert axe_violations(page) == ""
    pseudonyms = list(
        Placement.objects.filter(location=first).values_list("youth__pseudonym", flat=True)
    )

    # Move the first youth to the other location.
    page.get_by_role("link", name=f"Verhuizen {pseudonyms[0]}").click()
    page.get_by_label("Naar locatie").select_option(label=str(second))
    page.get_by_role("button", name="Verhuizen").click()
    assert f"{pseudonyms[0]} woont nu op" in page.locator(".messages").inner_text()

    # Record the keuzegesprek of the moved youth.
    page.get_by_role("link", name=pseudonyms[0], exact=True).click()
    assert axe_violations(page) == ""
    page.get_by_label("Datum van het keuzegesprek").fill(today)
    page.get_by_label("Keuze van de jongere").select_option(label="Verlengde Opvang")
    page.get_by_role("button", name="Keuzegesprek vastleggen").click()
    assert "Het keuzegesprek is vastgelegd" in page.locator(".messages").inner_text()

    # End the other youth's placement at the first location and confirm its occupancy.
    page.goto(f"/locaties/{first.pk}/")
    page.get_by_role("link", name=f"Vertrek {pseudonyms[1]}").click()
    page.get_by_label("Bestemming").select_option(label="Vervolghuisvesting")
    page.get_by_role("button", name="Vertrek vastleggen").click()
    page.get_by_role("button", name="Bezetting klopt: bevestigen").click()
    assert "De bezetting is bevestigd" in page.locator(".messages").inner_text()
    figures = page.locator(".figures").inner_text()
    assert "Bezet\n0" in figures
    assert first.occupancy_confirmations.count() == 1
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Jongeren").click()
    assert axe_violations(page) == ""
    assert pseudonyms[0] in page.locator("table").inner_text()


def test_an_overdue_keuzegesprek_is_recorded_and_the_gemeente_sees_the_choice(
    browser, live_server, page, sign_in, partner, in_use, place, make_member, axe_violations
):
    """Issue 17: the conversation overdue on the dashboard and the page, recorded and changed
    (the earlier choice stays), and the gemeente told, with its choices per month."""
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    today = timezone.localdate()
    youth = place(in_use(), birth_on=born_aged(17 * 12 + 6, on=today - timedelta(days=10))).youth
    sign_in(partner)
    overdue = page.locator("#keuzegesprekken + ul li").inner_text()
    assert youth.pseudonym in overdue
    assert "te laat" in overdue
    assert axe_violations(page) == ""
    page.get_by_role("link", name=youth.pseudonym, exact=True).click()
    assert "te laat: het keuzemoment is voorbij" in page.locator("main").inner_text()
    for on, label in (
        (today - timedelta(days=1), "Verlengde Opvang"),
        (today, "Zelfstandig wonen"),
    ):
        page.get_by_label("Datum van het keuzegesprek").fill(on.isoformat())
        page.get_by_label("Keuze van de jongere").select_option(label=label)
        page.get_by_role("button", name="Keuzegesprek vastleggen").click()
        assert "Het keuzegesprek is vastgelegd" in page.locator(".messages").inner_text()
    earlier = page.get_by_role("table", name="een gewijzigde keuze blijft zichtbaar")
    rows = earlier.locator("tbody tr").all_inner_texts()
    assert [row.split("\t")[1] for row in rows] == ["Zelfstandig wonen", "Verlengde Opvang"]
    assert axe_violations(page) == ""

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    g = context.new_page()
    g.goto("/accounts/login/")
    g.get_by_label("E-mailadres").fill(gemeente.email)
    g.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    g.get_by_role("button", name="Aanmelden").click()
    assert g.get_by_role("heading", name="Keuzes van jongeren die 18 worden, per maand").count()
    assert axe_violations(g) == ""
    g.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    assert f"Keuze van {youth.pseudonym}: Zelfstandig wonen" in g.locator("main").inner_text()
    context.close()


def test_a_location_with_youths_does_not_end_and_names_them(
    page, sign_in, gemeente_user, in_use, place, axe_violations
):
    location = in_use()
    youth = place(location).youth
    sign_in(gemeente_user)
    page.goto(f"/locaties/{location.pk}/")
    page.get_by_role("link", name="Beëindigen").click()
    assert (
        youth.pseudonym in page.get_by_role("region", name="Hier woont nog 1 jongere").inner_text()
    )
    assert axe_violations(page) == ""
    page.get_by_label("Einddatum").fill(timezone.localdate().isoformat())
    page.get_by_label("Reden van beëindiging").fill("Pand verkocht")
    page.get_by_role("button", name="Beëindigen").click()
    assert "De locatie kan niet eindigen" in page.locator("main").inner_text()
    assert axe_violations(page) == ""
    page.get_by_role("link", name=youth.pseudonym).click()
    assert page.get_by_role("heading", name=f"Jongere {youth.pseudonym}").count() == 1


def test_a_youth_moves_to_another_contractpartner_in_the_browser(
    browser, live_server, page, sign_in, partner, in_use, place, make_member, axe_violations
):
    """Issue 17: Nidos proposes the move, the receiving contractpartner accepts it; one youth,
    one pseudonym, one history."""
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    receiver = make_member(OrganisationKind.CONTRACTPARTNER)
    membership = receiver.memberships.get()
    membership.organisation = Organisation.objects.create(
        name="Zorggroep Nieuw Thuis", kind=OrganisationKind.CONTRACTPARTNER
    )
    membership.save()
    youth = place(in_use(gemeente_code="GM0307", street="Soesterweg")).youth
    target = in_use(street="Biltstraat", contractpartner=membership.organisation)

    sign_in(nidos)
    page.goto(f"/jongeren/{youth.pseudonym}/")
    page.get_by_role("link", name="Overplaatsing voorstellen").click()
    assert axe_violations(page) == ""
    page.get_by_label("Naar locatie").select_option(
        label=f"{target}, Zorggroep Nieuw Thuis (0 van 4 bezet)"
    )
    page.get_by_label("Toelichting").fill("Dichter bij de school")
    page.get_by_role("button", name="Overplaatsing voorstellen").click()
    assert "Zorggroep Nieuw Thuis beslist" in page.locator(".messages").inner_text()
    assert axe_violations(page) == ""

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    r = context.new_page()
    r.goto("/accounts/login/")
    r.get_by_label("E-mailadres").fill(receiver.email)
    r.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    r.get_by_role("button", name="Aanmelden").click()
    assert "uw beslissing" in r.locator("#overplaatsingen + ul").inner_text()
    assert axe_violations(r) == ""
    r.get_by_role("link", name=youth.pseudonym).click()
    assert axe_violations(r) == ""
    r.get_by_label("Bij u komen wonen op").fill(timezone.localdate().isoformat())
    r.get_by_role("button", name="Aanvaarden en plaatsen").click()
    assert f"{youth.pseudonym} woont nu op uw locatie" in r.locator(".messages").inner_text()
    r.get_by_role("link", name=youth.pseudonym, exact=True).click()
    rows = r.get_by_role("table", name="Plaatsingen, nieuwste eerst").locator("tbody tr")
    assert rows.count() == 2
    assert axe_violations(r) == ""
    context.close()
