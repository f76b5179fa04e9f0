"""A housing request in the browser: the contractpartner submits it, the gemeente sees it with
its deadline, and 30 days before that deadline the reminder is in the gemeente's inbox and mail."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import notification_email_send
from organisations.constants import OrganisationKind
from tests.conftest import TEST_PASSWORD
from tests.support import actor_of as actor_for
from vervolghuisvesting import services
from vervolghuisvesting.reminders import reminders_run


def test_request_reaches_the_gemeente_and_its_reminder_comes_30_days_before(
    browser, live_server, page, sign_in, partner, in_use, make_member, axe_violations
):
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    today = timezone.localdate()
    # In KSO since before the request, and 17 when it was submitted (issue 17).
    placement = services.placement_start(
        actor=actor_for(partner),
        location=in_use(opening_on=today - timedelta(days=400)),
        started_on=today - timedelta(days=340),
        birth_on=today.replace(year=today.year - 18) - timedelta(days=40),
    )
    pseudonym = placement.youth.pseudonym

    # The contractpartner submits; 12-month term, so 335 days ago leaves 30 days or so.
    sign_in(partner)
    page.goto(f"/jongeren/{pseudonym}/")
    page.get_by_role("link", name="Aanvraag vervolghuisvesting indienen").click()
    assert axe_violations(page) == ""
    submitted_on = today - timedelta(days=335)
    page.get_by_label("Ingediend bij de gemeente op").fill(submitted_on.isoformat())
    page.get_by_role("button", name="Aanvraag indienen").click()
    assert "De aanvraag is ingediend bij Utrecht" in page.locator(".messages").inner_text()
    deadline = page.locator(".summary-list strong").inner_text()

    # The gemeente sees it in the bucket "binnen 30 dagen", with its deadline.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    g = context.new_page()
    g.goto("/accounts/login/")
    g.get_by_label("E-mailadres").fill(gemeente.email)
    g.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    g.get_by_role("button", name="Aanmelden").click()
    g.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Vervolghuisvesting"
    ).click()
    g.get_by_role("link", name="Binnen 30 dagen").click()
    row = g.locator("table tbody tr").first.inner_text()
    assert pseudonym in row
    assert axe_violations(g) == ""
    g.get_by_role("link", name=pseudonym).click()
    assert g.locator(".summary-list strong").inner_text() == deadline
    assert axe_violations(g) == ""

    # The daily job runs: 30 days or fewer before the deadline, the gemeente is reminded.
    assert reminders_run(today=today) >= 1
    reminder = Notification.objects.get(recipient=gemeente, kind="reminder")
    notification_email_send(reminder.pk)
    assert any(gemeente.email in message.to for message in mail.outbox)
    g.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    assert reminder.title in g.locator("main").inner_text()
    context.close()
