"""The account pages (password, second factor, sessions) in a real browser: reachable from the
user menu and free of axe-core violations, error states included."""

import pytest

from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize(
    ("menu_link", "heading"),
    [
        ("Wachtwoord wijzigen", "Wachtwoord wijzigen"),
        ("Tweestapsverificatie", "Tweestapsverificatie"),
        ("Sessies", "Sessies"),
    ],
)
def test_account_page_from_the_user_menu_has_no_axe_violations(
    page, sign_in, gemeente_user, axe_violations, menu_link, heading
):
    sign_in(gemeente_user)
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name=menu_link).click()
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert axe_violations(page) == ""


def test_password_change_errors_are_beside_the_field_and_accessible(
    page, sign_in, gemeente_user, axe_violations
):
    sign_in(gemeente_user)
    page.goto("/accounts/password/change/")
    page.get_by_label("Huidig wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("nieuw-wachtwoord-voor-kso-2026")
    page.get_by_label("Nieuw wachtwoord (bevestigen)").fill("nieuw-wachtwoord-voor-kso-2026")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    current = page.get_by_label("Huidig wachtwoord")
    assert current.get_attribute("aria-invalid") == "true"
    assert "huidige wachtwoord" in page.locator("#id_oldpassword_error").inner_text()
    assert axe_violations(page) == ""


def test_linking_an_authenticator_app_asks_for_the_password_first_and_is_accessible(
    page, sign_in, gemeente_user, axe_violations
):
    sign_in(gemeente_user)
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="App koppelen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig dat u het bent"
    assert axe_violations(page) == ""
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Authenticator-app koppelen"
    assert page.get_by_label("Sleutel").input_value()
    assert axe_violations(page) == ""
