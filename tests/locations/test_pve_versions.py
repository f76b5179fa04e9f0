"""PvE checklist versions apply from their first day, and a location's check is kept with the
version it used: at each stage move and on the last day of a version that was succeeded."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from locations import services
from locations.constants import PveOccasion, Stage
from locations.models import ChecklistVersion, Location, PveCheck
from locations.pve import checklist_in_force, checklist_on, checklist_read, current_checklist
from locations.tasks import pve_versions_keep_daily
from tests.support import actor_of

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


@pytest.fixture
def later_version():
    """Version 2, added today, in force from 1 January 2027: a stricter ISK travel time."""
    return ChecklistVersion.objects.create(
        number=2, valid_from=date(2027, 1, 1), isk_max_minutes=10, note="Strenger"
    )


def test_a_version_applies_from_its_first_day_not_from_when_it_was_added(later_version):
    assert checklist_on(date(2026, 12, 31)).number == 1
    assert checklist_on(date(2027, 1, 1)).number == 2
    with time_machine.travel(date(2026, 12, 31)):
        assert current_checklist().number == 1
    with time_machine.travel(date(2027, 1, 1)):
        assert current_checklist().number == 2
    # Of two versions from the same day, the higher number.
    ChecklistVersion.objects.create(number=3, valid_from=date(2027, 1, 1), isk_max_minutes=20)
    assert checklist_on(date(2027, 1, 1)).number == 3


def test_the_version_read_along_with_a_location_is_the_one_in_force_on_each_day(
    later_version, make_location
):
    location = make_location()
    ChecklistVersion.objects.create(number=3, valid_from=date(2027, 3, 1))
    start = date(2026, 12, 1)
    for day in (start + timedelta(days=n) for n in range(0, 120, 7)):
        row = Location.objects.annotate(checklist=checklist_in_force(day)).get(pk=location.pk)
        assert checklist_read(row.checklist).number == checklist_on(day).number, day


def test_each_stage_move_keeps_the_check_with_the_version_in_force_that_day(
    parties, make_location, later_version
):
    location = make_location(stage=Stage.AANGEBODEN, isk_travel_minutes=20)
    with time_machine.travel(TODAY):
        services.location_transition(
            actor=actor_of(parties.nidos),
            location=location,
            target=Stage.IN_BEOORDELING,
            expected_stage=Stage.AANGEBODEN,
        )
    with time_machine.travel(date(2027, 1, 5)):
        location.refresh_from_db()
        services.location_transition(
            actor=actor_of(parties.nidos),
            location=location,
            target=Stage.AFGEWEZEN,
            expected_stage=Stage.IN_BEOORDELING,
            fields={"rejection_reason": "ISK te ver"},
        )
    kept = list(location.pve_checks.order_by("checked_on"))
    assert [(c.version.number, c.stage, c.occasion) for c in kept] == [
        (1, Stage.IN_BEOORDELING, PveOccasion.FASE),
        (2, Stage.AFGEWEZEN, PveOccasion.FASE),
    ]
    isk = {c.version.number: next(r for r in c.requirements if r["code"] == "isk") for c in kept}
    assert isk[1]["verdict"] == "voldoet"
    assert isk[2]["verdict"] == "voldoet_niet"
    assert "ten hoogste 10" in isk[2]["explanation"]


def test_when_a_version_starts_each_open_locations_check_under_the_old_one_is_kept_once(
    make_location, later_version
):
    open_location = make_location(stage=Stage.SCHOUW, isk_travel_minutes=20)
    closed = make_location(stage=Stage.AFGEWEZEN, street="Afgewezenstraat")
    with time_machine.travel(date(2026, 12, 31)):
        assert pve_versions_keep_daily() == 0  # version 1 still in force: nothing ended
    # The job missed 1 January; the next run makes it up, and a second run keeps nothing more.
    with time_machine.travel(date(2027, 1, 2)):
        assert pve_versions_keep_daily() == 1
        assert pve_versions_keep_daily() == 0
    kept = PveCheck.objects.get()
    assert (kept.location, kept.version.number, kept.occasion) == (
        open_location,
        1,
        PveOccasion.VERSIE_OPGEVOLGD,
    )
    # Suitable under version 1 on its last day, though no longer under version 2 (ISK).
    assert (kept.checked_on, kept.overall) == (date(2026, 12, 31), "geschikt")
    assert not closed.pve_checks.exists()


def test_the_location_page_names_its_version_the_next_one_and_the_kept_checks(
    client, parties, make_location, later_version
):
    location = make_location(stage=Stage.AANGEBODEN)
    services.location_transition(
        actor=actor_of(parties.nidos),
        location=location,
        target=Stage.IN_BEOORDELING,
        expected_stage=Stage.AANGEBODEN,
    )
    client.force_login(parties.gemeente)
    html = client.get(reverse("location_detail", args=[location.pk])).content.decode()
    assert "Getoetst aan PvE-checklist versie 1, geldig vanaf 1 januari 2023." in html
    assert "Vanaf 1 januari 2027 geldt versie 2" in html
    assert "Eerder vastgelegde toetsingen" in html
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert f"<tr><td>{today}</td><td>In beoordeling</td><td>1</td>" in html
