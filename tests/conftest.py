"""Fixtures shared by every test: reference data and users with a membership."""

from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from kso_portal.celery import app as celery_app
from kso_portal.redis_breaker import redis_breaker
from locations.constants import Stage
from locations.models import Location
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Membership, NidosRegion, Organisation
from organisations.services import reference_data_load
from taakstelling import services as taakstelling_services
from taakstelling.constants import FigureKind
from tests.support import PROPERTY, actor_of, born_aged, letter, running_period
from vervolghuisvesting import services as youth_services

TEST_PASSWORD = "test-wachtwoord-123"


@pytest.fixture
def reference_data(db):
    reference_data_load()


@pytest.fixture
def make_member(reference_data):
    """Create a user with one membership: make_member(kind, role=..., gemeente_code=...)."""
    counter = iter(range(1, 10_000))

    def make(
        kind: str = OrganisationKind.GEMEENTE,
        *,
        role: str = Role.MEDEWERKER,
        gemeente_code: str = "GM0344",
        regions: tuple[str, ...] = (),
        is_national: bool = False,
        is_staff: bool = False,
    ):
        number = next(counter)
        if kind == OrganisationKind.GEMEENTE:
            gemeente = Gemeente.objects.get(code=gemeente_code)
            organisation, _ = Organisation.objects.get_or_create(
                gemeente=gemeente, defaults={"name": f"Gemeente {gemeente.name}", "kind": kind}
            )
        else:
            organisation, _ = Organisation.objects.get_or_create(
                name=f"Testorganisatie {kind}", kind=kind
            )
        email = f"{kind}.{role}.{number}@test.example"
        user = get_user_model().objects.create_user(
            username=email, email=email, password=TEST_PASSWORD, is_staff=is_staff
        )
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, is_national=is_national
        )
        membership.nidos_regions.set(NidosRegion.objects.filter(code__in=regions))
        return user

    return make


@pytest.fixture
def gemeente_user(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")


@pytest.fixture
def make_location(reference_data):
    def make(stage=Stage.AANGEBODEN, gemeente_code="GM0344", offered_by=None, **fields):
        gemeente = Gemeente.objects.get(code=gemeente_code)
        if offered_by is None:
            offered_by, _ = Organisation.objects.get_or_create(
                gemeente=gemeente,
                defaults={"name": f"Gemeente {gemeente.name}", "kind": OrganisationKind.GEMEENTE},
            )
        values = {**PROPERTY, **fields}
        return Location.objects.create(
            gemeente=gemeente,
            offered_by=offered_by,
            stage=stage,
            stage_changed_at=timezone.now(),
            **values,
        )

    return make


@pytest.fixture
def partner(make_member):
    return make_member(OrganisationKind.CONTRACTPARTNER)


@pytest.fixture
def in_use(make_location, partner):
    """A KWE for 4 youths in Utrecht, opened 90 days ago, run by `partner`."""

    def make(**fields):
        defaults = {
            "stage": Stage.IN_GEBRUIK,
            "contractpartner": partner.memberships.get().organisation,
            "opening_on": timezone.localdate() - timedelta(days=90),
        }
        return make_location(**{**defaults, **fields})

    return make


@pytest.fixture
def place(partner):
    def place_youth(location, months=16 * 12, started_on=None, **extra):
        return youth_services.placement_start(
            actor=actor_of(partner),
            location=location,
            started_on=started_on or timezone.localdate() - timedelta(days=30),
            birth_on=extra.pop("birth_on", None) or born_aged(months),
            **extra,
        )

    return place_youth


@pytest.fixture
def beheerder(make_member):
    return make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)


@pytest.fixture
def utrecht(beheerder, make_location, in_use, place, make_member):
    """Utrecht (GM0344) with a target of 9 this half year (2 elsewhere), 4 places in use with
    3 youths of whom one turns 18 next month, 5 places at the schouw, and one overdue housing
    request: a gemeente whose every figure is something. The youth with the request came to KSO
    over a year ago, and Nidos submitted it early, with a reason (the youth was 16 then)."""
    draft = taakstelling_services.quota_import_preview(
        actor=actor_of(beheerder),
        period=running_period(),
        kind=FigureKind.KSO_PLAATSEN,
        upload=letter(lambda code: 9 if code == "GM0344" else 2, "brief-2026.csv"),
    )
    taakstelling_services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)
    make_location(stage=Stage.SCHOUW, street="Pijplijnstraat", proposed_capacity=5)
    today = timezone.localdate()
    location = in_use(street="Bezettingslaan", opening_on=today - timedelta(days=500))
    youths = [
        place(location, months=17 * 12 + 11, started_on=today - timedelta(days=420)).youth,
        place(location, months=16 * 12).youth,
        place(location, months=15 * 12 + 6).youth,
    ]
    youth_services.housing_request_submit(
        actor=actor_of(make_member(OrganisationKind.NIDOS, regions=("noord-west",))),
        youth=youths[0],
        submitted_on=today - timedelta(days=400),
        early_reason="Nareizende familie: de gemeente kan dan tijdig zoeken.",
    )
    return {"location": location, "youths": youths}


def _reconnect_broker() -> None:
    # The Celery app keeps its pool of broker connections (kombu keeps one per broker URL, for
    # the whole process) and a pool of producers on top of it; letting go of both, as Celery
    # does after a fork, makes the next publish use the broker URL configured now. Closing the
    # pool instead would leave the real broker's pool closed for every later test.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The Celery broker unreachable, as when Redis has stopped; calling the fixture's value
    brings it back (and so does the end of the test)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_publish_retry)
    celery_app.conf.broker_url, celery_app.conf.task_publish_retry = "redis://127.0.0.1:9/0", False
    _reconnect_broker()

    def up():
        celery_app.conf.broker_url, celery_app.conf.task_publish_retry = saved
        _reconnect_broker()
        # As after the breaker's pause (kso_portal/redis_breaker.py): Redis is asked again.
        redis_breaker.reset()

    yield up
    up()


def _delete_this_runs_cache_keys() -> None:
    # Only this run's keys (KEY_PREFIX in kso_portal/settings/test.py): cache.clear() would
    # flush the whole Redis database, Celery's queue and other runs' keys included.
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def forget_rate_limits():
    """allauth's rate-limit counters live in the Redis cache; each test starts without the
    counters of the tests before it (and leaves none for the tests after it). Each test also
    starts with Redis taken as answering (kso_portal/redis_breaker.py)."""
    redis_breaker.reset()
    _delete_this_runs_cache_keys()
    yield
    redis_breaker.reset()
    _delete_this_runs_cache_keys()


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of the test's own (tests/faults.py), stopped after the test."""
    from tests.faults import OwnRedis

    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()
