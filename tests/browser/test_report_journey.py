"""A beleidsmedewerker downloads the Stand van zaken for the college; Nidos asks for the national
overview, the worker makes it and the inbox says where to download it."""

from pathlib import Path

from organisations.constants import OrganisationKind, Role
from reports.models import Report
from reports.tasks import report_generate
from tests.support import read_pdf


def test_gemeente_downloads_its_stand_van_zaken(
    page, sign_in, gemeente_user, utrecht, axe_violations
):
    sign_in(gemeente_user)
    page.get_by_role("link", name="Rapporten").click()
    assert axe_violations(page) == ""
    form = page.locator(
        "form", has=page.get_by_role("button", name="Maak de stand van zaken (PDF)")
    )
    assert form.get_by_label("Gemeente").input_value() == "GM0344"
    with page.expect_download() as download:
        form.get_by_role("button", name="Maak de stand van zaken (PDF)").click()
    assert download.value.suggested_filename.startswith("stand-van-zaken-utrecht-")
    text = read_pdf(Path(download.value.path()).read_bytes()).text
    assert "Stand van zaken KSO Utrecht" in text
    assert "Bezettingslaan 12, Utrecht" in text


def test_nidos_gets_the_national_overview_through_the_inbox(
    page, sign_in, make_member, utrecht, axe_violations
):
    nidos = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)
    sign_in(nidos)
    page.goto("/rapporten/")
    page.get_by_role("button", name="Maak het overzicht (PDF)").click()
    assert "Het rapport wordt gemaakt" in page.locator(".messages").inner_text()
    assert "Wordt gemaakt" in page.locator("main table").inner_text()
    assert axe_violations(page) == ""

    report_generate(Report.objects.get().pk)  # what the Celery worker does

    page.goto("/meldingen/")
    assert axe_violations(page) == ""
    # The notice (a button: opening it marks it read) leads straight to the file.
    with page.expect_download() as download:
        page.get_by_role("button", name="Rapport klaar: Overzicht KSO landelijk").click()
    text = read_pdf(Path(download.value.path()).read_bytes()).text
    assert "Per Nidos-regio" in text
    page.goto("/rapporten/")
    assert "Klaar" in page.locator("main table").inner_text()
