"""The demo of `make run` shows both taakstellingen, and its figures add up."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from kso_portal.access import Actor
from organisations.models import Gemeente
from taakstelling.constants import FigureKind, Source
from taakstelling.models import Period, Quota
from taakstelling.rules import apportion, counted_early
from taakstelling.selectors import gemeente_history
from tests.taakstelling.checks import assert_figures_add_up
from vervolghuisvesting.models import Youth

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings, django_capture_on_commit_callbacks):
    settings.DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=False):  # the overview report: not here
        call_command("load_demo_data")


def actor(email: str) -> Actor:
    user = get_user_model().objects.get(email=email)
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def history(code: str) -> list:
    periods = Period.objects.order_by("starts_on")
    return gemeente_history(
        actor=actor("nidos.landelijk@kso.example"),
        gemeente=Gemeente.objects.get(code=code),
        period=periods.last(),
    )


def test_the_demo_figures_add_up_for_every_gemeente_and_period(demo):
    assert Period.objects.count() == 3
    assert assert_figures_add_up(actor("nidos.landelijk@kso.example")) == 3 * 342


def test_the_demo_shows_both_taakstellingen_with_an_achterstand_and_a_voorsprong(demo):
    assert Quota.objects.filter(kind=FigureKind.GEHUISVEST).values("period").distinct().count() == 2
    utrecht, amersfoort, zeist = history("GM0344"), history("GM0307"), history("GM0355")
    # KSO places: the estimate, then the letter of 3,500 against Oudegracht's 4 places in use.
    populations = dict(Gemeente.objects.values_list("code", "inhabitants"))
    running = utrecht[-1]
    assert (running.places.letter.source, running.places.target) == (
        Source.OFFICIEEL,
        apportion(3500, populations)["GM0344"],
    )
    # Oudegracht (4) and Amsterdamsestraatweg (8) are in use in Utrecht.
    assert running.places.realised == 12
    assert running.places.gap == running.places.target - 12
    assert utrecht[-2].places.letter.source == Source.SCHATTING
    # Vergunninghouders: Utrecht behind and Amersfoort ahead in both half years that ended;
    # Zeist on course; the running half year rests on the amv's counted early: voorlopig.
    assert [f.housing.status for f in utrecht[:2]] == ["achter", "achter"]
    assert [f.housing.status for f in amersfoort[:2]] == ["voor", "voor"]
    assert [f.housing.balance for f in zeist[:2]] == [0, 0]
    assert not any(f.housing.is_provisional for f in utrecht[:2])
    assert running.housing.is_provisional
    assert running.housing.carried_in == utrecht[-2].housing.balance > 0
    # The amv's counted early are the demo youths whose first KSO placement, as a minor, was in
    # Utrecht in the running half year (taakstelling.rules.counted_early, by hand).
    youths = [
        (
            youth.birth_on,
            [(p.location.gemeente.code, p.started_on) for p in youth.placements.order_by("pk")],
        )
        for youth in Youth.objects.prefetch_related("placements__location__gemeente")
    ]
    period = (running.period.starts_on, min(running.period.ends_on, timezone.localdate()))
    minors = counted_early(youths, {"lopend": period}).get(("GM0344", "lopend"), 0)
    assert running.housing.counted_early == running.housing.housed == minors
