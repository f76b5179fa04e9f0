def test_sign_in_page_and_dashboard_have_no_axe_violations(
    page, sign_in, gemeente_user, axe_violations
):
    page.goto("/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden"
    assert axe_violations(page) == ""
    sign_in(gemeente_user)
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeente Utrecht"
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert axe_violations(page) == ""


def test_wrong_password_gives_a_clear_dutch_error(page, gemeente_user):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(gemeente_user.email)
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_role("alert").is_visible()
    assert "niet correct" in page.get_by_role("alert").inner_text()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, gemeente_user, sign_in):
    sign_in(gemeente_user)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_language_switch_works_without_javascript(
    browser, live_server, transactional_db, reference_data
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nl-NL"
    )
    page = context.new_page()
    page.goto("/toegankelijkheid/")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzig taal").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    context.close()


def test_second_factor_set_up_is_asked_first_and_accessible(
    page, gemeente_user, axe_violations, settings
):
    settings.REQUIRE_MFA = True
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(gemeente_user.email)
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert page.get_by_text("Stel eerst tweestapsverificatie in").is_visible()
    assert axe_violations(page) == ""
