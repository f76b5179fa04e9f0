"""The beheerder imports a letter in the browser and the gemeente sees its KSO places to realise."""

import csv
import io

from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente
from taakstelling import services
from taakstelling.constants import FigureKind
from tests.conftest import TEST_PASSWORD
from tests.support import actor_of
from tests.support import letter as support_letter


def test_beheerder_imports_a_letter_and_the_gemeente_sees_its_target(
    page, browser, live_server, sign_in, make_member, axe_violations, tmp_path
):
    beheerder = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    letter = tmp_path / "brief-2026-II.csv"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "aantal"])
    for code in Gemeente.objects.values_list("code", flat=True):
        writer.writerow([code, 9 if code == "GM0344" else 1])
    letter.write_text(out.getvalue())

    sign_in(beheerder)
    page.goto("/taakstelling/import/")
    assert axe_violations(page) == ""
    form = page.locator(
        "form", has=page.get_by_role("heading", name="Officiële cijfers uit de brief")
    )
    form.get_by_label("Periode").fill("2026-II")
    form.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(letter))
    form.get_by_role("button", name="Controleren").click()
    assert "342 gemeenten krijgen een nieuw of ander cijfer" in page.locator("main").inner_text()
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    assert "342 cijfers bijgewerkt" in page.locator(".messages").inner_text()

    # The letter of the vergunninghouders came in too: the gemeente sees both taakstellingen.
    draft = services.quota_import_preview(
        actor=actor_of(beheerder),
        period="2026-II",
        kind=FigureKind.VERGUNNINGHOUDERS,
        upload=support_letter(lambda code: 12 if code == "GM0344" else 1),
    )
    services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    g = context.new_page()
    g.goto("/accounts/login/")
    g.get_by_label("E-mailadres").fill(gemeente.email)
    g.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    g.get_by_role("button", name="Aanmelden").click()
    g.goto("/taakstelling/2026-II/")
    row = g.locator("table tbody tr").first.inner_text()
    assert "Utrecht" in row
    assert "9" in row
    assert axe_violations(g) == ""
    g.get_by_role("link", name="Utrecht").click()
    places = g.locator(".figures--places").inner_text()
    assert "Te realiseren\n9" in places
    assert "Nog te realiseren\n9 Tekort" in places  # nothing in use yet, nothing carried in
    housing = g.locator(".figures--housing").inner_text()
    assert "Te huisvesten\n12" in housing
    assert "Achterstand (voorlopig)" in housing  # no COA/TVS count yet
    assert g.locator("svg.kso-chart").count() == 2
    assert axe_violations(g) == ""
    context.close()
