"""The keuzegesprek at 17.5 (issue 17): an overdue conversation stays on the lists and is
reminded of every week until it is recorded; recording it tells the responsible gemeente, whose
dashboard counts the choices per month; a changed choice keeps the earlier one."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from organisations.constants import OrganisationKind
from tests.support import actor_of, born_aged
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.models import Reminder
from vervolghuisvesting.reminders import reminders_run
from vervolghuisvesting.rules import keuzegesprek_threshold

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.mark.parametrize(
    ("days_after", "expected"),
    [
        (-61, ("60d", TODAY - timedelta(days=60))),
        (-1, ("60d", TODAY - timedelta(days=60))),
        (0, ("dag", TODAY)),
        (6, ("dag", TODAY)),
        (7, ("1w", TODAY + timedelta(days=7))),
        (20, ("2w", TODAY + timedelta(days=14))),
        (365, ("52w", TODAY + timedelta(days=364))),
    ],
)
def test_the_latest_threshold_is_60_days_before_the_day_and_then_every_week(days_after, expected):
    assert keuzegesprek_threshold(TODAY, TODAY + timedelta(days=days_after)) == expected


@pytest.fixture
def overdue(partner, in_use, place):
    """A youth whose keuzemoment was ten days ago, placed a month ago, without a conversation."""
    birth_on = born_aged(17 * 12 + 6, on=timezone.localdate() - timedelta(days=10))
    return place(in_use(), birth_on=birth_on).youth


def test_an_overdue_keuzegesprek_stays_on_the_dashboard_and_the_list_marked_overdue(
    client, partner, overdue, in_use, place
):
    coming = place(in_use(street="Tweede"), months=17 * 12 + 5).youth
    client.force_login(partner)
    response = client.get(reverse("dashboard"))
    due = response.context["keuzegesprek_due"]
    assert [(youth.pseudonym, youth.is_overdue) for youth in due] == [
        (overdue.pseudonym, True),
        (coming.pseudonym, False),
    ]
    assert "te laat" in response.content.decode()
    listing = client.get(reverse("youth_list")).content.decode()
    assert "keuzegesprek te laat" in listing
    page = client.get(reverse("youth_detail", args=[overdue.pseudonym])).content.decode()
    assert "te laat: het keuzemoment is voorbij" in page


def test_a_youth_placed_after_the_keuzemoment_is_due_at_once(partner, in_use, place):
    youth = place(in_use(), months=17 * 12 + 9, started_on=timezone.localdate()).youth
    due = selectors.keuzegesprek_due(actor=actor_of(partner))
    assert [(row.pk, row.is_overdue) for row in due] == [(youth.pk, True)]


def test_a_recorded_conversation_leaves_the_list(partner, overdue):
    services.conversation_record(
        actor=actor_of(partner),
        youth=overdue,
        conversation_on=timezone.localdate(),
        choice=Choice.NOG_NIET_BEKEND,
    )
    assert not selectors.keuzegesprek_due(actor=actor_of(partner)).exists()


@pytest.fixture
def moment_today(partner, in_use, place):
    """A youth whose keuzemoment is TODAY, placed 90 days before it."""
    with time_machine.travel(noon(TODAY - timedelta(days=90)), tick=False):
        location = in_use()
        return place(location, birth_on=born_aged(17 * 12 + 6, on=TODAY)).youth


def thresholds(youth) -> list[str]:
    rows = Reminder.objects.filter(subject_id=youth.pk, rule="keuzegesprek").order_by("pk")
    return list(rows.values_list("threshold", flat=True))


def run_on(day: date) -> None:
    with time_machine.travel(noon(day), tick=False):
        reminders_run(today=day)


def test_an_overdue_keuzegesprek_is_reminded_every_week_until_it_is_recorded(partner, moment_today):
    for days in (0, 3, 7, 10, 14):
        run_on(TODAY + timedelta(days=days))
    assert thresholds(moment_today) == ["dag", "1w", "2w"]
    titles = Notification.objects.filter(recipient=partner, kind="reminder").order_by("pk")
    assert "te laat" in titles.last().title
    with time_machine.travel(noon(TODAY + timedelta(days=15)), tick=False):
        services.conversation_record(
            actor=actor_of(partner),
            youth=moment_today,
            conversation_on=TODAY + timedelta(days=15),
            choice=Choice.ZELFSTANDIG_WONEN,
        )
    run_on(TODAY + timedelta(days=21))
    assert thresholds(moment_today) == ["dag", "1w", "2w"]


def test_a_missed_day_still_sends_the_reminder_of_the_day(moment_today):
    run_on(TODAY - timedelta(days=60))
    # The job did not run on the keuzemoment itself; the next morning it sends the day's.
    run_on(TODAY + timedelta(days=1))
    assert thresholds(moment_today) == ["60d", "dag"]


def test_a_youth_placed_after_the_keuzemoment_is_reminded_at_once(partner, in_use, place):
    with time_machine.travel(noon(TODAY), tick=False):
        youth = place(in_use(), birth_on=born_aged(17 * 12 + 6, on=TODAY - timedelta(days=20)))
    run_on(TODAY)
    assert thresholds(youth.youth) == ["2w"]


@pytest.fixture
def amersfoort_to_utrecht(partner, in_use, place):
    """A youth of 17.4 placed in Amersfoort and moved to Utrecht."""
    today = timezone.localdate()
    first = place(
        in_use(gemeente_code="GM0307", street="Soesterweg"),
        months=17 * 12 + 4,
        started_on=today - timedelta(days=60),
    )
    services.placement_move(
        actor=actor_of(partner),
        placement=first,
        location=in_use(street="Oudegracht"),
        moved_on=today - timedelta(days=20),
    )
    return first.youth


def test_recording_the_choice_tells_the_responsible_gemeente_the_month_not_the_day(
    partner, make_member, amersfoort_to_utrecht
):
    utrecht = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    on = timezone.localdate() - timedelta(days=2)
    services.conversation_record(
        actor=actor_of(partner),
        youth=amersfoort_to_utrecht,
        conversation_on=on,
        choice=Choice.ZELFSTANDIG_WONEN,
    )
    told = Notification.objects.get(recipient=utrecht, kind="youth")
    assert told.title == f"Keuze van {amersfoort_to_utrecht.pseudonym}: Zelfstandig wonen"
    month = {1: "januari", 2: "februari", 3: "maart", 4: "april", 5: "mei", 6: "juni"}
    month |= {7: "juli", 8: "augustus", 9: "september", 10: "oktober", 11: "november"}
    month |= {12: "december"}
    assert f"gevoerd in {month[on.month]} {on.year}" in told.body
    assert on.strftime("%d-%m-%Y") not in told.body
    assert not Notification.objects.filter(recipient=amersfoort, kind="youth").exists()
    assert not Notification.objects.filter(recipient=partner, kind="youth").exists()


def test_the_gemeente_dashboard_counts_the_choices_by_the_month_of_turning_18(
    client, partner, gemeente_user, in_use, place
):
    location = in_use(proposed_capacity=6)
    actor = actor_of(partner)
    today = timezone.localdate()
    for months, choice in (
        (17 * 12 + 11, Choice.ZELFSTANDIG_WONEN),
        (17 * 12 + 11, Choice.ZELFSTANDIG_WONEN),
        (17 * 12 + 10, Choice.VERLENGDE_OPVANG),
        (17 * 12 + 10, None),
    ):
        youth = place(location, months=months).youth
        if choice:
            services.conversation_record(
                actor=actor, youth=youth, conversation_on=today, choice=choice
            )
    client.force_login(gemeente_user)
    response = client.get(reverse("dashboard"))
    rows = {row["month"]: row["choice_counts"] for row in response.context["milestones"]}
    next_month = [row["month"] for row in response.context["milestones"]][1]
    in_two = [row["month"] for row in response.context["milestones"]][2]
    assert rows[next_month] == [2, 0, 0]
    assert rows[in_two] == [0, 1, 1]
    assert sum(sum(counts) for counts in rows.values()) == 4
    page = response.content.decode()
    assert "Keuzes van jongeren die 18 worden, per maand" in page
    assert today.strftime("%d-%m-%Y") not in page


def test_a_changed_choice_keeps_the_earlier_one_with_who_and_when(client, partner, overdue):
    client.force_login(partner)
    url = reverse("youth_conversation", args=[overdue.pseudonym])
    today = timezone.localdate()
    client.post(
        url,
        {"conversation_on": (today - timedelta(days=5)).isoformat(), "choice": "verlengde_opvang"},
    )
    client.post(url, {"conversation_on": today.isoformat(), "choice": "zelfstandig_wonen"})
    recorded = selectors.choice_history(youth=overdue)
    assert [(r.choice, r.conversation_on, r.recorded_by) for r in recorded] == [
        (Choice.ZELFSTANDIG_WONEN, today, partner.email),
        (Choice.VERLENGDE_OPVANG, today - timedelta(days=5), partner.email),
    ]
    page = client.get(reverse("youth_detail", args=[overdue.pseudonym])).content.decode()
    assert "een gewijzigde keuze blijft zichtbaar" in page
    assert page.index("Zelfstandig wonen</td>") < page.index("Verlengde Opvang</td>")
