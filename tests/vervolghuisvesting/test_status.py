"""Status and counts of Verlengde Opvang (issue 17): one date rule everywhere, over 21 never in
Verlengde Opvang, and Verlengde Opvang split into by choice and waiting for housing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from locations.models import Location
from organisations.constants import OrganisationKind
from tests.support import actor_of
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import Choice, HousingState
from vervolghuisvesting.rules import milestones

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=AMSTERDAM)


def occupancy_on(location, on: date):
    rows = selectors.with_occupancy(Location.objects.filter(pk=location.pk), on=on)
    return selectors.occupancy_of(rows.get())


@pytest.fixture
def leap_youth(partner, in_use, place):
    """A youth born on 29 February 2008, placed at 17: 18 on 28 February 2026."""
    with time_machine.travel(noon(date(2025, 9, 1)), tick=False):
        location = in_use(opening_on=date(2025, 6, 1))
        return place(location, birth_on=date(2008, 2, 29), started_on=date(2025, 9, 1))


def test_a_youth_born_on_29_february_is_in_verlengde_opvang_on_the_day_milestones_say(
    partner, leap_youth
):
    eighteen = milestones(leap_youth.youth.birth_on).meerderjarig
    assert eighteen == date(2026, 2, 28)
    location = leap_youth.location
    assert occupancy_on(location, eighteen - timedelta(days=1)).in_verlengde_opvang == 0
    assert occupancy_on(location, eighteen).in_verlengde_opvang == 1
    with time_machine.travel(noon(eighteen), tick=False):
        status = selectors.youth_list(actor=actor_of(partner)).get().status
        filtered = selectors.youth_list(
            actor=actor_of(partner), filters=selectors.YouthFilters(status="verlengde_opvang")
        )
    assert status == "verlengde_opvang"
    assert filtered.count() == 1


def test_from_21_a_youth_still_placed_is_over_21_and_not_in_verlengde_opvang(
    partner, in_use, place
):
    with time_machine.travel(noon(date(2025, 9, 1)), tick=False):
        location = in_use(opening_on=date(2025, 6, 1))
        placement = place(
            location,
            birth_on=date(2005, 3, 1),
            started_on=date(2025, 9, 1),
            age_reason="In Verlengde Opvang.",
        )
    twenty_one = milestones(placement.youth.birth_on).einde_verlengde_opvang
    assert occupancy_on(location, twenty_one - timedelta(days=1)).in_verlengde_opvang == 1
    over = occupancy_on(location, twenty_one)
    assert (over.occupied, over.in_verlengde_opvang) == (1, 0)
    actor = actor_of(partner)
    with time_machine.travel(noon(twenty_one), tick=False):
        assert selectors.youth_list(actor=actor).get().status == "over_21"
        over_21 = selectors.YouthFilters(status="over_21")
        assert selectors.youth_list(actor=actor, filters=over_21).count() == 1
        in_vo = selectors.YouthFilters(status="verlengde_opvang")
        assert selectors.youth_list(actor=actor, filters=in_vo).count() == 0
        page = selectors.add_status(
            list(selectors.youth_list(actor=actor, status=False)), twenty_one
        )
    assert page[0].status == "over_21"


@pytest.fixture
def in_vo(partner, in_use, place, make_member):
    """Four youths of 19 at one location: chose Verlengde Opvang; chose zelfstandig wonen with
    a request running; chose zelfstandig wonen without one yet; chose Verlengde Opvang and was
    housed (request done, still placed for a few days). And one of 21, still placed."""
    today = timezone.localdate()
    location = in_use(opening_on=today - timedelta(days=900), proposed_capacity=8)
    actor = actor_of(partner)
    youths = []
    for choice in (Choice.VERLENGDE_OPVANG, Choice.ZELFSTANDIG_WONEN, Choice.ZELFSTANDIG_WONEN):
        youth = place(location, months=19 * 12, started_on=today - timedelta(days=700)).youth
        services.conversation_record(
            actor=actor, youth=youth, conversation_on=today - timedelta(days=600), choice=choice
        )
        youths.append(youth)
    services.housing_request_submit(
        actor=actor, youth=youths[1], submitted_on=today - timedelta(days=100)
    )
    place(
        location,
        months=21 * 12 + 1,
        started_on=today - timedelta(days=400),
        age_reason="Verlengde Opvang",
    )
    return youths


def test_verlengde_opvang_is_counted_by_choice_and_waiting_for_housing(
    partner, gemeente_user, in_vo
):
    for user in (partner, gemeente_user):
        counts = selectors.verlengde_opvang_counts(actor=actor_of(user))
        assert counts == {
            "uit_keuze": 1,
            "wacht_op_woonruimte": 1,
            "zonder_aanvraag": 1,
            "over_21": 1,
        }


def test_a_request_with_an_outcome_no_longer_waits(partner, gemeente_user, in_vo):
    request = in_vo[1].housing_requests.get()
    gemeente = actor_of(gemeente_user)
    services.housing_request_move(
        actor=gemeente, request=request, target=HousingState.IN_BEHANDELING
    )
    services.housing_request_move(
        actor=gemeente,
        request=request,
        target=HousingState.OVERBRUGGING,
        outcome_on=timezone.localdate(),
    )
    counts = selectors.verlengde_opvang_counts(actor=actor_of(gemeente_user))
    assert (counts["wacht_op_woonruimte"], counts["zonder_aanvraag"]) == (0, 2)


def test_the_gemeente_dashboard_shows_verlengde_opvang_by_choice_and_waiting(
    client, gemeente_user, in_vo
):
    client.force_login(gemeente_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Verlengde Opvang" in page
    assert "wacht op woonruimte" in page
    assert reverse("youth_list") + "?status=over_21" in page
    figures = client.get(reverse("dashboard")).context["verlengde_opvang"]
    assert figures["wacht_op_woonruimte"] == 1


def test_nidos_sees_the_youths_over_21_still_placed(client, make_member, in_vo):
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    client.force_login(nidos)
    response = client.get(reverse("dashboard"))
    assert response.context["verlengde_opvang"]["over_21"] == 1
    assert "Over 21, nog geplaatst" in response.content.decode()


def test_the_youth_page_says_why_a_youth_is_in_verlengde_opvang(client, partner, in_vo):
    client.force_login(partner)
    waiting = client.get(reverse("youth_detail", args=[in_vo[1].pseudonym])).content.decode()
    assert "Verlengde Opvang, wacht op woonruimte" in waiting
    chosen = client.get(reverse("youth_detail", args=[in_vo[0].pseudonym])).content.decode()
    assert "Verlengde Opvang, uit keuze" in chosen
