"""`manage.py seed_scale`: the national data set, run small."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from kso_portal.access import Actor
from locations import workflow
from locations.constants import Stage
from locations.models import Location, StageTransition
from locations.pve import checklist_from, current_checklist
from notifications.models import Notification
from organisations.models import Gemeente
from taakstelling.constants import FigureKind
from taakstelling.models import Period, Quota
from taakstelling.rules import apportion
from taakstelling.selectors import period_table
from tests.taakstelling.checks import assert_figures_add_up
from vervolghuisvesting.constants import OPEN_STATES, HousingState
from vervolghuisvesting.models import HousingRequest, Placement, TermPolicy, Youth
from vervolghuisvesting.rules import age_on, housing_deadline

SMALL = {"locations": 40, "youths": 200, "housing_requests": 80, "periods": 2}
BENCHMARK = ("gemeente", "nidos", "contractpartner")

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Location, Youth, Placement, HousingRequest, Period, Quota, Notification)
    return {model.__name__: model.objects.count() for model in models}


def fingerprint() -> tuple:
    locations = Location.objects.order_by(
        "gemeente__code", "street", "house_number", "postcode", "stage"
    ).values_list("gemeente__code", "street", "house_number", "postcode", "stage", "opening_on")
    youths = Youth.objects.values_list("pseudonym", "birth_on", "choice", "conversation_on")
    requests = HousingRequest.objects.order_by(
        "youth__pseudonym", "submitted_on", "state"
    ).values_list("youth__pseudonym", "submitted_on", "state", "deadline_on")
    quotas = Quota.objects.order_by("period__code", "gemeente__code", "kind").values_list(
        "period__code", "gemeente__code", "kind", "number"
    )
    return list(locations), list(youths.order_by("pseudonym")), list(requests), list(quotas)


def test_seed_scale_makes_the_numbers_asked_for_in_every_stage_and_state():
    output = seed()
    assert Gemeente.objects.count() == 342  # the reference data comes with it
    assert Location.objects.count() == 40
    assert Youth.objects.count() == 200
    assert HousingRequest.objects.count() == 80
    assert Period.objects.count() == 2
    assert set(Location.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(HousingRequest.objects.values_list("state", flat=True)) == set(HousingState.values)
    # Both periods have official letters for all gemeenten; the running one a TVS count too.
    assert Quota.objects.filter(kind=FigureKind.KSO_PLAATSEN, source="officieel").count() == 684
    assert Quota.objects.filter(kind=FigureKind.GEHUISVEST).count() == 342
    assert Notification.objects.filter(read_at=None).exists()
    assert "Klaar in" in output
    assert "gemeente@schaal.kso.example" in output


def test_locations_are_spread_over_gemeenten_by_inhabitants():
    seed(locations=120)
    populations = dict(Gemeente.objects.values_list("code", "inhabitants"))
    per_gemeente = dict(
        Location.objects.values("gemeente__code")
        .annotate(n=Count("pk"))
        .values_list("gemeente__code", "n")
    )
    expected = {code: n for code, n in apportion(120, populations).items() if n}
    assert per_gemeente == expected
    largest = max(populations, key=populations.get)
    assert per_gemeente[largest] == max(per_gemeente.values())


def test_every_location_took_a_route_of_the_stage_table_with_its_fields():
    seed()
    ranges = checklist_from(current_checklist()).capacity_ranges
    for location in Location.objects.prefetch_related("transitions"):
        moves = [(t.from_stage, t.to_stage) for t in location.transitions.order_by("at", "pk")]
        assert moves[0] == ("", Stage.AANGEBODEN)
        assert all(workflow.transition_get(*move) for move in moves[1:])
        assert moves[-1][1] == location.stage
        low, high = ranges[location.form]
        assert low <= location.capacity <= high or location.capacity_deviation_reason
    in_use = Location.objects.filter(stage=Stage.IN_GEBRUIK)
    assert not in_use.filter(Q(opening_on=None) | Q(contractpartner=None)).exists()
    assert not Location.objects.filter(stage=Stage.AFGEWEZEN, rejection_reason="").exists()
    assert StageTransition.objects.filter(location__stage=Stage.BEEINDIGD).exists()


def test_placements_keep_one_per_youth_within_capacity_and_age():
    seed()
    today = timezone.localdate()
    active = Placement.objects.filter(ended_on=None)
    assert not active.values("youth").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Placement.objects.exclude(
        location__stage__in=[Stage.IN_GEBRUIK, Stage.BEEINDIGD]
    ).exists()
    for location in Location.objects.filter(stage=Stage.IN_GEBRUIK):
        for day in (today, today - timedelta(days=200), today - timedelta(days=500)):
            occupied = location.placements.filter(
                Q(started_on__lte=day), Q(ended_on=None) | Q(ended_on__gt=day)
            ).count()
            assert occupied <= location.capacity
    for youth in Youth.objects.prefetch_related("placements"):
        first = min(p.started_on for p in youth.placements.all())
        assert 15 <= age_on(youth.birth_on, first) < 18
        assert 15 <= age_on(youth.birth_on, today) <= 21


def test_housing_requests_have_the_term_of_the_policy_and_the_gemeente_of_the_location():
    seed()
    policy = list(TermPolicy.objects.values_list("valid_from", "term_months"))
    for request in HousingRequest.objects.select_related("youth").prefetch_related("transfers"):
        assert (request.term_months, request.deadline_on) == housing_deadline(
            request.submitted_on, policy=policy
        )
        placed = request.youth.placements.filter(started_on__lte=request.submitted_on)
        gemeente = (placed or request.youth.placements).order_by("-started_on").first()
        transfer = request.transfers.first()
        origin = transfer.from_gemeente_id if transfer else request.gemeente_id
        assert origin == gemeente.location.gemeente_id
    open_requests = HousingRequest.objects.filter(state__in=OPEN_STATES)
    assert not open_requests.values("youth").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_second_run_without_reset_refuses_and_changes_nothing():
    seed()
    before = counts()
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert counts() == before


def test_reset_makes_the_same_data_again_instead_of_doubling_it():
    seed()
    before, first = counts(), fingerprint()
    users = get_user_model().objects.count()
    seed(reset=True)
    assert counts() == before
    assert fingerprint() == first
    assert get_user_model().objects.count() == users  # the accounts are kept, not doubled
    seed(reset=True, seed=7)
    assert fingerprint() != first


def test_seed_scale_refuses_a_database_with_other_domain_data(make_location):
    make_location()
    with pytest.raises(CommandError, match="niet maakte"):
        seed()
    assert Youth.objects.count() == 0


@pytest.mark.parametrize("role", BENCHMARK)
def test_benchmark_accounts_see_their_share_on_the_dashboard_and_the_list(client, role):
    seed()
    user = get_user_model().objects.get(email=f"{role}@schaal.kso.example")
    client.force_login(user)
    membership = user.memberships.get()
    visible = {
        "gemeente": Location.objects.filter(
            Q(gemeente=membership.organisation.gemeente) | Q(offered_by=membership.organisation)
        ),
        "nidos": Location.objects.all(),
        "contractpartner": Location.objects.filter(contractpartner=membership.organisation),
    }[role]
    dashboard = client.get(reverse("dashboard"))
    assert sum(row["locations"] for row in dashboard.context["per_stage"]) == visible.count()
    listed = client.get(reverse("location_list"))
    assert listed.context["page"].paginator.count == visible.count() > 0


def test_seed_scale_refuses_more_youths_than_the_places_can_hold_and_writes_nothing():
    with pytest.raises(CommandError, match="passen niet"):
        seed(locations=3, youths=5000, housing_requests=0)
    with pytest.raises(CommandError, match="horen bij jongeren"):
        seed(youths=0)
    assert Location.objects.count() == 0


def test_seed_scale_refuses_under_production_settings(settings):
    settings.SETTINGS_MODULE = "kso_portal.settings.production"
    with pytest.raises(CommandError, match="niet productie"):
        seed()
    assert Location.objects.count() == 0


def test_the_taakstelling_figures_add_up_on_the_seeded_data():
    seed(periods=3)
    user = get_user_model().objects.get(email="nidos@schaal.kso.example")
    actor = Actor(user=user, membership=user.memberships.get())
    # Every gemeente in the half year before, the running one and the next: the KSO places
    # against the places in use that day, the vergunninghouders carried by hand.
    assert assert_figures_add_up(actor) == 3 * 342
    housed = Quota.objects.filter(kind=FigureKind.GEHUISVEST)
    assert housed.values("period").distinct().count() == 2  # the periods that have started
    balances = [
        row.housing.balance
        for row in period_table(actor=actor, period=Period.objects.order_by("starts_on")[1])
    ]
    assert min(balances) < 0 < max(balances)  # some gemeenten ahead, others behind
