"""The inbox and its preferences in a real browser: reachable from the menu, axe-clean."""

from notifications.models import NotificationPreference


def test_inbox_and_preferences_are_usable_and_accessible(
    page, sign_in, gemeente_user, axe_violations
):
    sign_in(gemeente_user)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    assert axe_violations(page) == ""
    page.get_by_role("link", name="Kies hoe u meldingen ontvangt").click()
    assert axe_violations(page) == ""
    page.get_by_role("group", name="Herinneringen aan termijnen en mijlpalen").get_by_label(
        "Dagelijkse samenvatting (07:30)"
    ).check()
    page.get_by_role("button", name="Opslaan").click()
    assert "opgeslagen" in page.locator(".messages").inner_text()
    assert (
        NotificationPreference.objects.get(user=gemeente_user, kind="reminder").delivery == "digest"
    )
    page.get_by_role("button", name="Agenda-link maken").click()
    assert "/agenda/" in page.locator(".messages").inner_text()
