"""The demo of `make run` shows both taakstellingen, and its figures add up."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from kso_portal.access import Actor
from organisations.models import Gemeente
from taakstelling.constants import FigureKind, Source
from taakstelling.models import Period, Quota
from taakstelling.rules import apportion
from taakstelling.selectors import gemeente_history
from tests.taakstelling.checks import assert_figures_add_up

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
    assert running.places.realised == 4
    assert running.places.gap == running.places.target - 4
    assert utrecht[-2].places.letter.source == Source.SCHATTING
    # Vergunninghouders: Utrecht behind and Amersfoort ahead in both half years that ended;
    # Zeist on course; the running half year rests on the amv's counted early: voorlopig.
    assert [f.housing.status for f in utrecht[:2]] == ["achter", "achter"]
    assert [f.housing.status for f in amersfoort[:2]] == ["voor", "voor"]
    assert [f.housing.balance for f in zeist[:2]] == [0, 0]
    assert not any(f.housing.is_provisional for f in utrecht[:2])
    assert running.housing.is_provisional
    assert running.housing.carried_in == utrecht[-2].housing.balance > 0
    # Oudegracht's youths were placed 30 days ago; the two of 18 and older do not count early.
    placed_on = timezone.localdate() - timedelta(days=30)
    minors = 3 if placed_on >= running.period.starts_on else 0
    assert running.housing.counted_early == running.housing.housed == minors
