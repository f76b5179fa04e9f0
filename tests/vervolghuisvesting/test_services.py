"""Placing, moving and ending; the keuzegesprek; occupancy, now and on past dates."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from locations.constants import Stage
from organisations.models import Organisation
from tests.support import actor_of, born_aged, occupancy_on
from vervolghuisvesting import services
from vervolghuisvesting.constants import Choice, Destination
from vervolghuisvesting.models import Placement, Youth
from vervolghuisvesting.selectors import Occupancy, freshness

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_placing_a_new_youth_gives_a_pseudonym_and_counts_in_occupancy(in_use, place):
    location = in_use()
    placement = place(location, nidos_dossier_number="N-1")
    assert placement.youth.pseudonym.startswith("J-")
    assert placement.youth.nidos_dossier_number == "N-1"
    assert occupancy_on(location) == Occupancy(4, 1, 0)
    assert occupancy_on(location).free == 3


def test_only_a_location_in_use_of_ones_own_takes_placements(in_use, place, make_location):
    with pytest.raises(ValidationError) as not_in_use:
        place(make_location(stage=Stage.VOORBEREIDING))
    assert "in gebruik" in not_in_use.value.message_dict["location"][0]
    with pytest.raises(ValidationError) as not_ours:
        place(in_use(contractpartner=None))
    assert "contractpartner van deze locatie" in not_ours.value.message_dict["location"][0]
    assert not Youth.objects.exists()


@pytest.mark.parametrize(
    ("months", "outcome"),
    [
        (11 * 12 + 11, "refused"),
        (12 * 12, "confirm"),
        (15 * 12, "ok"),
        (17 * 12 + 11, "ok"),
        (18 * 12, "confirm"),
        (21 * 12, "refused"),
    ],
)
def test_age_outside_15_to_18_asks_a_reason_and_under_12_or_from_21_is_refused(
    in_use, place, months, outcome
):
    location = in_use()
    started_on = TODAY() - timedelta(days=1)
    birth_on = born_aged(months, on=started_on)
    if outcome == "ok":
        place(location, birth_on=birth_on, started_on=started_on)
    elif outcome == "confirm":
        with pytest.raises(ValidationError) as asked:
            place(location, birth_on=birth_on, started_on=started_on)
        assert "Geef een reden" in asked.value.message_dict["age_reason"][0]
        placement = place(location, birth_on=birth_on, started_on=started_on, age_reason="Broer")
        assert placement.age_reason == "Broer"
    else:
        with pytest.raises(ValidationError) as refused:
            place(location, birth_on=birth_on, started_on=started_on, age_reason="toch")
        assert "kan niet in KSO" in refused.value.message_dict["birth_on"][0]
        assert not Placement.objects.exists()


def test_a_full_location_needs_an_overbezetting_reason(in_use, place):
    location = in_use(proposed_capacity=1)
    place(location)
    with pytest.raises(ValidationError) as full:
        place(location)
    assert "vol op " in full.value.message_dict["overbezetting_reason"][0]
    assert "(1 van 1 plaatsen)" in full.value.message_dict["overbezetting_reason"][0]
    extra = place(location, overbezetting_reason="Noodplaatsing, twee weken")
    assert extra.overbezetting_reason == "Noodplaatsing, twee weken"
    assert occupancy_on(location).free == -1


def test_a_placement_dated_back_into_a_full_week_needs_a_reason(in_use, place):
    """Full since today; a placement from yesterday (when there was room) would make it 5 of
    4 from today on. Before: accepted without a reason (issue 25)."""
    location = in_use(proposed_capacity=4)
    for _ in range(3):
        place(location, started_on=TODAY() - timedelta(days=20))
    place(location, started_on=TODAY())
    with pytest.raises(ValidationError) as full:
        place(location, started_on=TODAY() - timedelta(days=1))
    message = full.value.message_dict["overbezetting_reason"][0]
    assert f"vol op {TODAY().strftime('%d-%m-%Y')} (4 van 4 plaatsen)" in message
    assert occupancy_on(location).occupied == 4
    # A week in the past that was and stayed full is refused too; with a reason it is allowed.
    extra = place(
        location, started_on=TODAY() - timedelta(days=1), overbezetting_reason="Noodplaatsing"
    )
    assert extra.overbezetting_reason == "Noodplaatsing"


def test_a_youth_has_one_active_placement(in_use, place, partner):
    placement = place(in_use())
    with pytest.raises(ValidationError) as twice:
        services.placement_start(
            actor=actor_of(partner),
            location=in_use(street="Tweede"),
            started_on=TODAY(),
            youth=placement.youth,
        )
    assert "andere locatie" in twice.value.message_dict["youth"][0]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_placements_of_one_youth_leave_exactly_one(in_use, place, partner):
    placement = place(in_use())
    services.placement_end(
        actor=actor_of(partner), placement=placement, ended_on=TODAY(), destination="anders"
    )
    youth, targets = placement.youth, [in_use(street="A"), in_use(street="B")]
    barrier, outcomes = threading.Barrier(2), []

    def attempt(location):
        barrier.wait()
        try:
            services.placement_start(
                actor=actor_of(partner), location=location, started_on=TODAY(), youth=youth
            )
            outcomes.append("placed")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(loc,)) for loc in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "placed"
    assert outcomes.count("placed") == 1
    assert Placement.objects.filter(youth=youth, ended_on__isnull=True).count() == 1


def test_moving_ends_one_placement_and_starts_the_next_the_same_day(in_use, place, partner):
    placement = place(in_use())
    other = in_use(street="Biltstraat")
    new = services.placement_move(
        actor=actor_of(partner), placement=placement, location=other, moved_on=TODAY()
    )
    placement.refresh_from_db()
    assert (placement.ended_on, placement.destination) == (TODAY(), Destination.ANDERE_KSO)
    assert (new.location, new.started_on, new.youth) == (other, TODAY(), placement.youth)


def test_ending_needs_a_valid_date_and_destination(in_use, place, partner):
    placement = place(in_use())
    actor = actor_of(partner)
    with pytest.raises(ValidationError):
        services.placement_end(
            actor=actor,
            placement=placement,
            ended_on=placement.started_on - timedelta(days=1),
            destination=Destination.VERVOLGHUISVESTING,
        )
    with pytest.raises(ValidationError):
        services.placement_end(
            actor=actor, placement=placement, ended_on=TODAY() + timedelta(days=1), destination="x"
        )
    services.placement_end(
        actor=actor, placement=placement, ended_on=TODAY(), destination="gezinshereniging"
    )
    with pytest.raises(ValidationError):
        services.placement_end(
            actor=actor, placement=placement, ended_on=TODAY(), destination="anders"
        )


def test_occupancy_on_past_dates_follows_the_placements(in_use, place, partner):
    location = in_use()
    today = TODAY()
    first = place(location, started_on=today - timedelta(days=60))
    place(location, started_on=today - timedelta(days=20), months=18 * 12 + 2, age_reason="VO")
    services.placement_end(
        actor=actor_of(partner),
        placement=first,
        ended_on=today - timedelta(days=10),
        destination=Destination.VERVOLGHUISVESTING,
    )
    assert occupancy_on(location, today - timedelta(days=61)).occupied == 0
    assert occupancy_on(location, today - timedelta(days=30)).occupied == 1
    during = occupancy_on(location, today - timedelta(days=15))
    assert (during.occupied, during.in_verlengde_opvang) == (2, 1)
    # The day of leaving no longer counts.
    assert occupancy_on(location, today - timedelta(days=10)).occupied == 1


def test_keuzegesprek_records_date_and_choice(in_use, place, partner):
    youth = place(in_use()).youth
    services.conversation_record(
        actor=actor_of(partner),
        youth=youth,
        conversation_on=TODAY(),
        choice=Choice.VERLENGDE_OPVANG,
    )
    youth.refresh_from_db()
    assert (youth.conversation_on, youth.choice) == (TODAY(), Choice.VERLENGDE_OPVANG)
    with pytest.raises(ValidationError):
        services.conversation_record(
            actor=actor_of(partner),
            youth=youth,
            conversation_on=TODAY() + timedelta(days=2),
            choice=Choice.ZELFSTANDIG_WONEN,
        )


def test_only_the_locations_contractpartner_confirms_occupancy(in_use, partner, make_member):
    location = in_use()
    stranger = make_member("contractpartner")
    membership = stranger.memberships.get()
    membership.organisation = Organisation.objects.create(name="Andere", kind="contractpartner")
    membership.save()
    with pytest.raises(ValidationError):
        services.occupancy_confirm(actor=actor_of(stranger), location=location)
    assert location.pk not in freshness([location.pk])
    confirmation = services.occupancy_confirm(actor=actor_of(partner), location=location)
    assert freshness([location.pk])[location.pk].at == confirmation.confirmed_at
