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


def test_a_hand_over_is_offered_answered_and_both_gemeenten_keep_the_history(
    browser, live_server, partner, in_use, place, make_member, axe_violations
):
    from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember

    regio = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0307", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=regio, gemeente=Gemeente.objects.get(code=code)
        )
    utrecht = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    zeist = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    today = timezone.localdate()
    youth = place(in_use(), months=17 * 12 + 6, started_on=today - timedelta(days=60)).youth
    request = services.housing_request_submit(
        actor=actor_for(partner), youth=youth, submitted_on=today - timedelta(days=20)
    )
    contexts = []

    def signed_in(user):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("E-mailadres").fill(user.email)
        tab.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        tab.get_by_role("button", name="Aanmelden").click()
        tab.wait_for_url("**/")
        return tab

    # Utrecht offers the request to Zeist and stays responsible meanwhile.
    u = signed_in(utrecht)
    u.goto(f"/vervolghuisvesting/{request.pk}/")
    # The empty choice speaks Dutch, as the rest of the page (Django's own is English).
    choices = u.get_by_label("Naar gemeente").locator("option")
    assert choices.first.inner_text() == "- Kies een optie -"
    u.get_by_label("Naar gemeente").select_option(label="Zeist")
    u.get_by_label("Toelichting").last.fill("Woning in Zeist beschikbaar")
    u.get_by_role("button", name="Overdracht aanbieden").click()
    assert "aangeboden aan Zeist" in u.locator(".messages").inner_text()
    assert "Aangeboden aan Zeist, wacht op antwoord." in u.locator("#overdracht + *").inner_text()
    assert u.get_by_role("button", name="Aanbod intrekken").is_visible()
    assert axe_violations(u) == ""

    # Zeist hears of the offer, reads the request and accepts after trying without a reason.
    z = signed_in(zeist)
    z.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    z.get_by_role("button", name=f"Overdracht aangeboden: aanvraag voor {youth.pseudonym}").click()
    assert "U ziet deze aanvraag ter inzage: Utrecht is verantwoordelijk." in z.content()
    assert axe_violations(z) == ""
    z.get_by_role("button", name="Overdracht afwijzen").click()
    assert "Geef de reden" in z.locator(".messages").inner_text()
    z.get_by_role("button", name="Overdracht aanvaarden").click()
    assert "U hebt de aanvraag overgenomen" in z.locator(".messages").inner_text()
    assert "ter inzage" not in z.content()
    assert axe_violations(z) == ""

    # Utrecht is told and still reads the request, now Zeist's.
    u.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    u.get_by_role("button", name="overgedragen aan Zeist").first.click()
    assert "U ziet deze aanvraag ter inzage: Zeist is verantwoordelijk." in u.content()
    assert "Aanvaard" in u.locator("#overdracht ~ ul").inner_text()
    assert axe_violations(u) == ""
    for context in contexts:
        context.close()
