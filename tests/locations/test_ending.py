"""A location cannot end while youths live there (issue 17): ending is refused with their
pseudonyms, on the form with a link to each, and nothing is written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone

from locations import services
from locations.constants import Stage
from locations.models import Location
from tests.support import actor_of
from vervolghuisvesting import services as youth_services
from vervolghuisvesting.constants import Destination
from vervolghuisvesting.selectors import placed_from

pytestmark = pytest.mark.django_db


def end(user, location, ended_on, still_placed=placed_from):
    location.refresh_from_db()
    return services.location_transition(
        actor=actor_of(user),
        location=location,
        target=Stage.BEEINDIGD,
        expected_stage=location.stage,
        fields={"ended_on": ended_on, "end_reason": "Huurcontract afgelopen"},
        still_placed=still_placed,
    )


@pytest.fixture
def full(in_use, place):
    """A location in use with two youths."""
    location = in_use()
    return location, [place(location), place(location, months=17 * 12)]


def test_a_location_with_youths_is_not_ended_and_the_message_names_them(gemeente_user, full):
    location, placements = full
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        end(gemeente_user, location, today)
    message = refused.value.messages[0]
    for placement in placements:
        assert placement.youth.pseudonym in message
    assert "De locatie kan niet eindigen" in message
    location.refresh_from_db()
    assert (location.stage, location.ended_on) == (Stage.IN_GEBRUIK, None)
    assert not location.transitions.filter(to_stage=Stage.BEEINDIGD).exists()


def test_once_every_youth_has_left_the_location_ends(gemeente_user, partner, full):
    location, placements = full
    today = timezone.localdate()
    for placement in placements:
        youth_services.placement_end(
            actor=actor_of(partner),
            placement=placement,
            ended_on=today - timedelta(days=1),
            destination=Destination.ANDERS,
        )
    end(gemeente_user, location, today - timedelta(days=1))
    assert Location.objects.get(pk=location.pk).stage == Stage.BEEINDIGD


def test_a_youth_who_leaves_after_the_end_date_still_keeps_it_open(gemeente_user, partner, full):
    location, placements = full
    today = timezone.localdate()
    for number, placement in enumerate(placements):
        youth_services.placement_end(
            actor=actor_of(partner),
            placement=placement,
            ended_on=today - timedelta(days=number),
            destination=Destination.ANDERS,
        )
    with pytest.raises(ValidationError) as refused:
        end(gemeente_user, location, today - timedelta(days=1))
    assert refused.value.messages[0].count("J-") == 1
    assert placements[0].youth.pseudonym in refused.value.messages[0]


def test_ending_without_asking_who_lives_there_is_a_programming_error(gemeente_user, full):
    location, _placements = full
    with pytest.raises(ImproperlyConfigured):
        end(gemeente_user, location, timezone.localdate(), still_placed=None)
    assert Location.objects.get(pk=location.pk).stage == Stage.IN_GEBRUIK


def test_the_end_form_lists_the_youths_with_links_and_explains_the_refusal(
    client, gemeente_user, full
):
    location, placements = full
    client.force_login(gemeente_user)
    url = reverse("location_transition", args=[location.pk, Stage.BEEINDIGD])
    form = client.get(url).content.decode()
    assert "Hier wonen nog 2 jongeren" in form
    for placement in placements:
        assert reverse("youth_detail", args=[placement.youth.pseudonym]) in form
    refused = client.post(
        url,
        {
            "expected_stage": Stage.IN_GEBRUIK,
            "ended_on": timezone.localdate().isoformat(),
            "end_reason": "Pand verkocht",
        },
    )
    assert refused.status_code == 200
    assert "De locatie kan niet eindigen" in refused.content.decode()
    assert Location.objects.get(pk=location.pk).stage == Stage.IN_GEBRUIK
