"""The pages of refused input, as a person meets them: accessible, in Dutch, with a way back."""


def test_an_upload_over_the_cap_gets_an_accessible_page_with_a_way_back(
    page, sign_in, gemeente_user, make_location, axe_violations, settings, tmp_path
):
    settings.MAX_REQUEST_BODY_BYTES = 64 * 1024  # so that the browser sends a file over it
    location = make_location()
    sign_in(gemeente_user)
    page.goto(f"/locaties/{location.pk}/")
    large = tmp_path / "plattegrond.pdf"
    large.write_bytes(b"%PDF-1.7\n" + b"0" * (128 * 1024))
    page.get_by_label("Bestand").set_input_files(str(large))
    page.get_by_role("button", name="Document toevoegen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Te groot om te versturen"
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Terug naar de vorige pagina").click()
    page.wait_for_url(f"**/locaties/{location.pk}/")


def test_a_refused_address_and_an_unknown_filter_are_accessible(
    page, sign_in, gemeente_user, axe_violations
):
    sign_in(gemeente_user)
    page.goto("/jongeren/%00/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ongeldig verzoek"
    assert axe_violations(page) == ""
    page.goto("/locaties/?stage=bestaat_niet")
    assert page.get_by_text("Onbekende waarde voor Fase: 'bestaat_niet'").is_visible()
    assert axe_violations(page) == ""
